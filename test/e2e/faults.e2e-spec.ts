import { DataSource } from 'typeorm';
import { useTestApp } from '@gatehouse/testing';

/** When the database goes away the server answers errors, never crashes, and leaks nothing. */
describe('database faults', () => {
  const app = useTestApp();
  const { t } = app;

  it('answers 503 with Retry-After in the route’s shape (no stack, no SQL) and /readyz 503 saying why', async () => {
    await t.app.get(DataSource).destroy();
    const res = await t.inject({
      method: 'POST',
      url: '/oauth/token',
      payload: { grant_type: 'client_credentials', client_id: t.main.admin.clientId, client_secret: 'x', audience: t.main.tenant.managementAudience },
    });
    // Issue 12 §5: a database that cannot be used is a 503 to retry, not a 500 (RFC 6749 shape on /oauth/token).
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({ error: 'temporarily_unavailable', error_description: expect.any(String) });
    expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(res.body).not.toMatch(/SELECT|sqlite|postgres|at \w+ \(|\.ts:\d+/i);
    const management = await t.inject({ method: 'GET', url: '/api/v2/clients', headers: { authorization: `Bearer ${app.token}` } });
    expect(management.statusCode).toBe(503);
    expect(management.json()).toEqual({ statusCode: 503, error: 'Service Unavailable', message: expect.any(String), errorCode: 'service_unavailable' });
    expect(Number(management.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    const ready = await t.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toEqual({ status: 'unavailable', reason: 'not_initialized', now: expect.any(String) });
    // /healthz is about the process, not the database, whatever the Host.
    for (const host of ['localhost:3000', 'never-seen.localhost:3000']) {
      const health = await t.inject({ method: 'GET', url: '/healthz', host, headers: { authorization: `Bearer ${app.token}` } });
      expect(health.statusCode).toBe(200);
    }
  });
});
