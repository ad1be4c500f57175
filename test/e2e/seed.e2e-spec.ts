import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { freePort, freshTestDatabase } from '@gatehouse/testing';
import { buildServer, GatehouseProcess, startProcess, stopProcess, waitReady } from './support/gatehouse-process';

/**
 * GATEHOUSE_SEED (issue 15 §4) on the real process, on SQLite and PostgreSQL (GATEHOUSE_TEST_DATABASE):
 * a refused tenant file stops the start (exit 65) with a message naming the file, the path in it and the
 * reason, and leaves nothing (the next start is a first start again and the tenant holds exactly the
 * fixed file); a good file is applied once, with keyword replacement; a restart does not read it again.
 */
const API = 'https://seed-api.example/';
const CREATED = 'the default tenant and its admin application were created';

describe('GATEHOUSE_SEED at the start of the process', () => {
  let dir: string;
  let main: string;
  let db: { url: string; drop: () => Promise<void> };
  let running: GatehouseProcess | undefined;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'gatehouse-seed-'));
    main = buildServer(join(dir, 'build'));
  }, 180_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  beforeEach(async () => {
    db = await freshTestDatabase('gatehouse-seed-db-');
  });
  afterEach(async () => {
    await stopProcess(running);
    running = undefined;
    await db.drop();
  });

  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const env = (seed: string, extra: Record<string, string> = {}) => ({
    DATABASE_URL: db.url,
    GATEHOUSE_SECRET_KEY: 'a'.repeat(64),
    GATEHOUSE_SEED: seed,
    LOG_LEVEL: 'info',
    LOG_FORMAT: 'json',
    ...extra,
  });
  /** A start that is refused: its exit code and what it wrote. */
  const refused = async (e: Record<string, string>) => {
    const p = startProcess('refused', main, await freePort(), e);
    const timer = setTimeout(() => p.proc.kill('SIGKILL'), 60_000);
    const code = await p.exited;
    clearTimeout(timer);
    return { code, out: p.out() };
  };
  /** The log and the banner are written just after the server listens: wait for a line, not only for /readyz. */
  const waitForOutput = async (p: GatehouseProcess, text: string) => {
    const until = Date.now() + 30_000;
    while (!p.out().includes(text)) {
      if (Date.now() > until || p.proc.exitCode !== null) throw new Error(`did not see "${text}" in:\n${p.out()}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const started = async (e: Record<string, string>) => {
    running = startProcess('seeded', main, await freePort(), e);
    await waitReady(running);
    await waitForOutput(running, 'Get a Management API token');
    return running;
  };
  /** The Management API of a started process, as its admin application (credentials from the banner). */
  const managementApi = async (p: GatehouseProcess) => {
    const base = `http://127.0.0.1:${p.port}`;
    const id = /admin client_id:\s+(\S+)/.exec(p.out())![1]!;
    const secret = /admin client_secret:\s+(\S+)/.exec(p.out())![1]!;
    const res = await fetch(`${base}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'client_credentials', client_id: id, client_secret: secret, audience: `https://localhost:${p.port}/api/v2/` }),
    });
    expect(res.status).toBe(200);
    const { access_token } = (await res.json()) as { access_token: string };
    return async <T>(path: string): Promise<T> => {
      const r = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${access_token}` } });
      expect(r.status).toBe(200);
      return (await r.json()) as T;
    };
  };

  const GOOD = `
tenant:
  friendly_name: Seeded ##NAME##
  session_lifetime: 2
resourceServers:
  - name: Seed API
    identifier: ##API##
    scopes:
      - value: read:widgets
        description: Read widgets
clients:
  - name: Seed Worker
    app_type: non_interactive
    grant_types: @@M2M_GRANTS@@
  - name: Partner
    is_first_party: false
    app_type: regular_web
    callbacks: [https://partner.example/cb]
clientGrants:
  - client_id: Seed Worker
    audience: ##API##
    scope: [read:widgets]
databases:
  - name: Username-Password-Authentication
    enabled_clients: [Partner]
    options:
      brute_force_protection: false
  - name: Partner-Users
    enabled_clients: [Partner, Seed Worker]
roles:
  - name: admin
`;
  const MAPPINGS = JSON.stringify({ NAME: 'Corp', API, M2M_GRANTS: ['client_credentials'] });

  /** The tenant holds exactly what GOOD describes, once. */
  async function expectGoodApplied(p: GatehouseProcess) {
    const get = await managementApi(p);
    const clients =
      await get<{ name: string; client_id: string; is_first_party: boolean; third_party_security_mode?: string; grant_types: string[] }[]>(
        '/api/v2/clients?per_page=100',
      );
    expect(clients.map((c) => c.name).sort()).toEqual(['Gatehouse Admin (bootstrap)', 'Partner', 'Seed Worker']);
    const worker = clients.find((c) => c.name === 'Seed Worker')!;
    expect(worker.grant_types).toEqual(['client_credentials']);
    // A third-party client gets the new-client default (strict) and a strict client's id, as over the Management API.
    const partner = clients.find((c) => c.name === 'Partner')!;
    expect(partner).toMatchObject({ is_first_party: false, third_party_security_mode: 'strict' });
    expect(partner.client_id).toMatch(/^tpc_/);
    const apis = await get<{ identifier: string; name: string; scopes: unknown[] }[]>('/api/v2/resource-servers');
    expect(apis.filter((a) => a.identifier === API)).toEqual([
      expect.objectContaining({ name: 'Seed API', scopes: [{ value: 'read:widgets', description: 'Read widgets' }] }),
    ]);
    const grants = await get<{ client_id: string; audience: string; scope: string[] }[]>(`/api/v2/client-grants?audience=${encodeURIComponent(API)}`);
    expect(grants).toEqual([expect.objectContaining({ client_id: worker.client_id, audience: API, scope: ['read:widgets'] })]);
    // The default database connection is updated (options merged into its own), the other one created.
    const dbs = await get<{ id: string; name: string; strategy: string; options: Record<string, unknown> }[]>('/api/v2/connections?strategy=auth0');
    expect(dbs.map((c) => c.name).sort()).toEqual(['Partner-Users', 'Username-Password-Authentication']);
    const upa = dbs.find((c) => c.name === 'Username-Password-Authentication')!;
    expect(upa.options).toMatchObject({ brute_force_protection: false, passwordPolicy: 'good' });
    const enabled = async (id: string) =>
      (await get<{ clients: { client_id: string }[] }>(`/api/v2/connections/${id}/clients`)).clients.map((c) => c.client_id).sort();
    expect(await enabled(upa.id)).toEqual([partner.client_id]);
    expect(await enabled(dbs.find((c) => c.name === 'Partner-Users')!.id)).toEqual([partner.client_id, worker.client_id].sort());
    const settings = await get<{ friendly_name: string; session_lifetime: number }>('/api/v2/tenants/settings');
    expect(settings).toMatchObject({ friendly_name: 'Seeded Corp', session_lifetime: 2 });
  }

  it('refuses a file whose entry the Management API would refuse (DTO), naming file, path and reason; nothing is left', async () => {
    const bad = file('bad-body.yaml', GOOD.replace('    grant_types: @@M2M_GRANTS@@\n', '    grant_types: @@M2M_GRANTS@@\n    logo_uri: 42\n'));
    const r = await refused(env(bad, { AUTH0_KEYWORD_REPLACE_MAPPINGS: MAPPINGS }));
    expect(r.code).toBe(65);
    expect(r.out).toContain(`GATEHOUSE_SEED: ${bad}: clients[0].logo_uri: Payload validation error:`);
    expect(r.out).toMatch(/logo_uri must be a string/);
    expect(r.out).not.toContain('Gatehouse listening');

    // Nothing was written: the next start is a first start, and with the fixed file holds it exactly once.
    const p = await started(env(file('good.yaml', GOOD), { AUTH0_KEYWORD_REPLACE_MAPPINGS: MAPPINGS }));
    expect(p.out()).toContain(CREATED);
    await expectGoodApplied(p);
  }, 120_000);

  it('refuses a file the services refuse after earlier entries were written (strict rules, unknown API): the transaction leaves nothing', async () => {
    const strictRefused = file(
      'strict.yaml',
      GOOD.replace('    callbacks: [https://partner.example/cb]\n', '    callbacks: [https://partner.example/cb]\n    grant_types: [password]\n'),
    );
    let r = await refused(env(strictRefused, { AUTH0_KEYWORD_REPLACE_MAPPINGS: MAPPINGS }));
    expect(r.code).toBe(65);
    expect(r.out).toContain(`GATEHOUSE_SEED: ${strictRefused}: clients[1].grant_types: `);
    expect(r.out).toContain('grant type "password" is not allowed for third_party_security_mode "strict"');

    const unknownApi = file(
      'unknown-api.yaml',
      GOOD.replace('  - client_id: Seed Worker\n    audience: ##API##', '  - client_id: Seed Worker\n    audience: https://nope.example/'),
    );
    r = await refused(env(unknownApi, { AUTH0_KEYWORD_REPLACE_MAPPINGS: MAPPINGS }));
    expect(r.code).toBe(65);
    expect(r.out).toContain(`GATEHOUSE_SEED: ${unknownApi}: clientGrants[0]: No resource with identifier https://nope.example/`);

    const social = file('social.yaml', GOOD.replace('roles:\n', 'connections:\n  - name: google\n    strategy: google-oauth2\nroles:\n'));
    r = await refused(env(social, { AUTH0_KEYWORD_REPLACE_MAPPINGS: MAPPINGS }));
    expect(r.code).toBe(65);
    expect(r.out).toContain(`GATEHOUSE_SEED: ${social}: connections[0].strategy: Payload validation error: 'Gatehouse emulates only database connections`);

    const unknownClient = file('unknown-client.yaml', GOOD.replace('  - client_id: Seed Worker\n', '  - client_id: Nobody\n'));
    r = await refused(env(unknownClient, { AUTH0_KEYWORD_REPLACE_MAPPINGS: MAPPINGS }));
    expect(r.code).toBe(65);
    expect(r.out).toContain(`GATEHOUSE_SEED: ${unknownClient}: clientGrants[0].client_id: no client named "Nobody"`);

    const p = await started(env(file('good.yaml', GOOD), { AUTH0_KEYWORD_REPLACE_MAPPINGS: MAPPINGS }));
    expect(p.out()).toContain(CREATED);
    await expectGoodApplied(p);
  }, 120_000);

  it('refuses unreadable files: YAML syntax, a missing file, bad JSON in a directory export', async () => {
    const yaml = file('syntax.yaml', 'clients:\n  - name: [unclosed\n');
    let r = await refused(env(yaml));
    expect(r.code).toBe(65);
    expect(r.out).toMatch(new RegExp(`GATEHOUSE_SEED: ${yaml.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: line \\d+: not valid YAML`));

    const missing = join(dir, 'missing.yaml');
    r = await refused(env(missing));
    expect(r.code).toBe(65);
    expect(r.out).toContain(`GATEHOUSE_SEED: ${missing}: cannot read it (ENOENT)`);

    const exportDir = join(dir, 'export');
    mkdirSync(join(exportDir, 'clients'), { recursive: true });
    writeFileSync(join(exportDir, 'tenant.json'), JSON.stringify({ friendly_name: 'From a directory' }));
    writeFileSync(join(exportDir, 'clients', 'Broken.json'), '{"name": "Broken",');
    r = await refused(env(exportDir));
    expect(r.code).toBe(65);
    expect(r.out).toContain(`GATEHOUSE_SEED: ${join(exportDir, 'clients', 'Broken.json')}: not valid JSON`);

    // A bad mapping is a configuration error (exit 78), as any other variable.
    r = await refused(env(file('good.yaml', GOOD), { AUTH0_KEYWORD_REPLACE_MAPPINGS: '["not", "an", "object"]' }));
    expect(r.code).toBe(78);
    expect(r.out).toContain('AUTH0_KEYWORD_REPLACE_MAPPINGS: must be a JSON object');
  }, 120_000);

  it('applies the file on first start only: a restart neither reads nor applies it again', async () => {
    const good = file('good.yaml', GOOD);
    let p = await started(env(good, { AUTH0_KEYWORD_REPLACE_MAPPINGS: MAPPINGS }));
    expect(p.out()).toContain(CREATED);
    await waitForOutput(p, `GATEHOUSE_SEED applied to the new default tenant: ${good}`);
    await waitForOutput(p, 'not applied (Gatehouse does not apply them): roles');
    await expectGoodApplied(p);
    const port = p.port;
    const banner = p.out();
    await stopProcess(p);

    // Same database, and now a file that would be refused: it is not read.
    writeFileSync(good, 'clients: [oops');
    running = startProcess('restarted', main, port, env(good, { AUTH0_KEYWORD_REPLACE_MAPPINGS: MAPPINGS }));
    await waitReady(running);
    p = running;
    await waitForOutput(p, 'Get a Management API token');
    await waitForOutput(p, 'GATEHOUSE_SEED not applied: the default tenant exists');
    expect(p.out()).not.toContain(CREATED);
    // The first start's credentials still work (banner of the first start) and the tenant is unchanged.
    const again = { ...p, out: () => banner };
    await expectGoodApplied(again);
  }, 120_000);
});
