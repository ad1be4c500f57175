import { clientCredentialsClaims } from './token-claims';

describe('clientCredentialsClaims', () => {
  it.each([
    [86400, ['read:clients', 'create:clients'], 'read:clients create:clients'],
    [3600, [], ''],
    [1, ['a'], 'a'],
  ])('lifetime %i, scopes %p', (lifetime, scopes, scope) => {
    const claims = clientCredentialsClaims({
      issuer: 'http://localhost:3000/',
      clientId: 'abc',
      audience: 'https://localhost:3000/api/v2/',
      scopes,
      nowSeconds: 1_790_000_000,
      lifetimeSeconds: lifetime,
    });
    expect(claims).toEqual({
      iss: 'http://localhost:3000/',
      sub: 'abc@clients',
      aud: 'https://localhost:3000/api/v2/',
      iat: 1_790_000_000,
      exp: 1_790_000_000 + lifetime,
      scope,
      gty: 'client-credentials',
      azp: 'abc',
    });
  });
});
