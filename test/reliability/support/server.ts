import { ChildProcessWithoutNullStreams, spawn } from 'child_process';
import { randomBytes } from 'crypto';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { createTestApp, freePort, freshTestDatabase, TestApp, TestAppOptions } from '@gatehouse/testing';
import { buildServer, ROOT } from '../../e2e/support/gatehouse-process';
import { send } from './http';

/**
 * Servers for the reliability battery (issue 12 §8), on loopback only, on SQLite or PostgreSQL as the
 * e2e suites choose (GATEHOUSE_TEST_DATABASE / GATEHOUSE_TEST_PG_URL):
 * - listeningApp: the production app (createApp) in this process, listening on a free port, for the
 *   batteries that talk HTTP to it and need its services (signing keys, a second tenant);
 * - spawnGatehouse: the compiled server as its own process (npm start's main.js), for the batteries that
 *   kill it, read its stdout or stop its database.
 */
export { ROOT };

/**
 * Rate limits high enough that a battery's volume never meets them: neither the tenant's Management API
 * limit nor the per-IP budget of requests that fail authentication (issue 12 §3, tested on its own in
 * test/e2e) is the subject here, and a 429 would hide what the server says to the request itself.
 */
export const BATTERY_RATE_LIMIT = '1000000';
export const BATTERY_LIMITS: Record<string, string> = {
  GATEHOUSE_MANAGEMENT_RATE_LIMIT: BATTERY_RATE_LIMIT,
  GATEHOUSE_UNAUTHENTICATED_RATE_LIMIT: BATTERY_RATE_LIMIT,
};

export interface ListeningApp {
  t: TestApp;
  port: number;
  /** The Host header of the default tenant (its domain). */
  host: string;
  close(): Promise<void>;
}

export async function listeningApp(options: TestAppOptions = {}): Promise<ListeningApp> {
  const port = await freePort();
  const t = await createTestApp({ ...options, env: { ...BATTERY_LIMITS, ...options.env } });
  await t.app.listen({ port, host: '127.0.0.1' });
  return { t, port, host: t.main.host, close: () => t.close() };
}

let built: string | undefined;

/**
 * The compiled server's main.js. GATEHOUSE_RELIABILITY_SERVER names one already built (.ci/run builds it
 * once for the whole tier); otherwise it is compiled (buildServer, as the multi-instance e2e suites do) into
 * a temporary folder of this test file (tsc + tsc-alias, about 15 s), never into dist/, which
 * process.e2e-spec rebuilds in place.
 */
export function serverMain(): string {
  const given = process.env.GATEHOUSE_RELIABILITY_SERVER;
  if (given) {
    if (!existsSync(given)) throw new Error(`GATEHOUSE_RELIABILITY_SERVER=${given} does not exist`);
    return given;
  }
  if (built) return built;
  built = buildServer(mkdtempSync(join(tmpdir(), 'gatehouse-reliability-build-')));
  return built;
}

export interface SpawnedGatehouse {
  port: number;
  /** The default tenant's Host header (127.0.0.1:<port>, its domain). */
  host: string;
  base: string;
  databaseUrl: string;
  admin: { clientId: string; clientSecret: string };
  /** The Management API audience of the default tenant. */
  audience: string;
  proc: ChildProcessWithoutNullStreams;
  /** Everything the process wrote to stdout and stderr so far. */
  stdout(): string;
  stderr(): string;
  exited: Promise<number | null>;
  /** SIGKILL, and wait for the exit. */
  kill9(): Promise<void>;
  /** SIGTERM (graceful), SIGKILL after 10 s. */
  stop(): Promise<void>;
  /** A new process on the same database, port, secret key and admin credentials. */
  restart(env?: Record<string, string>): Promise<SpawnedGatehouse>;
  /** Stop the process and drop its database. */
  dispose(): Promise<void>;
}

export interface SpawnOptions {
  env?: Record<string, string>;
  /** A database of the caller's (default: a fresh one from freshTestDatabase, dropped by dispose()). */
  databaseUrl?: string;
  /** How long to wait for /readyz (ms). */
  readyTimeoutMs?: number;
}

