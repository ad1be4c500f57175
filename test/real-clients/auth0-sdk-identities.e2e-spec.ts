import { ManagementClient } from 'auth0';
import { createTestApp, freePort, TestApp } from '@gatehouse/testing';
import { UserGrantsRepository } from '@gatehouse/user-grants';

/**
 * The official `auth0` SDK (v7), unmodified, on connections, users and users' grants (issue 11 §5): its
 * generated types are Auth0's current OpenAPI, so what it sends and parses is Auth0's wire shape.
 */
describe('auth0 SDK v7: connections, users, grants', () => {
  let t: TestApp;
  let mgmt: ManagementClient;

  beforeAll(async () => {
    const port = await freePort();
    t = await createTestApp({ env: { PORT: String(port), GATEHOUSE_PUBLIC_URL: `http://localhost:${port}` } });
    await t.app.listen({ port, host: '127.0.0.1' });
    const plainHttp: typeof fetch = (input, init) =>
      fetch(String(input instanceof Request ? input.url : input).replace(/^https:\/\/localhost:/, 'http://localhost:'), init);
    mgmt = new ManagementClient({ domain: `localhost:${port}`, clientId: t.main.admin.clientId, clientSecret: t.main.admin.clientSecret, fetch: plainHttp });
  });
  afterAll(() => t.close());

  it('creates a database connection, pages its enabled clients, promotes it, deletes it', async () => {
    const clients = await Promise.all([0, 1, 2].map((i) => mgmt.clients.create({ name: `sdk-conn-app-${i}` })));
    const created = await mgmt.connections.create({ name: 'sdk-db', strategy: 'auth0', options: { passwordPolicy: 'fair' } });
    expect(created).toMatchObject({ name: 'sdk-db', strategy: 'auth0', is_domain_connection: false, realms: ['sdk-db'], enabled_clients: [] });
    await mgmt.connections.clients.update(
      created.id!,
      clients.map((c) => ({ client_id: c.client_id!, status: true })),
    );
    const ids: string[] = [];
    for await (const c of await mgmt.connections.clients.get(created.id!, { take: 2 })) ids.push(c.client_id);
    expect(ids.sort()).toEqual(clients.map((c) => c.client_id!).sort());
    const promoted = await mgmt.connections.update(created.id!, { is_domain_connection: true });
    expect(promoted.is_domain_connection).toBe(true);
    const names: string[] = [];
    for await (const c of await mgmt.connections.list({ take: 1 })) names.push(c.name!);
    expect(names).toEqual(expect.arrayContaining(['Username-Password-Authentication', 'sdk-db']));
    expect((await mgmt.connections.get(created.id!)).name).toBe('sdk-db');
    await mgmt.connections.delete(created.id!);
    await expect(mgmt.connections.get(created.id!)).rejects.toMatchObject({ statusCode: 404 });
  });

  it('creates, lists, reads, updates and deletes a user; lists and revokes its grants', async () => {
    const user = await mgmt.users.create({ connection: 'Username-Password-Authentication', email: 'sdk@example.com', password: 'Sdk-passw0rd' });
    expect(user).toMatchObject({
      email: 'sdk@example.com',
      email_verified: false,
      identities: [{ connection: 'Username-Password-Authentication', provider: 'auth0', isSocial: false }],
    });
    await expect(mgmt.users.create({ connection: 'Username-Password-Authentication', email: 'weak@example.com', password: 'weak' })).rejects.toMatchObject({
      statusCode: 400,
    });
    const page = await mgmt.users.list({ per_page: 10, include_totals: true });
    expect(page.data.map((u) => u.user_id)).toContain(user.user_id);
    expect((await mgmt.users.get(user.user_id!)).email).toBe('sdk@example.com');
    expect((await mgmt.users.update(user.user_id!, { app_metadata: { plan: 'pro' } })).app_metadata).toEqual({ plan: 'pro' });

    const client = await mgmt.clients.create({ name: 'sdk-consented-app' });
    const grant = await t.app.get(UserGrantsRepository).grant({
      tenantId: t.main.tenant.id,
      userId: user.user_id!,
      clientId: client.client_id!,
      audience: 'urn:sdk',
      scopes: ['read:x'],
      at: t.clock.now().toISOString(),
    });
    const grants = await mgmt.userGrants.list({ user_id: user.user_id! });
    expect(grants.data).toEqual([{ id: grant.id, clientID: client.client_id, user_id: user.user_id, audience: 'urn:sdk', scope: ['read:x'] }]);
    await mgmt.userGrants.deleteByUserId({ user_id: user.user_id! });
    expect((await mgmt.userGrants.list({ user_id: user.user_id! })).data).toEqual([]);

    await mgmt.users.delete(user.user_id!);
    await expect(mgmt.users.get(user.user_id!)).rejects.toMatchObject({ statusCode: 404 });
  });
});
