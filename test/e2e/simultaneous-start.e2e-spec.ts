import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { randomBytes } from 'crypto';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from '@gatehouse/schemas';
import { freePort, freshTestDatabase, testDatabase } from '@gatehouse/testing';
import { buildServer, GatehouseProcess, startProcess, stopProcess, waitReady } from './support/gatehouse-process';

/**
 * SPEC §1, §10: two Gatehouse processes started at the same instant on one new database both start.
 * Migrations run once, the first-start seed creates exactly one default account, tenant and admin
 * application, and a second simultaneous start on the seeded database only reconciles. On SQLite this
 * used to fail: `journal_mode = WAL` sent before the busy timeout, the pending-migration check and the
 * seed's "is there a default tenant?" outside any lock, and DEFERRED transactions that SQLite refuses
 * to upgrade to writers (SQLITE_BUSY at once, whatever the busy timeout).
 *
 * No GATEHOUSE_SECRET_KEY is given on SQLite, so the two processes also agree on the at-rest key they
 * generate into the database's folder.
 */
const ROUNDS = 5;

interface FreshDatabase {
  url: string;
  secretKey?: string;
  drop(): Promise<void>;
}

async function freshDatabase(): Promise<FreshDatabase> {
  const db = await freshTestDatabase('gatehouse-simultaneous-');
  // Several instances on PostgreSQL share the at-rest key through configuration (decisions.md).
  return db.url.startsWith('sqlite:') ? db : { ...db, secretKey: randomBytes(32).toString('hex') };
}

/** Row counts read straight from the database, as neither process sees them. */
async function census(databaseUrl: string): Promise<Record<string, number>> {
  const ds = new DataSource(
    databaseUrl.startsWith('sqlite:') ? { type: 'sqlite', database: databaseUrl.slice('sqlite:'.length) } : { type: 'postgres', url: databaseUrl },
  );
  await ds.initialize();
  try {
    const n = async (sql: string) => Number((await ds.query(sql))[0].n);
    return {
      migrations: await n('SELECT COUNT(*) AS n FROM migrations'),
      accounts: await n('SELECT COUNT(*) AS n FROM accounts'),
      defaultTenants: await n('SELECT COUNT(*) AS n FROM tenants WHERE is_default'),
      tenants: await n('SELECT COUNT(*) AS n FROM tenants'),
      clients: await n('SELECT COUNT(*) AS n FROM clients'),
      clientGrants: await n('SELECT COUNT(*) AS n FROM client_grants'),
      signingKeys: await n('SELECT COUNT(*) AS n FROM signing_keys'),
    };
  } finally {
    await ds.destroy();
  }
}

/** The start-up banner follows /readyz by a moment: wait for it before reading it. */
async function bannerPrinted(p: GatehouseProcess): Promise<void> {
  const until = Date.now() + 10_000;
  while (!p.out().includes('admin client_id:')) {
    if (Date.now() > until) throw new Error(`no banner from ${p.name}:\n${p.out()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('two processes started at the same instant on one database', () => {
  let buildDir: string;
  let main: string;
  const running: GatehouseProcess[] = [];

  beforeAll(() => {
    buildDir = mkdtempSync(join(tmpdir(), 'gatehouse-simultaneous-build-'));
    main = buildServer(buildDir);
  }, 120_000);

  afterEach(async () => {
    await Promise.all(running.splice(0).map(stopProcess));
  }, 30_000);

  afterAll(() => {
    if (buildDir) rmSync(buildDir, { recursive: true, force: true });
  });

  /** Two processes spawned in the same tick; both must answer /readyz. */
  async function startTogether(round: number, db: FreshDatabase, env: Record<string, string>): Promise<GatehouseProcess[]> {
    const [portA, portB] = [await freePort(), await freePort()];
    const common = { DATABASE_URL: db.url, LOG_LEVEL: 'warn', ...(db.secretKey ? { GATEHOUSE_SECRET_KEY: db.secretKey } : {}), ...env };
    const pair = [startProcess(`A${round}`, main, portA, common), startProcess(`B${round}`, main, portB, common)];
    running.push(...pair);
    await Promise.all(pair.map((p) => waitReady(p)));
    await Promise.all(pair.map((p) => bannerPrinted(p)));
    return pair;
  }

  it.each(Array.from({ length: ROUNDS }, (_, i) => i + 1))(
    'round %i: both start on a new database, then both start again on it; one default tenant, one admin application',
    async (round) => {
      const db = await freshDatabase();
      try {
        // Odd rounds configure the admin's client_id (a duplicate would be a primary-key violation);
        // even rounds let it be generated (a duplicate would be a second default tenant).
        const env: Record<string, string> =
          round % 2 ? { GATEHOUSE_ADMIN_CLIENT_ID: `SimultaneousAdmin${round}`, GATEHOUSE_ADMIN_CLIENT_SECRET: 'simultaneous-admin-secret-0123456789' } : {};
        const first = await startTogether(round, db, env);
        const created = first.filter((p) => p.out().includes('the default tenant and its admin application were created'));
        expect(created.map((p) => p.name)).toHaveLength(1);
        await Promise.all(first.map(stopProcess));

        const expected = {
          migrations: MIGRATIONS[testDatabase()].length,
          accounts: 1,
          defaultTenants: 1,
          tenants: 1,
          clients: 1,
          clientGrants: 1,
          signingKeys: 1,
        };
        expect(await census(db.url)).toEqual(expected);

        // Restarting both at once on the seeded database: both reconcile in write transactions.
        const second = await startTogether(round, db, env);
        expect(second.filter((p) => p.out().includes('were created'))).toEqual([]);
        await Promise.all(second.map(stopProcess));
        expect(await census(db.url)).toEqual(expected);
      } finally {
        await db.drop();
      }
    },
    90_000,
  );
});
