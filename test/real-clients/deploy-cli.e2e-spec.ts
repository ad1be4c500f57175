import { execFile } from 'child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { promisify } from 'util';
import { parse, stringify } from 'yaml';
import { createTestApp, freePort, TestApp } from '@gatehouse/testing';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..');
const A0DEPLOY = join(ROOT, 'node_modules/auth0-deploy-cli/lib/index.js');
/**
 * Wall-clock ceiling for one a0deploy call. Each import spends 25-30 s of CPU in the CLI's own schema
 * compile (ajv 6, twice per call: measured with --cpu-prof), and in CI it shares two cores with the other
 * jest worker and the PostgreSQL suite, so it may get a third of a core. The ceiling only ends a hung CLI;
 * every test here may take as long as the longest one's calls (four).
 */
const CALL_BUDGET_MS = 300_000;
jest.setTimeout(4 * CALL_BUDGET_MS);

/**
 * Runs auth0-deploy-cli in `dir` against the Gatehouse listening on `port`, as the default tenant's
 * admin application. SPEC §3: unemulated resource types are not touched (AUTH0_INCLUDED_ONLY).
 *
 * Plain HTTP through support/plain-http-fetch.js, not GATEHOUSE_HTTPS. Over TLS with NODE_EXTRA_CA_CERTS,
 * 6 of 12 tests failed in four runs under CPU load 5-10 (5 x 'fetch failed' with the request never reaching
 * the server, 1 x a 503), while the CLI blocks its event loop for 12-90 s in its own schema compile between
 * requests on pooled connections; the cause is not established (docs/decisions.md, "HTTPS in one flag").
 * The auth0 SDK v7 and openid-client tests run over HTTPS.
 */
async function runDeployCli(t: TestApp, port: number, dir: string, args: string[], env: Record<string, string> = {}) {
  try {
    return await run(process.execPath, [A0DEPLOY, ...args], {
      cwd: dir,
      timeout: CALL_BUDGET_MS,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: dir,
        NODE_OPTIONS: `--require ${join(__dirname, 'support/plain-http-fetch.js')}`,
        AUTH0_DOMAIN: `localhost:${port}`,
        AUTH0_CLIENT_ID: t.main.admin.clientId,
        AUTH0_CLIENT_SECRET: t.main.admin.clientSecret,
        AUTH0_INCLUDED_ONLY: JSON.stringify(['clients', 'clientGrants', 'resourceServers', 'tenant']),
        ...env,
      },
    });
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message: string };
    throw new Error(`a0deploy ${args.join(' ')} failed: ${err.message}\n${err.stdout}\n${err.stderr}`, { cause: e });
  }
}

/**
 * auth0-deploy-cli (unmodified, as a child process) against a listening Gatehouse: import a YAML with
 * a resource server, an M2M client and its grant; export it back; re-import unchanged; import with
 * deletions. SPEC §3: unemulated resource types are not touched (AUTH0_INCLUDED_ONLY).
 */