/** Start the compiled server as a child process on a free loopback port and wait until /readyz says 200. */
export async function spawnGatehouse(options: SpawnOptions = {}): Promise<SpawnedGatehouse> {
  const main = serverMain();
  const port = await freePort();
  const db = options.databaseUrl ? { url: options.databaseUrl, drop: async () => undefined } : await freshTestDatabase('gatehouse-reliability-');
  const fixed = {
    secretKey: randomBytes(32).toString('hex'),
    admin: { clientId: `reliability${randomBytes(6).toString('hex')}`, clientSecret: randomBytes(24).toString('base64url') },
  };
  const start = async (extra: Record<string, string>): Promise<SpawnedGatehouse> => {
    const env = {
      PATH: process.env.PATH ?? '',
      NODE_PATH: join(ROOT, 'node_modules'),
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: db.url,
      GATEHOUSE_PUBLIC_URL: `http://127.0.0.1:${port}`,
      GATEHOUSE_SECRET_KEY: fixed.secretKey,
      GATEHOUSE_ADMIN_CLIENT_ID: fixed.admin.clientId,
      GATEHOUSE_ADMIN_CLIENT_SECRET: fixed.admin.clientSecret,
      ...BATTERY_LIMITS,
      LOG_LEVEL: 'warn',
      ...options.env,
      ...extra,
    };
    const proc = spawn(process.execPath, [main], { cwd: ROOT, env });
    let out = '';
    let err = '';
    proc.stdout.on('data', (d) => (out += d));
    proc.stderr.on('data', (d) => (err += d));
    const exited = new Promise<number | null>((r) => proc.on('exit', (code) => r(code)));
    const host = `127.0.0.1:${port}`;
    const self: SpawnedGatehouse = {
      port,
      host,
      base: `http://${host}`,
      databaseUrl: db.url,
      admin: fixed.admin,
      audience: `https://${host}/api/v2/`,
      proc,
      stdout: () => out,
      stderr: () => err,
      exited,
      async kill9() {
        if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
        await exited;
      },
      async stop() {
        if (proc.exitCode !== null || proc.signalCode !== null) return;
        proc.kill('SIGTERM');
        const timer = setTimeout(() => proc.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      },
      async restart(next: Record<string, string> = {}) {
        await self.stop();
        return start({ ...extra, ...next });
      },
      async dispose() {
        await self.stop();
        await db.drop();
      },
    };
    const until = Date.now() + (options.readyTimeoutMs ?? 30_000);
    for (;;) {
      const ready = await send(port, host, { method: 'GET', path: '/readyz' }, 2_000).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ready) return self;
      if (Date.now() > until || proc.exitCode !== null) {
        await self.kill9();
        throw new Error(`Gatehouse did not start (exit ${proc.exitCode}):\n${out}\n${err}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  return start({});
}

/** A Management API token of the admin application (client credentials) from a listening server. */
export async function adminToken(port: number, host: string, admin: { clientId: string; clientSecret: string }, audience: string): Promise<string> {
  const res = await send(port, host, {
    method: 'POST',
    path: '/oauth/token',
    headers: [['Content-Type', 'application/json']],
    body: JSON.stringify({ grant_type: 'client_credentials', client_id: admin.clientId, client_secret: admin.clientSecret, audience }),
  });
  if (res.status !== 200) throw new Error(`token request failed: ${res.status} ${res.body}`);
  return (res.json as { access_token: string }).access_token;
}

/**
 * One line of figures per battery: printed, and appended to $GATEHOUSE_RELIABILITY_REPORT when set
 * (.ci/run shows that file at the end of the run).
 */
export function reportFigures(line: string): void {
  const db = process.env.GATEHOUSE_TEST_DATABASE === 'postgres' ? 'postgres' : 'sqlite';
  const full = `${line} [${db}]`;
  process.stdout.write(`${full}\n`);
  const file = process.env.GATEHOUSE_RELIABILITY_REPORT;
  if (file) {
    mkdirSync(join(file, '..'), { recursive: true });
    appendFileSync(file, `${full}\n`);
  }
}
