import { OAuthError } from '@gatehouse/http';
import { presentedCredentials, secretsEqual } from './client-authentication';

const basic = (id: string, secret: string) =>
  `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;

describe('presentedCredentials', () => {
  it.each([
    [undefined, { client_id: 'a', client_secret: 's' }, { clientId: 'a', clientSecret: 's', method: 'client_secret_post' }],
    [basic('a', 's:x'), {}, { clientId: 'a', clientSecret: 's:x', method: 'client_secret_basic' }],
    [basic('a', 'p&q'), { client_id: 'a' }, { clientId: 'a', clientSecret: 'p&q', method: 'client_secret_basic' }],
    [undefined, { client_id: 'a' }, { clientId: 'a', method: 'none' }],
  ])('%p + %p → %p', (auth, body, out) => expect(presentedCredentials(auth, body)).toEqual(out));

  it.each([
    [undefined, {}, 'invalid_request'],
    [basic('a', 's'), { client_secret: 's' }, 'invalid_request'],
    [basic('a', 's'), { client_id: 'b' }, 'invalid_request'],
    ['Basic bm9jb2xvbg==', {}, 'invalid_client'],
  ])('%p + %p → %s', (auth, body, code) => {
    expect(() => presentedCredentials(auth, body)).toThrow(OAuthError);
    try {
      presentedCredentials(auth, body);
    } catch (e) {
      expect((e as OAuthError).code).toBe(code);
    }
  });
});

describe('secretsEqual', () => {
  it.each([
    ['abc', 'abc', true],
    ['abc', 'abd', false],
    ['abc', 'abcd', false],
    ['', 'x', false],
  ])('%s vs %s → %p', (a, b, out) => expect(secretsEqual(a, b)).toBe(out));
});
