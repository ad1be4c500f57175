import { OAuthError } from '@gatehouse/http';
import { clientAuthenticationRefusal, presentedCredentials, secretsEqual } from './client-authentication';

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;

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

describe('clientAuthenticationRefusal (as the application registered)', () => {
  const confidential = { tokenEndpointAuthMethod: 'client_secret_post', authenticatesWithKeys: false };
  const unset = { authenticatesWithKeys: false };
  const pub = { tokenEndpointAuthMethod: 'none', authenticatesWithKeys: false };
  const keys = { tokenEndpointAuthMethod: 'private_key_jwt', authenticatesWithKeys: true };
  const post = { clientId: 'a', clientSecret: 's', method: 'client_secret_post' } as const;
  const basic = { clientId: 'a', clientSecret: 's', method: 'client_secret_basic' } as const;
  const none = { clientId: 'a', method: 'none' } as const;
  it.each([
    ['confidential, post, right secret', confidential, post, 's', undefined],
    ['confidential, basic (either secret method), right secret', confidential, basic, 's', undefined],
    ['unset method, basic', unset, basic, 's', undefined],
    ['confidential, wrong secret', confidential, post, 'other', 'Unauthorized'],
    ['confidential, no secret stored', confidential, post, undefined, 'Unauthorized'],
    ['confidential, none', confidential, none, 's', "Client authentication is required: the application's token_endpoint_auth_method is client_secret_post"],
    ['public, none', pub, none, undefined, undefined],
    ['public, a secret', pub, post, 's', 'The application is public (token_endpoint_auth_method none): send client_id without a client secret'],
    ['private_key_jwt', keys, post, undefined, 'The application authenticates with private_key_jwt, which Gatehouse does not accept at this endpoint'],
    ['unknown client', undefined, post, undefined, 'Unauthorized'],
  ] as const)('%s → %p', (_name, client, presented, stored, refusal) => {
    expect(clientAuthenticationRefusal(client, presented, stored)).toBe(refusal);
  });
});
