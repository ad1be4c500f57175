import { decodeJwt } from 'jose';
import { DataSource } from 'typeorm';
import { GatehouseConfig, loadConfig } from '@gatehouse/config';
import { TenantsService } from '@gatehouse/tenancy';
import { TenantHandle, useTestApp } from '@gatehouse/testing';
import { createApp } from '../../apps/gatehouse/src/configure-app';

/**
 * Issue 9 item 6: a restart on the same database with another GATEHOUSE_TENANT_DOMAIN, or another PORT
 * when the domain is derived from it, moves the default tenant to the configured domain (decisions.md):
 * its domain, issuer, Management API audience, system API identifiers and the client grants on them,
 * in one transaction. Its own Management API never answers "Service not found".
 */
describe('the default tenant follows the configured domain', () => {
  const { t } = useTestApp();
  let other: TenantHandle;
  let m2m: { client_id: string; client_secret: string };

  const call = async (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object, tenant: TenantHandle = t.main) =>
    t.inject({ method, url, host: tenant.host, headers: { authorization: `Bearer ${await t.token(tenant)}` }, ...(payload ? { payload } : {}) });
  const clientToken = (audience: string) =>
    t.inject({
      method: 'POST',
      url: '/oauth/token',
      payload: { grant_type: 'client_credentials', client_id: m2m.client_id, client_secret: m2m.client_secret, audience },
    });
  const systemApis = async (tenant: TenantHandle = t.main) =>
    ((await (await call('GET', '/api/v2/resource-servers', undefined, tenant)).json()) as { identifier: string; is_system?: boolean }[])
      .filter((a) => a.is_system)
      .map((a) => a.identifier)
      .sort();

  beforeAll(async () => {
    other = await t.createTenant('other.localhost:3000');
    // An M2M client granted two Management API scopes, and the activated My Account API with a grant.
    m2m = (await call('POST', '/api/v2/clients', { name: 'ci', app_type: 'non_interactive', grant_types: ['client_credentials'] })).json();
    expect(
      (
        await call('POST', '/api/v2/client-grants', {
          client_id: m2m.client_id,
          audience: 'https://localhost:3000/api/v2/',
          scope: ['read:clients', 'read:resource_servers'],
        })
      ).statusCode,
    ).toBe(201);
    expect((await call('POST', '/api/v2/resource-servers', { identifier: 'https://localhost:3000/me/' })).statusCode).toBe(201);
    expect(
      (
        await call('POST', '/api/v2/client-grants', {
          client_id: m2m.client_id,
          audience: 'https://localhost:3000/me/',
          scope: ['read:me:factors'],
          subject_type: 'user',
        })
      ).statusCode,
    ).toBe(201);
  });

  async function expectAnsweringOn(domain: string, issuer: string) {
    expect(t.main.tenant).toMatchObject({ domain, issuer, managementAudience: `https://${domain}/api/v2/` });
    // The admin's grant moved: its token for the new audience works on the Management API.
    const adminToken = await t.token();
    expect(decodeJwt(adminToken)).toMatchObject({ aud: `https://${domain}/api/v2/`, iss: issuer });
    expect((await t.inject({ method: 'GET', url: '/api/v2/clients', headers: { authorization: `Bearer ${adminToken}` } })).statusCode).toBe(200);
    expect(await systemApis()).toEqual([`https://${domain}/api/v2/`, `https://${domain}/me/`]);
    const mgmt = (await call('GET', `/api/v2/resource-servers/${encodeURIComponent(`https://${domain}/api/v2/`)}`)).json();
    expect(mgmt).toMatchObject({ name: 'Auth0 Management API', identifier: `https://${domain}/api/v2/`, is_system: true });
    // Every grant on a system API moved with it, the M2M client's included, and its token works.
    const grants = (await call('GET', `/api/v2/client-grants?client_id=${m2m.client_id}`)).json() as { audience: string; scope: string[] }[];
    expect(grants.map((g) => g.audience).sort()).toEqual([`https://${domain}/api/v2/`, `https://${domain}/me/`]);
    const res = await clientToken(`https://${domain}/api/v2/`);
    expect(res.statusCode).toBe(200);
    expect(res.json().scope).toBe('read:clients read:resource_servers');
    expect((await t.inject({ method: 'GET', url: '/api/v2/clients', headers: { authorization: `Bearer ${res.json().access_token}` } })).statusCode).toBe(200);
    // Discovery names the issuer.
    expect((await t.inject({ method: 'GET', url: '/.well-known/openid-configuration' })).json().issuer).toBe(issuer);
  }

  it('restarting with another GATEHOUSE_TENANT_DOMAIN moves the tenant, its system APIs and their grants', async () => {
    await expectAnsweringOn('localhost:3000', 'http://localhost:3000/');
    await t.restart({ env: { GATEHOUSE_TENANT_DOMAIN: 'gatehouse.localhost:3000' } });
    await expectAnsweringOn('gatehouse.localhost:3000', 'http://localhost:3000/');
    // The old audience no longer exists.
    expect((await clientToken('https://localhost:3000/api/v2/')).statusCode).not.toBe(200);
    // Another tenant is untouched.
    expect(await systemApis(other)).toEqual(['https://other.localhost:3000/api/v2/']);
  });

  it('restarting with another PORT, the domain derived from it, moves it again', async () => {
    await t.restart({ env: { PORT: '4000', GATEHOUSE_PUBLIC_URL: '' } });
    await expectAnsweringOn('localhost:4000', 'http://localhost:4000/');
    // A restart with the same configuration changes nothing.
    await t.restart({ env: { PORT: '4000', GATEHOUSE_PUBLIC_URL: '' } });
    await expectAnsweringOn('localhost:4000', 'http://localhost:4000/');
  });

  it("refuses to start on another tenant's domain, naming both, and changes nothing", async () => {
    const db = t.config.database;
    const config: GatehouseConfig = loadConfig({
      DATABASE_URL: db.type === 'sqlite' ? `sqlite:${db.path}` : db.url,
      GATEHOUSE_SECRET_KEY: t.config.secretKey!,
      GATEHOUSE_TENANT_DOMAIN: other.host,
      LOG_LEVEL: 'silent',
    });
    const app = await createApp(config);
    try {
      await expect(app.get(TenantsService).seedDefaultTenant()).rejects.toThrow(
        "the default tenant's domain is localhost:4000, and the configured domain other.localhost:3000",
      );
    } finally {
      await app.close();
    }
    const domains = await t.app.get(DataSource).query('SELECT domain, is_default FROM tenants ORDER BY created_at');
    expect(domains.map((r: { domain: string; is_default: unknown }) => [r.domain, Boolean(r.is_default)])).toEqual([
      ['localhost:4000', true],
      ['other.localhost:3000', false],
    ]);
    // Restarted before asking over HTTP: passport keeps one strategy per process, now the closed app's.
    await t.restart({ env: { PORT: '4000', GATEHOUSE_PUBLIC_URL: '' } });
    await expectAnsweringOn('localhost:4000', 'http://localhost:4000/');
    expect(await systemApis(other)).toEqual(['https://other.localhost:3000/api/v2/']);
  });
});
