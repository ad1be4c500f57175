import { execFile, execFileSync } from 'child_process';
import { promisify } from 'util';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { freePort } from '@gatehouse/testing';
import { RawResponse, send } from './support/http';
import { errorShapeProblem, familyOf } from './support/shape';
import { adminToken, reportFigures, spawnGatehouse, SpawnedGatehouse } from './support/server';

/**
 * R5 (issue 12 §5, §8): PostgreSQL stopped and started again under a steady stream of reads and writes.
 * While it is down every request that needs it gets 503 with Retry-After in Auth0's shape (RFC 6749's
 * `temporarily_unavailable` on the Authentication API), never a 500 or a hang; /readyz says why with the
 * driver's code and no connection string; once it is back Gatehouse serves again without a restart, and
 * every create it acknowledged (201) is there. The PostgreSQL server is this test's own (initdb into a
 * temporary folder, its own port), whatever database the rest of the suite runs on.
 */
const PG_BIN = process.env.GATEHOUSE_PG_BIN ?? '/usr/lib/postgresql/15/bin';
/** The test's own password in the URL: it must appear in no answer and no log line. */
const DB_PASSWORD = 'r5-Secret-pw-7c1d';

class OwnPostgres {
  readonly dir = mkdtempSync(join(tmpdir(), 'gatehouse-r5-pg-'));
  constructor(readonly port: number) {}