describe('auth0-deploy-cli against Gatehouse', () => {
  let t: TestApp;
  let dir: string;
  let port: number;
  let token: string;
  beforeAll(async () => {
    port = await freePort();
    t = await createTestApp({ env: { PORT: String(port), GATEHOUSE_PUBLIC_URL: `http://localhost:${port}` } });
    await t.app.listen({ port, host: '127.0.0.1' });
    token = await t.token();
    dir = mkdtempSync(join(tmpdir(), 'gatehouse-deploy-'));
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const a0deploy = (args: string[], env: Record<string, string> = {}) => runDeployCli(t, port, dir, args, env);
  const get = async (url: string) => (await t.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } })).json();

  const API = 'https://deploy-api.example/';
  const tenantYaml = `
tenant:
  friendly_name: Deployed Tenant
resourceServers:
  - name: Deploy API
    identifier: ${API}
    scopes:
      - value: read:widgets
        description: Read widgets
clients:
  - name: Deploy M2M
    app_type: non_interactive
    grant_types:
      - client_credentials
clientGrants:
  - client_id: Deploy M2M
    audience: ${API}
    scope:
      - read:widgets
`;

  it('imports, exports, re-imports unchanged and imports with deletions', async () => {
    writeFileSync(join(dir, 'tenant.yaml'), tenantYaml);
    await a0deploy(['import', '--input_file', 'tenant.yaml']);

    const apis = (await get(`/api/v2/resource-servers?identifiers=${encodeURIComponent(API)}`)) as { id: string; name: string }[];
    expect(apis).toHaveLength(1);
    expect(apis[0]!.name).toBe('Deploy API');
    const clients = (await get('/api/v2/clients?per_page=100')) as { name: string; client_id: string }[];
    const m2m = clients.find((c) => c.name === 'Deploy M2M');
    expect(m2m).toBeDefined();
    const grants = (await get(`/api/v2/client-grants?client_id=${m2m!.client_id}`)) as { audience: string; scope: string[] }[];
    expect(grants).toEqual([expect.objectContaining({ audience: API, scope: ['read:widgets'] })]);
    expect((await get('/api/v2/tenants/settings')).friendly_name).toBe('Deployed Tenant');

    await a0deploy(['export', '--format', 'yaml', '--output_folder', 'out']);
    const exportedFile = readdirSync(join(dir, 'out')).find((f) => f.endsWith('.yaml'))!;
    const exported = parse(readFileSync(join(dir, 'out', exportedFile), 'utf8'));
    expect(exported.resourceServers.map((r: { identifier: string }) => r.identifier)).toContain(API);
    expect(exported.clients.map((c: { name: string }) => c.name)).toContain('Deploy M2M');
    expect(exported.clientGrants).toEqual(expect.arrayContaining([expect.objectContaining({ client_id: 'Deploy M2M', audience: API })]));

    const before = { clients: (await get('/api/v2/clients?per_page=100')).length, grants: (await get('/api/v2/client-grants')).length };
    await a0deploy(['import', '--input_file', join('out', exportedFile)]);
    expect({ clients: (await get('/api/v2/clients?per_page=100')).length, grants: (await get('/api/v2/client-grants')).length }).toEqual(before);

    // Deletions: the export without what the first import created.
    const pruned = {
      ...exported,
      resourceServers: exported.resourceServers.filter((r: { identifier: string }) => r.identifier !== API),
      clients: exported.clients.filter((c: { name: string }) => c.name !== 'Deploy M2M'),
      clientGrants: exported.clientGrants.filter((g: { client_id: string }) => g.client_id !== 'Deploy M2M'),
    };
    writeFileSync(join(dir, 'pruned.yaml'), stringify(pruned));
    await a0deploy(['import', '--input_file', 'pruned.yaml'], { AUTH0_ALLOW_DELETE: 'true' });
    expect(await get(`/api/v2/resource-servers?identifiers=${encodeURIComponent(API)}`)).toEqual([]);
    const left = (await get('/api/v2/clients?per_page=100')) as { client_id: string }[];
    expect(left.map((c) => c.client_id)).toEqual([t.main.admin.clientId]);
    // The Management API itself and the deploying client's grant survive.
    expect((await get('/api/v2/resource-servers')).map((r: { is_system: boolean }) => r.is_system)).toEqual([true]);
  });
});

/**
 * SPEC §5: a new tenant has no My Account API until it is activated, so deploy-cli finds nothing to
 * delete in `resourceServers: []` (it leaves the Management API alone by name); once activated, the
 * system API survives a deleting import, and a file naming it activates it on a new tenant.
 */
describe('auth0-deploy-cli on a new tenant', () => {
  let t: TestApp;
  let dir: string;
  let port: number;
  beforeAll(async () => {
    port = await freePort();
    t = await createTestApp({ env: { PORT: String(port), GATEHOUSE_PUBLIC_URL: `http://localhost:${port}` } });
    await t.app.listen({ port, host: '127.0.0.1' });
    dir = mkdtempSync(join(tmpdir(), 'gatehouse-deploy-new-'));
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const systemApis = async () =>
    (
      (await t.inject({ method: 'GET', url: '/api/v2/resource-servers', headers: { authorization: `Bearer ${await t.token()}` } })).json() as {
        name: string;
        is_system?: boolean;
      }[]
    )
      .filter((r) => r.is_system)
      .map((r) => r.name)
      .sort();

  it('imports `resourceServers: []` with AUTH0_ALLOW_DELETE=true', async () => {
    writeFileSync(join(dir, 'empty.yaml'), 'resourceServers: []\n');
    await runDeployCli(t, port, dir, ['import', '--input_file', 'empty.yaml'], {
      AUTH0_ALLOW_DELETE: 'true',
      AUTH0_INCLUDED_ONLY: JSON.stringify(['resourceServers']),
    });
    expect(await systemApis()).toEqual(['Auth0 Management API']);
  });

  it('a file naming the My Account API activates it, and importing it again updates it', async () => {
    writeFileSync(
      join(dir, 'my-account.yaml'),
      stringify({ resourceServers: [{ name: 'Auth0 My Account API', identifier: `https://localhost:${port}/me/`, token_lifetime: 900 }] }),
    );
    await runDeployCli(t, port, dir, ['import', '--input_file', 'my-account.yaml'], { AUTH0_INCLUDED_ONLY: JSON.stringify(['resourceServers']) });
    expect(await systemApis()).toEqual(['Auth0 Management API', 'Auth0 My Account API']);
    // Re-importing the same file is an update of a system API (deploy-cli sends only what it may change).
    await runDeployCli(t, port, dir, ['import', '--input_file', 'my-account.yaml'], { AUTH0_INCLUDED_ONLY: JSON.stringify(['resourceServers']) });
    expect(await systemApis()).toEqual(['Auth0 Management API', 'Auth0 My Account API']);
  });
});
