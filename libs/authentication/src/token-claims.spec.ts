import { atHash, cHash, clientCredentialsClaims, ClaimsUser, idTokenClaims, oidcClaims, userAccessTokenClaims } from './token-claims';

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

describe('userAccessTokenClaims', () => {
  it.each([
    [['https://api.example/'], 'https://api.example/'],
    [
      ['https://api.example/', 'http://localhost:3000/userinfo'],
      ['https://api.example/', 'http://localhost:3000/userinfo'],
    ],
  ])('audiences %p → aud %p', (audiences, aud) => {
    expect(
      userAccessTokenClaims({
        issuer: 'http://localhost:3000/',
        userId: 'auth0|u1',
        clientId: 'c1',
        audiences,
        scopes: ['openid', 'read'],
        nowSeconds: 100,
        lifetimeSeconds: 60,
      }),
    ).toEqual({ iss: 'http://localhost:3000/', sub: 'auth0|u1', aud, iat: 100, exp: 160, scope: 'openid read', azp: 'c1' });
  });
});

describe('OIDC claims', () => {
  const user: ClaimsUser = {
    userId: 'auth0|u1',
    email: 'a@example.com',
    updatedAt: '2026-12-01T00:00:00.000Z',
    profile: { name: 'Alice', nickname: 'ali', picture: 'https://p.example/a.png', phone_number: '+15550100' },
  };

  it.each([
    [[], { sub: 'auth0|u1' }],
    [['openid'], { sub: 'auth0|u1' }],
    [['openid', 'email'], { sub: 'auth0|u1', email: 'a@example.com', email_verified: false }],
    [['profile'], { sub: 'auth0|u1', name: 'Alice', nickname: 'ali', picture: 'https://p.example/a.png', updated_at: '2026-12-01T00:00:00.000Z' }],
    [['phone'], { sub: 'auth0|u1', phone_number: '+15550100', phone_number_verified: false }],
  ])('scopes %p → %p', (scopes, claims) => expect(oidcClaims(user, scopes)).toEqual(claims));

  it('leaves out what the user does not have', () => {
    expect(oidcClaims({ userId: 'auth0|u2', updatedAt: 'x', profile: {} }, ['email', 'phone'])).toEqual({ sub: 'auth0|u2' });
  });

  it('at_hash is the left half of the SHA-256 of the access token, base64url (OIDC Core §3.1.3.6)', () => {
    // The example of OpenID Connect Core's test vectors: "jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y" → "77QmUPtjPfzWtF2AnpK9RQ".
    expect(atHash('jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y')).toBe('77QmUPtjPfzWtF2AnpK9RQ');
  });

  it('c_hash is the same hash of the authorization code (OIDC Core §3.3.2.11)', () => {
    // OpenID Connect Core, Appendix A.4: the code "Qcb0Orv1zh30vL1MPRsbm-diHiMwcLyZvn1arpZv-Jxf_11jnpEX3Tgfvk" → "LDktKdoQak3Pk0cnXxCltA".
    expect(cHash('Qcb0Orv1zh30vL1MPRsbm-diHiMwcLyZvn1arpZv-Jxf_11jnpEX3Tgfvk')).toBe('LDktKdoQak3Pk0cnXxCltA');
  });

  it('an ID token: the user, the client as audience and azp, nonce and auth_time when known', () => {
    const base = {
      issuer: 'http://localhost:3000/',
      user,
      clientId: 'c1',
      scopes: ['openid', 'email'],
      accessToken: 'at',
      nowSeconds: 100,
      lifetimeSeconds: 36000,
    };
    expect(idTokenClaims({ ...base, nonce: 'n', authTime: '1970-01-01T00:01:00.000Z' })).toEqual({
      sub: 'auth0|u1',
      email: 'a@example.com',
      email_verified: false,
      iss: 'http://localhost:3000/',
      aud: 'c1',
      azp: 'c1',
      iat: 100,
      exp: 36100,
      at_hash: atHash('at'),
      nonce: 'n',
      auth_time: 60,
    });
    const without = idTokenClaims(base);
    expect(without).not.toHaveProperty('nonce');
    expect(without).not.toHaveProperty('auth_time');
    expect(without).not.toHaveProperty('c_hash');
  });

  it('from /authorize: at_hash only with an access token, c_hash only with a code', () => {
    const base = { issuer: 'http://localhost:3000/', user, clientId: 'c1', scopes: ['openid'], nonce: 'n', nowSeconds: 100, lifetimeSeconds: 36000 };
    const idOnly = idTokenClaims(base);
    expect(idOnly).not.toHaveProperty('at_hash');
    expect(idOnly).not.toHaveProperty('c_hash');
    expect(idOnly.nonce).toBe('n');
    expect(idTokenClaims({ ...base, code: 'the-code' })).toMatchObject({ c_hash: cHash('the-code') });
    expect(idTokenClaims({ ...base, code: 'the-code' })).not.toHaveProperty('at_hash');
    expect(idTokenClaims({ ...base, code: 'the-code', accessToken: 'at' })).toMatchObject({ c_hash: cHash('the-code'), at_hash: atHash('at') });
  });
});
