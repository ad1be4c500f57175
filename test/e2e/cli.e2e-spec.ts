import { spawn } from 'child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { freePort, useTestApp } from '@gatehouse/testing';
import { buildServer, ROOT } from './support/gatehouse-process';

/**
 * `npx gatehouse` (issue 14 §4): the bin as a child process. `lint` checks client payloads and deploy-cli
 * tenant files offline with the rules POST /api/v2/clients runs (its lines are compared with what
 * POST /ext/v1/lint/client answers for the same clients), exit 0 / 1 / 2; `report` prints the migration
 * report of a listening app; `serve` starts the server. The compiled output is built once, into a folder
 * of this suite's own (GATEHOUSE_DIST), as the multi-process suites do.
 */

const BIN = join(ROOT, 'bin', 'gatehouse.js');
let dist: string;
let work: string;

function run(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const proc = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', GATEHOUSE_DIST: dist, ...env } });
    let stdout = '';
    let stderr = '';
    proc.stdout.on('data', (d) => (stdout += d));
    proc.stderr.on('data', (d) => (stderr += d));
    proc.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}
const file = (name: string, text: string) => {
  const p = join(work, name);
  writeFileSync(p, text);
  return p;
};
const lines = (s: string) => s.split('\n').filter((l) => l !== '');

const STRICT_OK = {
  name: 'Partner',
  is_first_party: false,
  third_party_security_mode: 'strict',
  app_type: 'spa',
  token_endpoint_auth_method: 'none',
  callbacks: ['https://partner.example.com/cb'],
  grant_types: ['authorization_code', 'refresh_token'],
};

const TENANT_YAML = `# an auth0-deploy-cli export
tenant:
  friendly_name: Acme
clients:
  - name: Dashboard
    app_type: regular_web
    callbacks: ['https://*.acme.example.com/cb']
  - name: Legacy partner
    is_first_party: false
    third_party_security_mode: strict
    grant_types: [authorization_code, implicit]
    callbacks: ['https://*.partner.example.com/cb']
    jwt_configuration:
      alg: HS256
    sso: true
    refresh_token:
      expiration_type: non-expiring
      infinite_idle_token_lifetime: true
  - name: Old partner
    is_first_party: false
    third_party_security_mode: permissive
    grant_types: [authorization_code, password]
resourceServers: []
`;

