import { ChildProcessWithoutNullStreams, spawn } from 'child_process';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { freePort } from '@gatehouse/testing';
import { buildServer, ROOT } from './support/gatehouse-process';

/**
 * Logs as one stream (issue 15 §6), on the compiled server as `npm start` runs it, stdout and stderr
 * apart: with LOG_FORMAT=json every stdout line is one JSON object, Nest's own start-up lines included,
 * request lines carrying the x-request-id; with LOG_FORMAT=pretty, readable lines, one per request, and
 * no secret in either. The admin banner goes to stderr. (SQLite: the database is not what is tested.)
 */

interface Proc {
  proc: ChildProcessWithoutNullStreams;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

const ADMIN_ID = 'ProcessLogsAdmin01';
const ADMIN_SECRET = 'process-logs-admin-secret-0123456789';

describe('the process log as one stream', () => {
  let dir: string;
  let main: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'gatehouse-process-logs-'));
    main = buildServer(join(dir, 'build'));
  }, 180_000);
  const running: Proc[] = [];
  afterAll(async () => {
    for (const p of running.filter((r) => r.proc.exitCode === null)) {
      p.proc.kill('SIGKILL');
      await p.exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  async function start(name: string, env: Record<string, string>): Promise<{ p: Proc; base: string; port: number }> {
    const port = await freePort();
    const proc = spawn(process.execPath, [main], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        NODE_PATH: join(ROOT, 'node_modules'),
        PORT: String(port),
        HOST: '127.0.0.1',
        DATABASE_URL: `sqlite:${join(dir, `${name}.sqlite`)}`,
        GATEHOUSE_ADMIN_CLIENT_ID: ADMIN_ID,
        GATEHOUSE_ADMIN_CLIENT_SECRET: ADMIN_SECRET,
        ...env,
      },
    });
    let out = '';
    let err = '';
    proc.stdout.on('data', (d) => (out += d));
    proc.stderr.on('data', (d) => (err += d));
    const exited = new Promise<number | null>((r) => proc.on('exit', (code) => r(code)));
    const p = { proc, stdout: () => out, stderr: () => err, exited };
    running.push(p);
    const until = Date.now() + 30_000;
    while (!err.includes('admin client_id')) {
      if (Date.now() > until || proc.exitCode !== null) throw new Error(`${name} did not start:\n${out}\n${err}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    return { p, base: `http://127.0.0.1:${port}`, port };
  }

  async function session(base: string, port: number) {
    const querySecret = `S3CRET-query-${Math.random().toString(36).slice(2)}`;
    const tokenRes = await fetch(`${base}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        grant_type: 'client_credentials',
        client_id: ADMIN_ID,
        client_secret: ADMIN_SECRET,
        audience: `https://localhost:${port}/api/v2/`,
      }),
    });
    expect(tokenRes.status).toBe(200);
    const { access_token } = (await tokenRes.json()) as { access_token: string };
    // A secret where it does not belong: refused (an unknown query parameter), and logged masked.
    const api = await fetch(`${base}/api/v2/clients?fields=name&client_secret=${querySecret}`, { headers: { authorization: `Bearer ${access_token}` } });
    expect(api.status).toBe(400);
    await api.text();
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    return { querySecret, accessToken: access_token, apiRequestId: api.headers.get('x-request-id')!, healthRequestId: health.headers.get('x-request-id')! };
  }

  async function stop(p: Proc): Promise<void> {
    p.proc.kill('SIGTERM');
    expect(await p.exited).toBe(0);
  }

  it('LOG_FORMAT=json: every stdout line is JSON, Nest’s start-up lines included; request lines carry the request id; no secret', async () => {
    const { p, base, port } = await start('json', { LOG_FORMAT: 'json', LOG_LEVEL: 'debug' });
    const s = await session(base, port);
    await stop(p);

    const lines = p.stdout().split('\n').filter(Boolean);
    const notJson = lines.filter((l) => {
      try {
        return typeof JSON.parse(l) !== 'object';
      } catch {
        return true;
      }
    });
    expect(notJson).toEqual([]);
    const entries = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    // Nest's own lines, which its console logger printed as coloured text before.
    const contexts = new Set(entries.map((e) => e.context));
    for (const context of ['NestFactory', 'InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestApplication']) expect(contexts).toContain(context);
    expect(entries.find((e) => e.context === 'NestApplication')).toMatchObject({ level: 30, msg: 'Nest application successfully started' });
    // Route mapping is start-up chatter: debug, not info.
    expect(entries.filter((e) => e.context === 'RouterExplorer').every((e) => e.level === 20)).toBe(true);
    expect(entries.some((e) => typeof e.msg === 'string' && e.msg.startsWith('Gatehouse listening'))).toBe(true);
    expect(entries.some((e) => e.msg === 'shutting down: finishing in-flight requests')).toBe(true);
    // Both lines of a request carry the id its response gave.
    for (const id of [s.apiRequestId, s.healthRequestId]) {
      expect(entries.filter((e) => e.reqId === id).map((e) => e.msg)).toEqual(expect.arrayContaining(['incoming request', 'request completed']));
    }
    const api = entries.find((e) => e.reqId === s.apiRequestId && e.msg === 'incoming request') as { req: { url: string } };
    expect(api.req.url).toBe('/api/v2/clients?fields=name&client_secret=[redacted]');

    // The banner (with the curl line) is on stderr, not in the log.
    expect(p.stderr()).toContain(`admin client_id:     ${ADMIN_ID}`);
    expect(p.stdout()).not.toContain('admin client_id');
    for (const secret of [ADMIN_SECRET, s.querySecret, s.accessToken, s.accessToken.split('.')[2]!]) expect(p.stdout()).not.toContain(secret);
  }, 60_000);

  it('LOG_FORMAT=pretty: readable lines, one per request, Nest’s included, and no secret', async () => {
    const { p, base, port } = await start('pretty', { LOG_FORMAT: 'pretty', LOG_LEVEL: 'info' });
    const s = await session(base, port);
    await stop(p);

    const out = p.stdout();
    const lines = out.split('\n').filter(Boolean);
    expect(lines.length).toBeGreaterThanOrEqual(6);
    // Not one JSON line.
    const json = lines.filter((l) => {
      try {
        JSON.parse(l);
        return true;
      } catch {
        return false;
      }
    });
    expect(json).toEqual([]);
    expect(out).toContain('[NestApplication] Nest application successfully started');
    expect(out).toMatch(/INFO.*Gatehouse listening on http:\/\/127\.0\.0\.1:\d+/);
    // One line per request: method, URL (secret query values masked), status, time.
    expect(lines.filter((l) => l.includes('/api/v2/clients?'))).toEqual([
      expect.stringMatching(/INFO.*GET \/api\/v2\/clients\?fields=name&client_secret=\[redacted\] 400 \d+\.\dms$/),
    ]);
    expect(lines.filter((l) => l.includes('/healthz'))).toEqual([expect.stringMatching(/GET \/healthz 200 \d+\.\dms$/)]);
    expect(lines.filter((l) => l.includes('/oauth/token'))).toEqual([expect.stringMatching(/POST \/oauth\/token 200 \d+\.\dms$/)]);
    expect(out).not.toContain('incoming request');
    expect(out).toContain('shutting down');
    for (const secret of [ADMIN_SECRET, s.querySecret, s.accessToken, s.accessToken.split('.')[2]!]) expect(out).not.toContain(secret);
  }, 60_000);
});
