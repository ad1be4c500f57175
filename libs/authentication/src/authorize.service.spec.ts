import type { Client } from '@gatehouse/clients';
import { authorizeClientOf, redirectTo } from './authorize.service';

describe('redirectTo', () => {
  it.each([
    [
      'query, the callback has none',
      'https://app.example.com/cb',
      'query',
      { code: 'c', state: 's', iss: 'https://t/' },
      'https://app.example.com/cb?code=c&state=s&iss=https%3A%2F%2Ft%2F',
    ],
    ['query, the callback has its own (kept)', 'https://app.example.com/cb?x=1', 'query', { code: 'c' }, 'https://app.example.com/cb?x=1&code=c'],
    [
      'unset values are left out',
      'https://app.example.com/cb',
      'query',
      { error: 'access_denied', state: undefined },
      'https://app.example.com/cb?error=access_denied',
    ],
    [
      'fragment',
      'https://app.example.com/cb',
      'fragment',
      { error: 'e', error_description: 'a b' },
      'https://app.example.com/cb#error=e&error_description=a+b',
    ],
    ['a custom scheme (native apps)', 'com.example.app:/cb', 'query', { code: 'c' }, 'com.example.app:/cb?code=c'],
    ['values are encoded', 'http://localhost:8080/cb', 'query', { state: 'a&b=c#d' }, 'http://localhost:8080/cb?state=a%26b%3Dc%23d'],
  ] as const)('%s', (_, uri, mode, params, expected) => {
    expect(redirectTo(uri, mode, params)).toBe(expected);
  });
});

describe('authorizeClientOf', () => {
  const base: Client = {
    clientId: 'c',
    tenantId: 't',
    name: 'n',
    kind: { firstParty: false, mode: 'strict' },
    grantTypes: ['authorization_code'],
    callbacks: ['https://a/cb'],
    authenticatesWithKeys: false,
    createdAt: new Date(0),
    settings: {},
  };

  it.each([
    [
      'strict, no policy set: the mode decides',
      base,
      { kind: { firstParty: false, mode: 'strict' }, grantTypes: ['authorization_code'], callbacks: ['https://a/cb'] },
    ],
    ['strict with allow_always', { ...base, settings: { redirection_policy: 'allow_always' } }, { redirectionPolicy: 'allow_always' }],
    ['first-party', { ...base, kind: { firstParty: true } as const }, { kind: { firstParty: true } }],
    ['a policy that is not a string is ignored', { ...base, settings: { redirection_policy: 7 } }, {}],
  ] as const)('%s', (_, client, expected) => {
    const facts = authorizeClientOf(client as Client);
    expect(facts).toMatchObject(expected);
    if (!('redirectionPolicy' in expected)) expect(facts).not.toHaveProperty('redirectionPolicy');
  });
});