describe('npx gatehouse', () => {
  const app = useTestApp({ now: new Date('2026-03-01T00:00:00Z') });
  const { t } = app;

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'gatehouse-cli-'));
    dist = join(work, 'dist');
    buildServer(dist);
  }, 180_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('help and unknown commands: usage, exit 0 / 2', async () => {
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('gatehouse lint <file> [--mode strict|permissive]');
    const unknown = await run(['deploy']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^gatehouse: unknown command: deploy\n/);
    const badMode = await run(['lint', file('one.json', JSON.stringify(STRICT_OK)), '--mode', 'lax']);
    expect(badMode.code).toBe(2);
    expect(badMode.stderr).toContain('--mode must be strict or permissive');
  });

  it('lint: a clean client payload exits 0 with no violation line', async () => {
    const res = await run(['lint', file('ok.json', JSON.stringify(STRICT_OK))]);
    expect(res).toMatchObject({ code: 0, stdout: '' });
    expect(res.stderr).toBe(`${join(work, 'ok.json')}: 1 client, 0 violations\n`);
  });

  it('lint: a deploy-cli YAML file, every client in its own mode; the lines are what POST /ext/v1/lint/client names', async () => {
    const path = file('tenant.yaml', TENANT_YAML);
    const res = await run(['lint', path]);
    expect(res.code).toBe(1);
    const expected: string[] = [];
    for (const [client, mode] of [
      [{ name: 'Dashboard', app_type: 'regular_web', callbacks: ['https://*.acme.example.com/cb'] }, 'first_party'],
      [
        {
          name: 'Legacy partner',
          is_first_party: false,
          third_party_security_mode: 'strict',
          grant_types: ['authorization_code', 'implicit'],
          callbacks: ['https://*.partner.example.com/cb'],
          jwt_configuration: { alg: 'HS256' },
          sso: true,
          refresh_token: { expiration_type: 'non-expiring', infinite_idle_token_lifetime: true },
        },
        'strict',
      ],
      [{ name: 'Old partner', is_first_party: false, third_party_security_mode: 'permissive', grant_types: ['authorization_code', 'password'] }, 'permissive'],
    ] as const) {
      const linted = await t.inject({
        method: 'POST',
        url: '/ext/v1/lint/client',
        headers: { authorization: `Bearer ${app.token}` },
        payload: { mode, client },
      });
      expect(linted.statusCode).toBe(200);
      for (const v of linted.json().violations as { property: string; rule: string; message: string }[]) {
        expected.push(`${path}: client "${client.name}" (${mode === 'first_party' ? 'first-party' : mode}): ${v.property}: ${v.rule}: ${v.message}`);
      }
    }
    expect(expected.length).toBe(7);
    expect(lines(res.stdout)).toEqual(expected);
    expect(res.stderr).toBe(`${path}: 3 clients, 7 violations\n`);
  });

  it('lint --mode judges every client in that mode; JSON tenant files and arrays too', async () => {
    const strict = await run([
      'lint',
      file('partner.json', JSON.stringify({ ...STRICT_OK, third_party_security_mode: undefined, grant_types: ['client_credentials'] })),
      '--mode',
      'strict',
    ]);
    expect(strict.code).toBe(1);
    expect(lines(strict.stdout)).toEqual([
      `${join(work, 'partner.json')}: client "Partner" (strict): grant_types: grant_type_not_allowed: grant type "client_credentials" is not allowed for third_party_security_mode "strict" (allowed: authorization_code, refresh_token)`,
    ]);
    const permissive = await run([
      'lint',
      file('partner2.json', JSON.stringify({ clients: [{ ...STRICT_OK, third_party_security_mode: undefined, grant_types: ['client_credentials'] }] })),
      '--mode',
      'permissive',
    ]);
    expect(permissive).toMatchObject({ code: 0, stdout: '' });
    const array = await run(['lint', file('many.json', JSON.stringify([STRICT_OK, { name: 'x', is_first_party: false, sso: true }]))]);
    expect(array.code).toBe(1);
    expect(lines(array.stdout)).toEqual([expect.stringMatching(/: client "x" \(strict\): sso: not_curated: sso cannot be set/)]);
  });

  it('lint: a bad file exits 2 saying why', async () => {
    const cases: [string, RegExp][] = [
      [join(work, 'missing.json'), /cannot read it \(ENOENT\)/],
      [file('broken.json', '{"name": '), /not valid JSON/],
      [file('broken.yaml', 'clients: [\n  - name: x\n'), /not valid YAML or JSON/],
      [file('other.yaml', 'tenant:\n  friendly_name: x\n'), /neither a client payload/],
      [file('scalars.json', '{"clients": [1]}'), /client #1 is not an object/],
    ];
    for (const [path, why] of cases) {
      const res = await run(['lint', path]);
      expect({ path, code: res.code, stdout: res.stdout }).toEqual({ path, code: 2, stdout: '' });
      expect(res.stderr).toMatch(why);
    }
  });

  describe('report against a listening app', () => {
    let base: string;
    beforeAll(async () => {
      await t.inject({
        method: 'POST',
        url: '/api/v2/clients',
        headers: { authorization: `Bearer ${app.token}` },
        payload: { name: 'Legacy partner', is_first_party: false, jwt_configuration: { alg: 'HS256' } },
      });
      t.clock.set(new Date('2026-06-01T00:00:00Z'));
      const port = await freePort();
      await t.app.listen({ port, host: '127.0.0.1' });
      base = `http://127.0.0.1:${port}`;
    });

    it('prints the server’s text form (flags or env vars), exit 0; --fail-on-findings exits 1; --json the JSON', async () => {
      const token = await t.token();
      const byFlags = await run(['report', '--url', base, '--token', token]);
      expect(byFlags.code).toBe(0);
      expect(byFlags.stdout).toContain('Permissive third-party clients: 1 (0 ready for strict, 1 with findings)');
      expect(byFlags.stdout).toMatch(/^ {2}- \[jwt_alg\/alg_not_allowed\] jwt_configuration\.alg: /m);
      const byEnv = await run(['report'], { GATEHOUSE_URL: base, GATEHOUSE_TOKEN: token });
      expect(byEnv.code).toBe(0);
      expect(lines(byEnv.stdout).slice(1)).toEqual(lines(byFlags.stdout).slice(1));
      const failing = await run(['report', '--url', base, '--token', token, '--fail-on-findings']);
      expect(failing.code).toBe(1);
      const json = await run(['report', '--url', base, '--token', token, '--json']);
      expect(json.code).toBe(0);
      expect(JSON.parse(json.stdout)).toMatchObject({ summary: { permissive_clients: 1, with_findings: 1 } });
    });

    it('exits 2 on a refused token, an unreachable server and missing options', async () => {
      const refused = await run(['report', '--url', base, '--token', 'not-a-token']);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/answered 401 \(invalid_token: /);
      const port = await freePort();
      const down = await run(['report', '--url', `http://127.0.0.1:${port}`, '--token', 'x']);
      expect(down.code).toBe(2);
      expect(down.stderr).toContain('ECONNREFUSED');
      const missing = await run(['report', '--url', base]);
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain('report needs --token (or GATEHOUSE_TOKEN)');
    });
  });

  it('serve starts the server (as npm start) and stops on SIGTERM', async () => {
    const port = await freePort();
    const proc = spawn(process.execPath, [BIN, 'serve'], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        // The build lives outside the repository: its packages resolve from the repository's node_modules.
        NODE_PATH: join(ROOT, 'node_modules'),
        GATEHOUSE_DIST: dist,
        PORT: String(port),
        HOST: '127.0.0.1',
        DATABASE_URL: `sqlite:${join(work, 'serve.sqlite')}`,
        LOG_LEVEL: 'warn',
      },
    });
    const exited = new Promise<number | null>((r) => proc.on('exit', (code) => r(code)));
    let out = '';
    proc.stdout.on('data', (d) => (out += d));
    proc.stderr.on('data', (d) => (out += d));
    try {
      const until = Date.now() + 30_000;
      let status = 0;
      while (Date.now() < until) {
        status = await fetch(`http://127.0.0.1:${port}/readyz`).then(
          (r) => r.status,
          () => 0,
        );
        if (status === 200) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      expect({ status, out: status === 200 ? '' : out }).toEqual({ status: 200, out: '' });
    } finally {
      proc.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  }, 60_000);
});
