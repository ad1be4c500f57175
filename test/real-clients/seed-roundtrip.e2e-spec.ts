import { execFile } from 'child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { promisify } from 'util';
import { localTlsCaPath } from '@gatehouse/http';
import { createTestApp, freePort, freshTestDatabase, TestApp } from '@gatehouse/testing';
import { buildServer, GatehouseProcess, ROOT, startProcess, stopProcess, waitReady } from '../e2e/support/gatehouse-process';

const run = promisify(execFile);
const A0DEPLOY = join(ROOT, 'node_modules/auth0-deploy-cli/lib/index.js');
/** One a0deploy call spends 25-30 s of CPU in its schema compile; on a loaded machine it may take minutes. */
jest.setTimeout(600_000);

type Json = Record<string, unknown>;

/** A resource without what the tenant makes for it (ids, secrets, times, the tenant's own name). */
const portable = (o: Json, drop: string[]) => Object.fromEntries(Object.entries(o).filter(([k]) => !drop.includes(k)));
const CLIENT_IDENTITY = ['client_id', 'client_secret', 'signing_keys', 'tenant', 'created_at', 'updated_at', 'callback_url_template'];
const byName = (a: { name?: unknown }, b: { name?: unknown }) => String(a.name).localeCompare(String(b.name));

/**
 * Issue 15 §4: a Gatehouse tenant built through the Management API, exported by the real auth0-deploy-cli
 * (one `a0deploy export`, YAML), with a keyword put in the export as deploy-cli users do; a fresh
 * Gatehouse process started with GATEHOUSE_SEED=<export> and AUTH0_KEYWORD_REPLACE_MAPPINGS has the same
 * tenant: the same APIs, clients, grants (by client name) and settings, modulo ids and secrets.
 */
