import { useTestApp } from '@gatehouse/testing';

/**
 * SPEC §10: concurrent writes never 500 and nothing acknowledged is lost — on SQLite too, where one
 * process shares one connection (transactions there are serialised per process).
 */
describe('concurrent writes in one process', () => {
  const app = useTestApp();
  const { t } = app;
  const auth = () => ({ authorization: `Bearer ${app.token}` });
  beforeAll(async () => {
    await t.inject({ method: 'PATCH', url: '/api/v2/tenants/settings', headers: auth(), payload: { flags: { enable_dynamic_client_registration: true } } });
  });

  it('20 client creations at once (first- and third-party, each a transaction) all succeed and are all there', async () => {
    const created = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        t.inject({ method: 'POST', url: '/api/v2/clients', headers: auth(), payload: { name: `concurrent ${i}`, is_first_party: i % 2 === 0 } }),
      ),
    );
    expect(created.map((r) => r.statusCode)).toEqual(Array(20).fill(201));
    const listed = (await t.inject({ method: 'GET', url: '/api/v2/clients?per_page=100', headers: auth() })).json() as { client_id: string }[];
    const ids = new Set(listed.map((c) => c.client_id));
    for (const r of created) expect(ids.has(r.json().client_id)).toBe(true);
  });

  it('updates, deletions, grants and registrations interleaved at once: no 500, every acknowledged change is kept', async () => {
    const clients = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        t.inject({ method: 'POST', url: '/api/v2/clients', headers: auth(), payload: { name: `mixed ${i}`, app_type: 'non_interactive' } }),
      ),
    );
    const ids = clients.map((c) => c.json().client_id as string);
    await new Promise((r) => setTimeout(r, 1005 - (t.clock.nowMs() % 1000))); // a fresh DCR window (5/s)
    const results = await Promise.all([
      ...ids.slice(0, 3).map((id, i) => t.inject({ method: 'PATCH', url: `/api/v2/clients/${id}`, headers: auth(), payload: { description: `patched ${i}` } })),
      ...ids.slice(3).map((id) => t.inject({ method: 'DELETE', url: `/api/v2/clients/${id}`, headers: auth() })),
      ...ids.slice(0, 3).map((id) =>
        t.inject({
          method: 'POST',
          url: '/api/v2/client-grants',
          headers: auth(),
          payload: { client_id: id, audience: t.main.tenant.managementAudience, scope: ['read:clients'] },
        }),
      ),
      ...Array.from({ length: 4 }, (_, i) =>
        t.inject({ method: 'POST', url: '/oidc/register', payload: { redirect_uris: [`https://concurrent.example/${i}`] } }),
      ),
      t.inject({ method: 'POST', url: '/api/v2/resource-servers', headers: auth(), payload: { identifier: 'urn:concurrent', name: 'concurrent' } }),
    ]);
    expect(results.map((r) => r.statusCode)).toEqual([200, 200, 200, 204, 204, 204, 201, 201, 201, 201, 201, 201, 201, 201]);
    for (let i = 0; i < 3; i++) {
      expect((await t.inject({ method: 'GET', url: `/api/v2/clients/${ids[i]}`, headers: auth() })).json().description).toBe(`patched ${i}`);
      expect((await t.inject({ method: 'GET', url: `/api/v2/clients/${ids[i + 3]}`, headers: auth() })).statusCode).toBe(404);
    }
    const grants = (await t.inject({ method: 'GET', url: '/api/v2/client-grants?per_page=100', headers: auth() })).json() as { client_id: string }[];
    for (const id of ids.slice(0, 3)) expect(grants.some((g) => g.client_id === id)).toBe(true);
  });
});
