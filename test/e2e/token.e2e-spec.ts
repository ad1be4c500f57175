import { decodeJwt, decodeProtectedHeader } from 'jose';
import { MANAGEMENT_API_SCOPES } from '@gatehouse/policy';
import { createTestApp, TestApp } from '@gatehouse/testing';

describe('POST /oauth/token (client_credentials)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const form = (o: Record<string, string>) => new URLSearchParams(o).toString();

  it('issues an RS256 token with Auth0 claims (client_secret_post, JSON body)', async () => {
    const res = await t.inject({
      method: 'POST',
      url: '/oauth/token',
      payload: {
        grant_type: 'client_credentials',
        client_id: t.main.admin.clientId,
        client_secret: t.main.admin.clientSecret,
        audience: 'https://localhost:3000/api/v2/',
      },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const body = res.json();
    expect(body).toEqual({ access_token: expect.any(String), token_type: 'Bearer', expires_in: 86400, scope: MANAGEMENT_API_SCOPES.join(' ') });
    const header = decodeProtectedHeader(body.access_token);
    expect(header).toMatchObject({ alg: 'RS256', typ: 'JWT', kid: expect.any(String) });
    const claims = decodeJwt(body.access_token);
    expect(claims).toEqual({
      iss: 'http://localhost:3000/',
      sub: `${t.main.admin.clientId}@clients`,
      aud: 'https://localhost:3000/api/v2/',
      azp: t.main.admin.clientId,
      scope: MANAGEMENT_API_SCOPES.join(' '),
      gty: 'client-credentials',
      iat: expect.any(Number),
      exp: (claims.iat as number) + 86400,
    });
  });

  it('accepts form-encoded bodies and client_secret_basic, and intersects requested scopes', async () => {
    const basic = Buffer.from(`${t.main.admin.clientId}:${encodeURIComponent(t.main.admin.clientSecret)}`).toString('base64');
    const res = await t.inject({
      method: 'POST',
      url: '/oauth/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${basic}` },
      payload: form({ grant_type: 'client_credentials', audience: 'https://localhost:3000/api/v2/', scope: 'read:clients read:roles' }),
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().scope).toBe('read:clients');
    expect(decodeJwt(res.json().access_token).scope).toBe('read:clients');
  });

  it.each([
    ['a bad secret', { client_secret: 'wrong-secret-value' }, 401, 'invalid_client'],
    ['an unknown client', { client_id: 'unknownclientid0000000000000000' }, 401, 'invalid_client'],
    ['no secret', { client_secret: '' }, 401, 'invalid_client'],
    ['a wrong audience', { audience: 'https://elsewhere.example/api/' }, 403, 'access_denied'],
    ['no audience', { audience: '' }, 403, 'access_denied'],
    ['an unsupported grant type', { grant_type: 'password' }, 400, 'unsupported_grant_type'],
    ['no grant type', { grant_type: '' }, 400, 'invalid_request'],
    ['only scopes outside the grant', { scope: 'read:roles' }, 403, 'access_denied'],
  ])('refuses %s with RFC 6749 error', async (_, override, status, error) => {
    const payload = {
      grant_type: 'client_credentials',
      client_id: t.main.admin.clientId,
      client_secret: t.main.admin.clientSecret,
      audience: 'https://localhost:3000/api/v2/',
      ...override,
    };
    const res = await t.inject({
      method: 'POST',
      url: '/oauth/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: form(payload),
    });
    expect(res.statusCode).toBe(status);
    expect(res.json()).toEqual({ error, error_description: expect.any(String) });
    expect(res.body).not.toContain(t.main.admin.clientSecret);
  });

  it('a failed HTTP Basic authentication carries WWW-Authenticate (RFC 6749 §5.2)', async () => {
    const basic = Buffer.from(`${t.main.admin.clientId}:wrong`).toString('base64');
    const res = await t.inject({
      method: 'POST',
      url: '/oauth/token',
      headers: { authorization: `Basic ${basic}` },
      payload: { grant_type: 'client_credentials', audience: t.main.tenant.managementAudience },
    });
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toMatch(/^Basic /);
  });

  it('refuses bodies that are neither JSON nor form-encoded with 415', async () => {
    const res = await t.inject({ method: 'POST', url: '/oauth/token', headers: { 'content-type': 'text/plain' }, payload: 'grant_type=client_credentials' });
    expect(res.statusCode).toBe(415);
    expect(res.json()).toMatchObject({ statusCode: 415, errorCode: 'unsupported_media_type' });
  });

  it('token lifetime follows the clock (GATEHOUSE_NOW)', async () => {
    const t2 = await createTestApp({ now: new Date('2026-03-01T00:00:00Z') });
    try {
      const claims = decodeJwt(await t2.token());
      expect(Math.abs((claims.iat as number) - Date.parse('2026-03-01T00:00:00Z') / 1000)).toBeLessThan(60);
      // The token is valid under that clock, although its exp is in the machine's past.
      const res = await t2.inject({ method: 'GET', url: '/api/v2/roles', headers: { authorization: `Bearer ${await t2.token()}` } });
      expect(res.statusCode).toBe(403);
    } finally {
      await t2.close();
    }
  });
});
