import { ManagementClient } from 'auth0';
import { Agent } from 'undici';
import { createTestApp, freePort, TestApp } from '@gatehouse/testing';

/**
 * The official `auth0` SDK (v7), unmodified, against a listening Gatehouse serving HTTPS
 * (GATEHOUSE_HTTPS=on): the SDK's own https://{domain} URLs, the server's certificate verified against the
 * local authority Gatehouse generated, and nothing else trusted.
 *
 * A user trusts that authority with NODE_EXTRA_CA_CERTS, which Node reads once at process start, before
 * this test has made the authority; so the SDK is given what a program that cannot set the variable
 * passes: its `fetch` option, Node's own fetch with an undici Agent trusting only that authority
 * (`connect: { ca }`). It changes no URL; it also records them, for the pagination assertions.
 * test/e2e/https.e2e-spec.ts shows NODE_EXTRA_CA_CERTS itself at work, and the deploy-cli test uses it.
 */

describe('auth0 SDK v7 against Gatehouse', () => {
  let t: TestApp;
  let mgmt: ManagementClient;
  let seen: string[];
  let trusting: Agent;
  let port: number;

  beforeAll(async () => {
    port = await freePort();
    t = await createTestApp({ env: { PORT: String(port), GATEHOUSE_HTTPS: 'on', GATEHOUSE_PUBLIC_URL: `https://localhost:${port}` } });
    await t.app.listen({ port, host: '127.0.0.1' });
    seen = [];
    trusting = new Agent({ connect: { ca: t.ca!.pem } });
    const trustingFetch: typeof fetch = (input, init) => {
      seen.push(String(input instanceof Request ? input.url : input));
      // `dispatcher` is Node's fetch extension; @types/node types it with its own copy of undici's types.
      return fetch(input, { ...init, dispatcher: trusting } as unknown as RequestInit);
    };
    mgmt = new ManagementClient({
      domain: `localhost:${port}`,
      clientId: t.main.admin.clientId,
      clientSecret: t.main.admin.clientSecret,
      fetch: trustingFetch,
    });
  });
  afterAll(async () => {
    await trusting.close();
    await t.close();
  });

  it('speaks HTTPS only, and a client not trusting the local authority is refused', async () => {
    expect(seen).toEqual([]);
    const settings = await mgmt.tenants.settings.get();
    expect(settings).toBeDefined();
    expect(seen.length).toBeGreaterThanOrEqual(2); // the token, then the call
    expect(seen.every((u) => u.startsWith(`https://localhost:${port}/`))).toBe(true);
    const untrusting = new ManagementClient({
      domain: `localhost:${port}`,
      clientId: t.main.admin.clientId,
      clientSecret: t.main.admin.clientSecret,
      maxRetries: 0,
    });
    // The SDK's token request fails on the certificate: the SDK with Node's defaults, as an untrusting user has it.
    await expect(untrusting.tenants.settings.get()).rejects.toMatchObject({ cause: { code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' } });
    await expect(fetch(`https://localhost:${port}/healthz`)).rejects.toMatchObject({ cause: { code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' } });
  });

  it('creates, lists across pages, gets, updates, rotates and deletes a client', async () => {
    const created = await mgmt.clients.create({ name: 'sdk-app', app_type: 'regular_web', callbacks: ['https://sdk.example/cb'] });
    expect(created.client_id).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(created.is_first_party).toBe(true);

    for (let i = 0; i < 7; i++) await mgmt.clients.create({ name: `sdk-page-${i}` });
    const ids: string[] = [];
    const page = await mgmt.clients.list({ per_page: 3 });
    for await (const c of page) ids.push(c.client_id!);
    expect(ids.length).toBe(9); // admin + sdk-app + 7
    expect(new Set(ids).size).toBe(9);
    expect(seen.filter((u) => u.includes('/api/v2/clients?')).length).toBeGreaterThanOrEqual(3);

    const got = await mgmt.clients.get(created.client_id!);
    expect(got.name).toBe('sdk-app');

    const updated = await mgmt.clients.update(created.client_id!, { description: 'from the SDK' });
    expect(updated.description).toBe('from the SDK');

    const rotated = await mgmt.clients.rotateSecret(created.client_id!);
    expect(rotated.client_secret).toBeDefined();
    expect(rotated.client_secret).not.toBe(created.client_secret);

    await mgmt.clients.delete(created.client_id!);
    await expect(mgmt.clients.get(created.client_id!)).rejects.toMatchObject({ statusCode: 404 });
  });

  it('creates a strict third-party client and surfaces a 400 naming the property', async () => {
    const strict = await mgmt.clients.create({ name: 'partner', is_first_party: false, app_type: 'spa' });
    expect(strict.client_id).toMatch(/^tpc_/);
    expect(strict.third_party_security_mode).toBe('strict');
    await expect(mgmt.clients.create({ name: 'bad', is_first_party: false, grant_types: ['implicit'] })).rejects.toMatchObject({
      statusCode: 400,
    });
  });

  it('gets and updates tenant settings', async () => {
    const settings = await mgmt.tenants.settings.get();
    expect(settings.flags?.enable_dynamic_client_registration).toBe(false);
    const updated = await mgmt.tenants.settings.update({ friendly_name: 'SDK Tenant', flags: { enable_dynamic_client_registration: true } });
    expect(updated.friendly_name).toBe('SDK Tenant');
    expect((await mgmt.tenants.settings.get()).flags?.enable_dynamic_client_registration).toBe(true);
  });

  it('manages resource servers and client grants, with checkpoint pagination through next', async () => {
    const api = await mgmt.resourceServers.create({
      name: 'SDK API',
      identifier: 'https://sdk-api.example/',
      scopes: [{ value: 'read:things', description: 'Read things' }, { value: 'write:things' }],
    });
    expect(api).toMatchObject({ identifier: 'https://sdk-api.example/', signing_alg: 'RS256', token_lifetime: 86400 });
    const apis: string[] = [];
    for await (const r of await mgmt.resourceServers.list({ per_page: 1 })) apis.push(r.identifier!);
    expect(apis).toEqual(expect.arrayContaining(['https://sdk-api.example/', t.main.tenant.managementAudience]));
    const updated = await mgmt.resourceServers.update(api.id!, { token_lifetime: 1200 });
    expect(updated.token_lifetime).toBe(1200);

    const grantIds: string[] = [];
    for (let i = 0; i < 5; i++) {
      const c = await mgmt.clients.create({ name: `m2m-${i}`, app_type: 'non_interactive', grant_types: ['client_credentials'] });
      const g = await mgmt.clientGrants.create({ client_id: c.client_id!, audience: api.identifier!, scope: ['read:things'] });
      expect(g.id).toMatch(/^cgr_/);
      grantIds.push(g.id!);
    }
    const pages: number[] = [];
    let page = await mgmt.clientGrants.list({ take: 2, audience: api.identifier });
    const listed: string[] = page.data.map((g) => g.id!);
    pages.push(page.data.length);
    while (page.hasNextPage()) {
      page = await page.getNextPage();
      pages.push(page.data.length);
      listed.push(...page.data.map((g) => g.id!));
    }
    expect(pages).toEqual([2, 2, 1]);
    expect(listed).toEqual(grantIds);
    expect(seen.some((u) => u.includes('/api/v2/client-grants?') && u.includes('from='))).toBe(true);

    const patched = await mgmt.clientGrants.update(grantIds[0]!, { scope: ['read:things', 'write:things'] });
    expect(patched.scope).toEqual(['read:things', 'write:things']);
    await mgmt.clientGrants.delete(grantIds[0]!);
    await mgmt.resourceServers.delete(api.id!);
    await expect(mgmt.resourceServers.get(api.id!)).rejects.toMatchObject({ statusCode: 404 });
  });
});
