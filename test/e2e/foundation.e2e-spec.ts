import { useTestApp } from '@gatehouse/testing';

describe('foundation: health, errors and conventions', () => {
  const app = useTestApp();
  const { t } = app;

  it('GET /healthz and /readyz are public', async () => {
    const h = await t.inject({ method: 'GET', url: '/healthz' });
    expect(h.statusCode).toBe(200);
    expect(h.json()).toEqual({ status: 'ok' });
    const r = await t.inject({ method: 'GET', url: '/readyz' });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ status: 'ready', now: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/) });
  });

  it('unknown paths are 404 in Auth0 shape', async () => {
    const res = await t.inject({ method: 'GET', url: '/no/such/path' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ statusCode: 404, error: 'Not Found', message: 'Not Found', errorCode: 'not_found' });
  });

  it('a known path with the wrong method is 405 with Allow', async () => {
    const res = await t.inject({ method: 'DELETE', url: '/healthz' });
    expect(res.statusCode).toBe(405);
    expect(res.headers.allow).toContain('GET');
    expect(res.json()).toMatchObject({ statusCode: 405, error: 'Method Not Allowed', errorCode: 'method_not_allowed' });
  });

  it('malformed JSON is 400 invalid_body', async () => {
    const res = await t.inject({ method: 'POST', url: '/oauth/token', headers: { 'content-type': 'application/json' }, payload: '{bad' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'Invalid request payload JSON format',
      errorCode: 'invalid_body',
    });
  });

  it('a body over 1 MB is 413', async () => {
    const res = await t.inject({
      method: 'POST',
      url: '/oauth/token',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ pad: 'x'.repeat(1024 * 1024 + 10) }),
    });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ statusCode: 413, error: 'Payload Too Large', errorCode: 'payload_too_large' });
  });

  it('every /api/v2 response carries x-ratelimit-* headers and a request id', async () => {
    const res = await t.inject({ method: 'GET', url: '/api/v2/roles' });
    expect(res.headers['x-ratelimit-limit']).toBe(String(t.config.managementRateLimitPerMinute));
    expect(Number(res.headers['x-ratelimit-remaining'])).toBeGreaterThanOrEqual(0);
    expect(Number(res.headers['x-ratelimit-reset'])).toBeGreaterThan(1_700_000_000);
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('unemulated Management API paths answer 403 insufficient_scope naming the scope', async () => {
    const token = app.token;
    for (const [method, url, scope] of [
      ['GET', '/api/v2/roles', 'read:roles'],
      ['POST', '/api/v2/log-streams', 'create:log_streams'],
      ['DELETE', '/api/v2/actions/actions/x', 'delete:actions'],
      ['GET', '/api/v2/clients/abc/credentials', 'read:clients'],
    ] as const) {
      const res = await t.inject({ method, url, headers: { authorization: `Bearer ${token}` } });
      expect(res.statusCode).toBe(403);
      expect(res.json()).toEqual({
        statusCode: 403,
        error: 'Forbidden',
        message: `Insufficient scope, expected any of: ${scope}`,
        errorCode: 'insufficient_scope',
      });
    }
  });

  it('GET /.well-known/jwks.json publishes the tenant RS256 key with a kid and no private part', async () => {
    const res = await t.inject({ method: 'GET', url: '/.well-known/jwks.json' });
    expect(res.statusCode).toBe(200);
    const { keys } = res.json();
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig', kid: expect.any(String), e: 'AQAB' });
    expect(keys[0].d).toBeUndefined();
  });
});
