import { DataSource } from 'typeorm';
import { useTestApp } from '@gatehouse/testing';

/** When the database goes away the server answers errors, never crashes, and leaks nothing. */
describe('database faults', () => {
  const app = useTestApp();
  const { t } = app;

  it('answers 500 with a correlation id (no stack, no SQL) and /readyz 503', async () => {
    await t.app.get(DataSource).destroy();
    const res = await t.inject({
      method: 'POST',
      url: '/oauth/token',
      payload: { grant_type: 'client_credentials', client_id: t.main.admin.clientId, client_secret: 'x', audience: t.main.tenant.managementAudience },
    });
    expect(res.statusCode).toBe(500);
    const body = res.json();
    expect(body).toEqual({
      statusCode: 500,
      error: 'Internal Server Error',
      message: expect.stringMatching(/^Internal error\. Correlation id: [0-9a-f-]{36}$/),
      errorCode: 'internal_error',
    });
    expect(body.message).toContain(res.headers['x-request-id']);
    expect(res.body).not.toMatch(/SELECT|sqlite|postgres|at \w+ \(|\.ts:\d+/i);
    const ready = await t.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(503);
    // /healthz is about the process, not the database, whatever the Host.
    for (const host of ['localhost:3000', 'never-seen.localhost:3000']) {
      const health = await t.inject({ method: 'GET', url: '/healthz', host, headers: { authorization: `Bearer ${app.token}` } });
      expect(health.statusCode).toBe(200);
    }
  });
});
