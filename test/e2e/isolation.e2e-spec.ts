import { decodeJwt } from 'jose';
import { TenantHandle, useTestApp } from '@gatehouse/testing';

/** Nothing of one tenant is visible to or usable on another (SPEC §2), on whichever database runs. */
describe('tenant isolation (A vs B)', () => {
  const { t } = useTestApp();
  let a: TenantHandle;
  let b: TenantHandle;
  beforeAll(async () => {
    a = t.main;
    b = await t.createTenant('acme.localhost:3000');
  });

  it('routes by Host: each tenant has its own issuer, audience and keys', async () => {
    const ta = decodeJwt(await t.token(a));
    const tb = decodeJwt(await t.token(b));
    expect(ta.iss).toBe('http://localhost:3000/');
    expect(tb.iss).toBe('http://acme.localhost:3000/');
    expect(tb.aud).toBe('https://acme.localhost:3000/api/v2/');
    const ka = (await t.inject({ method: 'GET', url: '/.well-known/jwks.json', host: a.host })).json().keys[0].kid;
    const kb = (await t.inject({ method: 'GET', url: '/.well-known/jwks.json', host: b.host })).json().keys[0].kid;
    expect(ka).not.toBe(kb);
  });

  it('unknown hosts are answered by the default tenant', async () => {
    const res = await t.inject({ method: 'GET', url: '/.well-known/jwks.json', host: '127.0.0.1:3000' });
    const kid = (await t.inject({ method: 'GET', url: '/.well-known/jwks.json', host: a.host })).json().keys[0].kid;
    expect(res.json().keys[0].kid).toBe(kid);
  });

  it("B's token is refused on A and A's on B", async () => {
    for (const [issuer, target] of [
      [b, a],
      [a, b],
    ] as const) {
      const res = await t.inject({ method: 'GET', url: '/api/v2/roles', host: target.host, headers: { authorization: `Bearer ${await t.token(issuer)}` } });
      expect(res.statusCode).toBe(401);
      expect(res.json().errorCode).toBe('invalid_token');
    }
  });

  it("A's admin credentials cannot get a token from B", async () => {
    const res = await t.inject({
      method: 'POST',
      url: '/oauth/token',
      host: b.host,
      payload: {
        grant_type: 'client_credentials',
        client_id: a.admin.clientId,
        client_secret: a.admin.clientSecret,
        audience: b.tenant.managementAudience,
      },
    });
    expect(res.statusCode).toBe(401);
    expect(res.json().error).toBe('invalid_client');
  });

  it("A's admin cannot get a token for B's Management API audience from A", async () => {
    const res = await t.inject({
      method: 'POST',
      url: '/oauth/token',
      host: a.host,
      payload: {
        grant_type: 'client_credentials',
        client_id: a.admin.clientId,
        client_secret: a.admin.clientSecret,
        audience: b.tenant.managementAudience,
      },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error).toBe('access_denied');
  });

  it("A's clients are invisible and untouchable from B", async () => {
    const ta = await t.token(a);
    const tb = await t.token(b);
    const created = await t.inject({
      method: 'POST',
      url: '/api/v2/clients',
      host: a.host,
      headers: { authorization: `Bearer ${ta}` },
      payload: { name: 'only-in-a' },
    });
    expect(created.statusCode).toBe(201);
    const id = created.json().client_id;
    for (const [method, url] of [
      ['GET', `/api/v2/clients/${id}`],
      ['PATCH', `/api/v2/clients/${id}`],
      ['DELETE', `/api/v2/clients/${id}`],
      ['POST', `/api/v2/clients/${id}/rotate-secret`],
    ] as const) {
      const res = await t.inject({
        method,
        url,
        host: b.host,
        headers: { authorization: `Bearer ${tb}` },
        ...(method === 'PATCH' ? { payload: { name: 'x' } } : {}),
      });
      expect(res.statusCode).toBe(404);
      expect(res.json().errorCode).toBe('inexistent_client');
    }
    const listB = (await t.inject({ method: 'GET', url: '/api/v2/clients?per_page=100', host: b.host, headers: { authorization: `Bearer ${tb}` } })).json();
    expect(listB.map((c: { client_id: string }) => c.client_id)).not.toContain(id);
    expect(listB.map((c: { client_id: string }) => c.client_id)).toEqual([b.admin.clientId]);
    const stillThere = await t.inject({ method: 'GET', url: `/api/v2/clients/${id}`, host: a.host, headers: { authorization: `Bearer ${ta}` } });
    expect(stillThere.json().name).toBe('only-in-a');
  });

  it("A's log events are invisible from B, by search, checkpoint and id", async () => {
    const ta = await t.token(a);
    const tb = await t.token(b);
    await t.inject({ method: 'POST', url: '/api/v2/clients', host: a.host, headers: { authorization: `Bearer ${ta}` }, payload: { name: 'logged-in-a' } });
    const logsOf = async (host: string, token: string, query: string) =>
      (await t.inject({ method: 'GET', url: `/api/v2/logs${query}`, host, headers: { authorization: `Bearer ${token}` } })).json() as {
        log_id: string;
        type: string;
        client_id?: string;
        client_name?: string;
      }[];
    const inA = await logsOf(a.host, ta, '?per_page=100');
    expect(inA.length).toBeGreaterThan(0);
    const idsInA = new Set(inA.map((e) => e.log_id));
    for (const query of ['?per_page=100', `?search=${encodeURIComponent(`client_id:"${a.admin.clientId}"`)}`, '?take=100']) {
      const inB = await logsOf(b.host, tb, query);
      expect(inB.filter((e) => idsInA.has(e.log_id))).toEqual([]);
      // The only events in B naming A's client are B's own refusals of A's credentials (an earlier
      // test), and B has no name for that client.
      const namingA = inB.filter((e) => e.client_id === a.admin.clientId);
      expect(namingA.every((e) => e.type === 'feccft' && e.client_name === undefined)).toBe(true);
    }
    const res = await t.inject({ method: 'GET', url: `/api/v2/logs/${inA[0]!.log_id}`, host: b.host, headers: { authorization: `Bearer ${tb}` } });
    expect(res.statusCode).toBe(404);
  });
});