describe('GATEHOUSE_SEED from a deploy-cli export of a Gatehouse tenant', () => {
  let source: TestApp;
  let dir: string;
  let port: number;
  let target: GatehouseProcess | undefined;
  let targetDb: { url: string; drop: () => Promise<void> };
  beforeAll(async () => {
    port = await freePort();
    source = await createTestApp({ env: { PORT: String(port), GATEHOUSE_HTTPS: 'on', GATEHOUSE_PUBLIC_URL: `https://localhost:${port}` } });
    await source.app.listen({ port, host: '127.0.0.1' });
    dir = mkdtempSync(join(tmpdir(), 'gatehouse-seed-roundtrip-'));
    targetDb = await freshTestDatabase('gatehouse-seed-target-');
  });
  afterAll(async () => {
    await stopProcess(target);
    await source.close();
    await targetDb.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const API = 'https://widgets.example/api/';
  const SPA_ORIGIN = 'https://spa.widgets.example';

  /** The tenant as the Management API shows it, comparable across tenants. */
  async function tenantOf(get: (path: string) => Promise<unknown>, admin: string, managementAudience: string) {
    const clients = ((await get('/api/v2/clients?per_page=100')) as Json[]).filter((c) => c.client_id !== admin);
    const names = new Map(clients.map((c) => [c.client_id, c.name]));
    const apis = ((await get('/api/v2/resource-servers')) as Json[]).filter((a) => a.identifier !== managementAudience);
    const grants = ((await get('/api/v2/client-grants')) as Json[]).filter((g) => g.client_id !== admin);
    return {
      clients: clients.map((c) => portable(c, CLIENT_IDENTITY)).sort(byName),
      // A third-party client of the export is created as a new strict client: its id is a tpc_ id again.
      idPrefixes: clients.map((c) => `${String(c.name)}:${/^tpc_/.test(String(c.client_id)) ? 'tpc_' : 'plain'}`).sort(),
      resourceServers: apis.map((a) => portable(a, ['id'])).sort(byName),
      clientGrants: grants
        .map((g): Json => ({ ...portable(g, ['id', 'client_id']), client: names.get(g.client_id) }))
        .sort((a, b) => `${String(a.client)} ${String(a.audience)}`.localeCompare(`${String(b.client)} ${String(b.audience)}`)),
      settings: (await get('/api/v2/tenants/settings')) as Json,
    };
  }

  it('exports with a0deploy, seeds a fresh Gatehouse from the export, and gets the same tenant back', async () => {
    const token = await source.token();
    const call = async (method: 'POST' | 'PATCH', url: string, payload: Json) => {
      const res = await source.inject({ method, url, headers: { authorization: `Bearer ${token}` }, payload });
      expect([200, 201]).toContain(res.statusCode);
      return res.json() as Json;
    };
    await call('PATCH', '/api/v2/tenants/settings', {
      friendly_name: 'Widgets Inc',
      support_email: 'support@widgets.example',
      session_lifetime: 48,
      idle_session_lifetime: 12,
    });
    await call('POST', '/api/v2/resource-servers', {
      name: 'Widgets API',
      identifier: API,
      signing_alg: 'RS256',
      token_lifetime: 7200,
      scopes: [
        { value: 'read:widgets', description: 'Read widgets' },
        { value: 'write:widgets', description: 'Write widgets' },
      ],
    });
    const m2m = await call('POST', '/api/v2/clients', { name: 'Widget Worker', app_type: 'non_interactive', grant_types: ['client_credentials'] });
    await call('POST', '/api/v2/client-grants', { client_id: m2m.client_id, audience: API, scope: ['read:widgets', 'write:widgets'] });
    await call('POST', '/api/v2/clients', {
      name: 'Widget SPA',
      app_type: 'spa',
      callbacks: [`${SPA_ORIGIN}/callback`],
      allowed_logout_urls: [`${SPA_ORIGIN}/`],
      web_origins: [SPA_ORIGIN],
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'],
    });
    const partner = await call('POST', '/api/v2/clients', {
      name: 'Partner Portal',
      is_first_party: false,
      app_type: 'regular_web',
      callbacks: ['https://partner.example/callback'],
    });
    expect(partner).toMatchObject({ third_party_security_mode: 'strict' });
    const getSource = async (url: string) => (await source.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } })).json() as unknown;
    const before = await tenantOf(getSource, source.main.admin.clientId, source.main.tenant.managementAudience);

    // One export, as deploy-cli users make one (the resource types Gatehouse emulates).
    try {
      await run(process.execPath, [A0DEPLOY, 'export', '--format', 'yaml', '--output_folder', 'out'], {
        cwd: dir,
        timeout: 540_000,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: dir,
          // Trusting Gatehouse's local authority as its banner says (GATEHOUSE_HTTPS=on).
          NODE_EXTRA_CA_CERTS: localTlsCaPath(source.config.dataDir),
          AUTH0_DOMAIN: `localhost:${port}`,
          AUTH0_CLIENT_ID: source.main.admin.clientId,
          AUTH0_CLIENT_SECRET: source.main.admin.clientSecret,
          // Not databases: deploy-cli exports them only with the actions they name (GET /actions/actions), which
          // Gatehouse does not emulate, so it leaves them out of an export (test/e2e/seed.e2e-spec applies them).
          AUTH0_INCLUDED_ONLY: JSON.stringify(['clients', 'clientGrants', 'resourceServers', 'tenant']),
        },
      });
    } catch (e) {
      const err = e as { stdout?: string; stderr?: string; message: string };
      throw new Error(`a0deploy export failed: ${err.message}\n${err.stdout}\n${err.stderr}`, { cause: e });
    }
    const exportFile = join(
      dir,
      'out',
      readdirSync(join(dir, 'out')).find((f) => f.endsWith('.yaml'))!,
    );
    // A keyword where the SPA's origin was, as a deploy-cli file carries per-environment values.
    const exported = readFileSync(exportFile, 'utf8');
    expect(exported).toContain(SPA_ORIGIN);
    const templated = exported.split(SPA_ORIGIN).join('##SPA_ORIGIN##');
    writeFileSync(exportFile, templated);

    const build = buildServer(join(dir, 'build'));
    const targetPort = await freePort();
    target = startProcess('seeded', build, targetPort, {
      DATABASE_URL: targetDb.url,
      GATEHOUSE_SECRET_KEY: 'b'.repeat(64),
      GATEHOUSE_SEED: exportFile,
      AUTH0_KEYWORD_REPLACE_MAPPINGS: JSON.stringify({ SPA_ORIGIN }),
      LOG_LEVEL: 'info',
      LOG_FORMAT: 'json',
    });
    await waitReady(target, 120_000);
    // The log and the banner are written just after the server listens.
    const applied = `GATEHOUSE_SEED applied to the new default tenant: ${exportFile}`;
    const seen = () => target!.out().includes('Get a Management API token') && target!.out().includes(applied);
    for (const until = Date.now() + 30_000; !seen() && Date.now() < until;) await new Promise((r) => setTimeout(r, 50));
    expect(target.out()).toContain(applied);

    const base = `http://127.0.0.1:${targetPort}`;
    const adminId = /admin client_id:\s+(\S+)/.exec(target.out())![1]!;
    const secret = /admin client_secret:\s+(\S+)/.exec(target.out())![1]!;
    const audience = `https://localhost:${targetPort}/api/v2/`;
    const tokenRes = await fetch(`${base}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'client_credentials', client_id: adminId, client_secret: secret, audience }),
    });
    expect(tokenRes.status).toBe(200);
    const { access_token } = (await tokenRes.json()) as { access_token: string };
    const getTarget = async (url: string) => {
      const r = await fetch(`${base}${url}`, { headers: { authorization: `Bearer ${access_token}` } });
      expect(r.status).toBe(200);
      return (await r.json()) as unknown;
    };
    const after = await tenantOf(getTarget, adminId, audience);

    expect(after.clients.map((c) => c.name)).toEqual(['Partner Portal', 'Widget SPA', 'Widget Worker']);
    expect(after.idPrefixes).toEqual(['Partner Portal:tpc_', 'Widget SPA:plain', 'Widget Worker:plain']);
    expect(after).toEqual(before);
  });
});
