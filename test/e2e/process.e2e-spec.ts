import { ChildProcessWithoutNullStreams, execFileSync, spawn } from 'child_process';
import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { freePort } from '@gatehouse/testing';
import { join } from 'path';

/**
 * The real process, as `npm start` runs it: config validation, first-start seed and banner, JSON logs
 * without secrets, graceful shutdown on SIGTERM. (SQLite only: the database is not what is tested.)
 */
const ROOT = join(__dirname, '..', '..');
// package.json's "main": the start command `npm start` runs, and the Dockerfile's CMD (container.e2e-spec).
const MAIN = join(ROOT, (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { main: string }).main);

interface Running {
  proc: ChildProcessWithoutNullStreams;
  out: () => string;
  exited: Promise<number | null>;
}

function start(env: Record<string, string>): Running {
  const proc = spawn(process.execPath, [MAIN], { env: { PATH: process.env.PATH ?? '', ...env }, cwd: ROOT });
  let out = '';
  proc.stdout.on('data', (d) => (out += d));
  proc.stderr.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((r) => proc.on('exit', (code) => r(code)));
  return { proc, out: () => out, exited };
}

async function waitFor(r: Running, text: string, ms = 20_000): Promise<void> {
  const until = Date.now() + ms;
  while (!r.out().includes(text)) {
    if (Date.now() > until || r.proc.exitCode !== null) throw new Error(`did not see "${text}" in:\n${r.out()}`);
    await new Promise((res) => setTimeout(res, 50));
  }
}

describe('the gatehouse process', () => {
  let dir: string;
  beforeAll(() => {
    execFileSync(process.execPath, [join(ROOT, 'scripts/build.js')], { cwd: ROOT, stdio: 'pipe' });
    dir = mkdtempSync(join(tmpdir(), 'gatehouse-proc-'));
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a bad configuration with a message naming the variable', async () => {
    const r = start({ PORT: 'eighty', DATABASE_URL: `sqlite:${join(dir, 'bad.sqlite')}` });
    expect(await r.exited).toBe(78);
    expect(r.out()).toContain('PORT:');
  });

  it('first start seeds and prints the admin credentials with a curl; logs carry request ids and no secrets; SIGTERM drains', async () => {
    const port = await freePort();
    const db = join(dir, 'gatehouse.sqlite');
    const env = { PORT: String(port), DATABASE_URL: `sqlite:${db}`, LOG_LEVEL: 'info' };
    const first = start(env);
    await waitFor(first, 'Gatehouse listening');
    const id = /admin client_id:\s+(\S+)/.exec(first.out())![1]!;
    const secret = /admin client_secret:\s+(\S+)/.exec(first.out())![1]!;
    expect(first.out()).toContain(`curl -s http://127.0.0.1:${port}/oauth/token`);
    // The banner says the clock's current instant (issue 14 §2): real time here, no GATEHOUSE_NOW.
    const banner = /clock:\s+(\S+)/.exec(first.out());
    expect(Math.abs(Date.parse(banner![1]!) - Date.now())).toBeLessThan(60_000);

    const base = `http://127.0.0.1:${port}`;
    const tokenRes = await fetch(`${base}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: id, client_secret: secret, audience: `https://localhost:${port}/api/v2/` }),
    });
    expect(tokenRes.status).toBe(200);
    const { access_token } = (await tokenRes.json()) as { access_token: string };
    const api = await fetch(`${base}/api/v2/roles`, { headers: { authorization: `Bearer ${access_token}` } });
    expect(api.status).toBe(403);
    expect(api.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);

    first.proc.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    const logs = first
      .out()
      .split('\n')
      .filter((l) => l.startsWith('{'));
    const requestLogs = logs.map((l) => JSON.parse(l)).filter((l) => l.reqId);
    expect(requestLogs.length).toBeGreaterThanOrEqual(4);
    expect(requestLogs.some((l) => l.reqId === api.headers.get('x-request-id'))).toBe(true);
    const logText = logs.join('\n');
    expect(logText).not.toContain(secret);
    expect(logText).not.toContain(access_token);
    expect(logText).toContain('shutting down');
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();

    // Second start on the same database: no new admin, no secret printed again.
    const second = start(env);
    await waitFor(second, 'Gatehouse listening');
    expect(second.out()).toContain(`admin client_id:     ${id}`);
    expect(second.out()).not.toContain(secret);
    const again = await fetch(`${base}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'client_credentials', client_id: id, client_secret: secret, audience: `https://localhost:${port}/api/v2/` }),
    });
    expect(again.status).toBe(200);
    second.proc.kill('SIGINT');
    expect(await second.exited).toBe(0);
  }, 60_000);

  it('a restart with another PORT moves the default tenant to the domain derived from it, and says so', async () => {
    const secret = 'a-moving-admin-secret-value-12345';
    const env = {
      DATABASE_URL: `sqlite:${join(dir, 'moved.sqlite')}`,
      LOG_LEVEL: 'warn',
      GATEHOUSE_ADMIN_CLIENT_ID: 'MovingAdminClient01',
      GATEHOUSE_ADMIN_CLIENT_SECRET: secret,
    };
    const [before, after] = [await freePort(), await freePort()];
    const first = start({ ...env, PORT: String(before) });
    await waitFor(first, 'admin client_id');
    first.proc.kill('SIGTERM');
    expect(await first.exited).toBe(0);

    const second = start({ ...env, PORT: String(after) });
    await waitFor(second, 'admin client_id');
    const moved = second
      .out()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l))
      .find((l) => l.from !== undefined);
    expect(moved).toMatchObject({ level: 40, from: `localhost:${before}`, to: `localhost:${after}`, managementAudience: `https://localhost:${after}/api/v2/` });
    expect(moved.msg).toContain(`the default tenant moved from localhost:${before} to the configured domain localhost:${after}`);
    const base = `http://127.0.0.1:${after}`;
    const tokenRes = await fetch(`${base}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        grant_type: 'client_credentials',
        client_id: 'MovingAdminClient01',
        client_secret: secret,
        audience: `https://localhost:${after}/api/v2/`,
      }),
    });
    expect(tokenRes.status).toBe(200);
    const { access_token } = (await tokenRes.json()) as { access_token: string };
    expect((await fetch(`${base}/api/v2/clients`, { headers: { authorization: `Bearer ${access_token}` } })).status).toBe(200);
    second.proc.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  }, 60_000);

  it('takes the admin credentials from GATEHOUSE_ADMIN_CLIENT_ID / _SECRET and does not print the secret', async () => {
    const port = await freePort();
    const secret = 'a-configured-admin-secret-value-123';
    const r = start({
      PORT: String(port),
      DATABASE_URL: `sqlite:${join(dir, 'configured.sqlite')}`,
      GATEHOUSE_ADMIN_CLIENT_ID: 'ConfiguredAdminClient01',
      GATEHOUSE_ADMIN_CLIENT_SECRET: secret,
    });
    await waitFor(r, 'Gatehouse listening');
    expect(r.out()).toContain('admin client_id:     ConfiguredAdminClient01');
    expect(r.out()).not.toContain(secret);
    const res = await fetch(`http://127.0.0.1:${port}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        grant_type: 'client_credentials',
        client_id: 'ConfiguredAdminClient01',
        client_secret: secret,
        audience: `https://localhost:${port}/api/v2/`,
      }),
    });
    expect(res.status).toBe(200);
    r.proc.kill('SIGTERM');
    expect(await r.exited).toBe(0);
  }, 60_000);
});
