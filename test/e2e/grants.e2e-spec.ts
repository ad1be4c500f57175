import { useTestApp } from '@gatehouse/testing';
import { UserGrantsRepository } from '@gatehouse/user-grants';

/** /api/v2/grants (issue 11 §5): users' consents, recorded through UserGrantsRepository.grant (the consent page's seam). */
describe("users' grants", () => {
  const app = useTestApp();
  const { t } = app;
  const call = app.api('/api/v2/grants');
  const repo = () => t.app.get(UserGrantsRepository);
  const at = () => t.clock.now().toISOString();
  let n = 0;
  const newUser = async (connection: string): Promise<string> =>
    (await app.api('/api/v2/users')('POST', '', { connection, email: `g${++n}@example.com`, password: 'x' })).json().user_id as string;
  const newClient = async (): Promise<string> =>
    (await app.api('/api/v2/clients')('POST', '', { name: `grant app ${++n}`, is_first_party: true })).json().client_id as string;
  const consent = (userId: string, clientId: string, audience: string, scopes: string[], tenantId = t.main.tenant.id) =>
    repo().grant({ tenantId, userId, clientId, audience, scopes, at: at() });
  let db: string;
  beforeAll(async () => {
    db = (await app.api('/api/v2/connections')('POST', '', { name: 'grants-db', strategy: 'auth0' })).json().name;
  });

  it('grant() records one consent per user, application and API, growing its scopes; GET lists them in Auth0’s shape', async () => {
    const [user, client] = [await newUser(db), await newClient()];
    const first = await consent(user, client, 'https://api.example/', ['read:a']);
    const grown = await consent(user, client, 'https://api.example/', ['write:a', 'read:a']);
    expect(grown.id).toBe(first.id);
    expect(grown.scopes).toEqual(['read:a', 'write:a']);
    expect((await repo().findConsent(t.main.tenant.id, user, client, 'https://api.example/'))?.scopes).toEqual(['read:a', 'write:a']);
    const res = await call('GET', `?user_id=${encodeURIComponent(user)}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual([
      { id: expect.stringMatching(/^[0-9a-f]{24}$/), clientID: client, user_id: user, audience: 'https://api.example/', scope: ['read:a', 'write:a'] },
    ]);
  });

  it('filters by user_id, client_id and audience, with offset paging and totals', async () => {
    const [u1, u2, c1, c2] = [await newUser(db), await newUser(db), await newClient(), await newClient()];
    await consent(u1, c1, 'urn:one', ['a']);
    await consent(u1, c2, 'urn:two', ['b']);
    await consent(u2, c1, 'urn:two', ['c']);
    const ids = async (q: string) =>
      ((await call('GET', q)).json() as { clientID: string; user_id: string; audience: string }[])
        .map((g) => `${g.user_id === u1 ? 'u1' : 'u2'}/${g.clientID === c1 ? 'c1' : 'c2'}/${g.audience}`)
        .sort();
    expect(await ids(`?user_id=${u1}`)).toEqual(['u1/c1/urn:one', 'u1/c2/urn:two']);
    expect(await ids(`?client_id=${c1}`)).toEqual(['u1/c1/urn:one', 'u2/c1/urn:two']);
    expect(await ids(`?client_id=${c1}&audience=urn:two`)).toEqual(['u2/c1/urn:two']);
    const page = (await call('GET', `?client_id=${c1}&per_page=1&page=1&include_totals=true`)).json();
    expect(page).toEqual({ start: 1, limit: 1, total: 2, grants: [expect.objectContaining({ clientID: c1 })] });
    for (const q of ['?take=1', '?from=x', '?bogus=1', '?per_page=0', `?user_id=a&user_id=b`]) {
      expect({ q, code: (await call('GET', q)).json().errorCode }).toEqual({ q, code: 'invalid_query_string' });
    }
  });

  it('DELETE by id and by user_id answer 204; a consent goes with its user, its application and its connection', async () => {
    const [u1, u2, c1, c2] = [await newUser(db), await newUser(db), await newClient(), await newClient()];
    const g = await consent(u1, c1, 'urn:del', ['a']);
    await consent(u1, c2, 'urn:del', ['a']);
    await consent(u2, c1, 'urn:del', ['a']);
    expect((await call('DELETE', `/${g.id}`)).statusCode).toBe(204);
    expect((await call('DELETE', `/${g.id}`)).statusCode).toBe(204);
    expect((await call('GET', `?user_id=${u1}`)).json()).toHaveLength(1);
    expect((await call('DELETE', `?user_id=${encodeURIComponent(u1)}`)).statusCode).toBe(204);
    expect((await call('GET', `?user_id=${u1}`)).json()).toEqual([]);
    expect((await call('DELETE', '')).json()).toMatchObject({ statusCode: 400, errorCode: 'invalid_query_string' });
    // The user goes: its consents go.
    await consent(u2, c2, 'urn:del', ['a']);
    expect((await app.api('/api/v2/users')('DELETE', `/${encodeURIComponent(u2)}`)).statusCode).toBe(204);
    expect((await call('GET', `?user_id=${u2}`)).json()).toEqual([]);
    // The application goes: its consents go.
    const u3 = await newUser(db);
    await consent(u3, c1, 'urn:del', ['a']);
    expect((await app.api('/api/v2/clients')('DELETE', `/${c1}`)).statusCode).toBe(204);
    expect((await call('GET', `?client_id=${c1}`)).json()).toEqual([]);
    // The connection goes: its users, and so their consents, go.
    const doomed = (await app.api('/api/v2/connections')('POST', '', { name: 'grants-doomed', strategy: 'auth0' })).json();
    const u4 = await newUser('grants-doomed');
    await consent(u4, c2, 'urn:del', ['a']);
    expect((await app.api('/api/v2/connections')('DELETE', `/${doomed.id}`)).statusCode).toBe(202);
    expect((await call('GET', `?user_id=${u4}`)).json()).toEqual([]);
  });

  it('a consent needs an existing user and application of the tenant', async () => {
    const client = await newClient();
    await expect(consent('auth0|nobody', client, 'urn:x', ['a'])).rejects.toThrow();
    await expect(consent(await newUser(db), 'no-such-client', 'urn:x', ['a'])).rejects.toThrow();
  });

  it('needs read:grants / delete:grants', async () => {
    const token = await t.token(t.main, 'read:users');
    for (const [method, url, scope] of [
      ['GET', '', 'read:grants'],
      ['DELETE', '?user_id=x', 'delete:grants'],
      ['DELETE', '/x', 'delete:grants'],
    ] as const) {
      const res = await call(method, url, undefined, token);
      expect({ status: res.statusCode, message: res.json().message }).toEqual({ status: 403, message: `Insufficient scope, expected any of: ${scope}` });
    }
  });

  it("tenants are isolated: B neither sees nor deletes A's consents", async () => {
    const [user, client] = [await newUser(db), await newClient()];
    const g = await consent(user, client, 'urn:iso', ['a']);
    const b = await t.createTenant('grants-b.localhost:3000');
    const tokenB = await t.token(b);
    const asB = (method: 'GET' | 'DELETE', url: string) =>
      t.inject({ method, url: `/api/v2/grants${url}`, host: b.host, headers: { authorization: `Bearer ${tokenB}` } });
    expect((await asB('GET', '')).json()).toEqual([]);
    expect((await asB('GET', `?user_id=${user}`)).json()).toEqual([]);
    expect((await asB('DELETE', `/${g.id}`)).statusCode).toBe(204);
    expect((await asB('DELETE', `?user_id=${user}`)).statusCode).toBe(204);
    expect((await call('GET', `?user_id=${user}`)).json()).toHaveLength(1);
    // A's user and client cannot be consented under B's tenant.
    await expect(consent(user, client, 'urn:iso', ['a'], b.tenant.id)).rejects.toThrow();
  });
});