  /**
   * As the postgres OS user when this runs as root (PostgreSQL refuses to run as root). Asynchronous, so
   * the load keeps flowing while the server stops and starts.
   */
  private async run(bin: string, args: string[]): Promise<void> {
    const asRoot = process.getuid?.() === 0;
    const [cmd, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', join(PG_BIN, bin), ...args]] : [join(PG_BIN, bin), args];
    await promisify(execFile)(cmd, argv, { timeout: 60_000 });
  }

  async init(): Promise<void> {
    if (process.getuid?.() === 0) {
      const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
      const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
      chownSync(this.dir, uid, gid);
    }
    await this.run('initdb', ['-D', join(this.dir, 'data'), '-U', 'gatehouse', '--auth=trust', '--no-sync']);
  }

  start(): Promise<void> {
    const opts = `-c listen_addresses=127.0.0.1 -p ${this.port} -k ${this.dir} -c fsync=off -c max_connections=50`;
    return this.run('pg_ctl', ['-D', join(this.dir, 'data'), '-l', join(this.dir, 'pg.log'), '-w', '-t', '60', '-o', opts, 'start']);
  }

  /** Fast shutdown: open sessions are terminated (57P01), as a restart or a failover does. */
  stop(): Promise<void> {
    return this.run('pg_ctl', ['-D', join(this.dir, 'data'), '-m', 'fast', '-w', 'stop']);
  }

  async dispose(): Promise<void> {
    await this.stop().catch(() => undefined); // not running
    rmSync(this.dir, { recursive: true, force: true });
  }

  get url(): string {
    return `postgres://gatehouse:${DB_PASSWORD}@127.0.0.1:${this.port}/postgres`;
  }
}

interface Outcome {
  at: number;
  path: string;
  res?: RawResponse;
  error?: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
// R5 is about PostgreSQL: it runs once, with the PostgreSQL suite (.ci/run runs the SQLite and PostgreSQL
// suites side by side; running it in both would start two outages at once for the same figures). It needs
// the PostgreSQL 15 binaries, which .ci/run installs.
const available = existsSync(join(PG_BIN, 'pg_ctl')) && process.env.GATEHOUSE_TEST_DATABASE === 'postgres';

(available ? describe : describe.skip)('R5: PostgreSQL stopped and started under load (with the PostgreSQL suite only)', () => {
  let pg: OwnPostgres;
  let gh: SpawnedGatehouse | undefined;

  beforeAll(async () => {
    pg = new OwnPostgres(await freePort());
    await pg.init();
    await pg.start();
  }, 120_000);
  afterAll(async () => {
    await gh?.stop();
    await pg?.dispose();
  }, 60_000);

  it('answers 503 with Retry-After while it is down, says why on /readyz, resumes by itself and loses nothing acknowledged', async () => {
    gh = await spawnGatehouse({ databaseUrl: pg.url, readyTimeoutMs: 60_000 });
    const g = gh;
    const token = await adminToken(g.port, g.host, g.admin, g.audience);
    const auth: [string, string] = ['Authorization', `Bearer ${token}`];
    const json: [string, string] = ['Content-Type', 'application/json'];

    const outcomes: Outcome[] = [];
    const acknowledged: string[] = [];
    let stop = false;
    let n = 0;
    const t0 = Date.now();

    const call = async (method: string, path: string, body?: unknown, headers: [string, string][] = [auth]): Promise<RawResponse | undefined> => {
      const at = Date.now() - t0;
      try {
        const res = await send(
          g.port,
          g.host,
          { method, path, headers: body ? [...headers, json] : headers, body: body ? JSON.stringify(body) : undefined },
          15_000,
        );
        outcomes.push({ at, path, res });
        return res;
      } catch (e) {
        outcomes.push({ at, path, error: (e as Error).message });
        return undefined;
      }
    };

    // A steady stream: each worker creates a client, reads it back, lists, and now and then asks for a token.
    const worker = async (w: number) => {
      while (!stop) {
        const i = n++;
        const created = await call('POST', '/api/v2/clients', { name: `r5-${w}-${i}`, app_type: 'non_interactive' });
        if (created?.status === 201) acknowledged.push((created.json as { client_id: string }).client_id);
        const id = acknowledged[acknowledged.length - 1];
        if (id) await call('GET', `/api/v2/clients/${id}`);
        await call('GET', '/api/v2/clients?per_page=5&include_totals=true');
        if (i % 4 === 0) {
          await call(
            'POST',
            '/oauth/token',
            { grant_type: 'client_credentials', client_id: g.admin.clientId, client_secret: g.admin.clientSecret, audience: g.audience },
            [],
          );
        }
        await sleep(5);
      }
    };
    const workers = [0, 1, 2, 3].map(worker);

    const readyz = () => send(g.port, g.host, { method: 'GET', path: '/readyz' }, 15_000);

    await sleep(1_500);
    const beforeOutage = outcomes.length;
    const stoppedAt = Date.now() - t0;
    await pg.stop();
    const stopDone = Date.now() - t0;
    await sleep(2_000);
    const downReadyz = await readyz();
    const startedAt = Date.now() - t0;
    await pg.start();
    const pgUp = Date.now() - t0;
    let recoveredAt = -1;
    for (const until = Date.now() + 30_000; Date.now() < until;) {
      if ((await readyz()).status === 200) {
        recoveredAt = Date.now() - t0;
        break;
      }
      await sleep(100);
    }
    expect(recoveredAt).toBeGreaterThan(0);
    // Load keeps running after recovery: from one second after /readyz is back, everything must succeed.
    await sleep(2_500);
    stop = true;
    await Promise.all(workers);

    // The process was never restarted.
    expect(g.proc.exitCode).toBeNull();
    expect(g.proc.signalCode).toBeNull();

    const answered = outcomes.filter((o) => o.res);
    const failures = outcomes.filter((o) => o.error);
    // Every request got an answer (no hang, no dropped connection).
    expect(failures.map((o) => `${o.path}: ${o.error}`)).toEqual([]);

    // Every answer is a success or a 503 with Retry-After in its API's error shape; never a 500.
    const bad = answered.filter((o) => o.res!.status >= 300 && o.res!.status !== 503);
    const unexpected = (g.stdout() + g.stderr()).split('\n').filter((l) => l.includes('unexpected error'));
    expect({ bad: bad.map((o) => `${o.at}ms ${o.path} ${o.res!.status} ${o.res!.body.slice(0, 200)}`), logged: unexpected }).toEqual({ bad: [], logged: [] });
    const unavailable = answered.filter((o) => o.res!.status === 503);
    expect(unavailable.length).toBeGreaterThan(0);
    for (const o of unavailable) {
      expect(errorShapeProblem(o.path, o.res!)).toBeUndefined();
      expect(Number(o.res!.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      const body = o.res!.json as Record<string, unknown>;
      if (familyOf(o.path) === 'oauth') expect(body).toEqual({ error: 'temporarily_unavailable', error_description: expect.any(String) });
      else expect(body).toMatchObject({ statusCode: 503, error: 'Service Unavailable', errorCode: 'service_unavailable' });
    }
    // 503s only around the outage: none for a request answered before PG began to stop, none from one
    // second after /readyz recovered.
    expect(unavailable.filter((o) => o.at + o.res!.ms < stoppedAt).map((o) => `${o.at}ms ${o.path}`)).toEqual([]);
    const lateFailures = answered.filter((o) => o.at > recoveredAt + 1_000 && o.res!.status >= 300);
    expect(lateFailures.map((o) => `${o.at}ms ${o.path} ${o.res!.status}`)).toEqual([]);
    const afterRecovery = answered.filter((o) => o.at > recoveredAt + 1_000);
    expect(afterRecovery.length).toBeGreaterThan(10);

    // /readyz while down: 503, why, the driver's code, never the connection string or its password.
    expect(downReadyz.status).toBe(503);
    expect(downReadyz.json).toEqual({
      status: 'unavailable',
      reason: 'database_unreachable',
      code: expect.stringMatching(/^[A-Z0-9_]+$/),
      now: expect.any(String),
    });
    expect(Number(downReadyz.headers['retry-after'])).toBeGreaterThanOrEqual(1);

    // No answer and no log line carries the database password or URL.
    for (const o of answered) expect(o.res!.body).not.toContain(DB_PASSWORD);
    expect(g.stdout() + g.stderr()).not.toContain(DB_PASSWORD);
    expect(g.stdout() + g.stderr()).not.toContain('postgres://');

    // Nothing acknowledged is lost: every 201 is there after the outage.
    expect(acknowledged.length).toBeGreaterThan(20);
    const missing: string[] = [];
    for (const id of acknowledged) {
      const res = await send(g.port, g.host, { method: 'GET', path: `/api/v2/clients/${id}`, headers: [auth] });
      if (res.status !== 200) missing.push(`${id}: ${res.status}`);
    }
    expect(missing).toEqual([]);

    const ok = answered.filter((o) => o.res!.status < 300).length;
    const first503 = Math.min(...unavailable.map((o) => o.at));
    const last503 = Math.max(...unavailable.map((o) => o.at));
    const slowest503 = Math.max(...unavailable.map((o) => o.res!.ms));
    reportFigures(
      `R5 pg-outage (its own PostgreSQL 15): ${answered.length} requests (${beforeOutage} before the stop), ${ok} 2xx, ${unavailable.length} 503 (Retry-After ${unavailable[0]!.res!.headers['retry-after']}s, slowest ${slowest503} ms), 0 other, 0 unanswered; ` +
        `PG down ${stoppedAt}-${pgUp} ms (stop took ${stopDone - stoppedAt} ms, start ${pgUp - startedAt} ms), first 503 at ${first503} ms, last at ${last503} ms, /readyz 200 again ${recoveredAt - pgUp} ms after PG started; ` +
        `/readyz down: ${JSON.stringify(downReadyz.json)}; ${acknowledged.length} creates acknowledged, ${acknowledged.length - missing.length} present after; no restart`,
    );
  }, 180_000);
});
