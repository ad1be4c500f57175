import 'reflect-metadata';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomBytes } from 'crypto';
import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { createServer } from 'net';
import { Client } from 'pg';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { GatehouseConfig, loadConfig } from '@gatehouse/config';
import { localTlsCaPath } from '@gatehouse/http';
import { Clock, Tenant, TenantsService } from '@gatehouse/tenancy';
import { createApp, CreateAppOptions } from '../../../apps/gatehouse/src/configure-app';

export type TestDatabase = 'sqlite' | 'postgres';

/** Which database e2e suites run on: GATEHOUSE_TEST_DATABASE=postgres (with GATEHOUSE_TEST_PG_URL) or SQLite. */
export function testDatabase(): TestDatabase {
  return process.env.GATEHOUSE_TEST_DATABASE === 'postgres' ? 'postgres' : 'sqlite';
}

export interface TenantHandle {
  tenant: Tenant;
  host: string;
  admin: { clientId: string; clientSecret: string };
}

export interface TestApp {
  app: NestFastifyApplication;
  config: GatehouseConfig;
  clock: Clock;
  /** The default tenant, seeded as on first start. */
  main: TenantHandle;
  /** With `env: { GATEHOUSE_HTTPS: 'on' }`: the local authority the server's certificate chains to (what a client trusts). */
  ca?: { path: string; pem: string };
  inject(opts: InjectOptions & { host?: string }): Promise<LightMyRequestResponse>;
  /** A Management API token for the tenant's admin application (optionally narrowed to `scope`). */
  token(tenant?: TenantHandle, scope?: string): Promise<string>;
  /** A tenant in a new account (or in `accountId`). */
  createTenant(domain: string, accountId?: string): Promise<TenantHandle>;
  /** Stop this app and start a new one on the same database (as a process restart would). */
  restart(options?: TestAppOptions): Promise<TestApp>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  now?: Date;
  env?: Record<string, string>;
  /** Where the process log goes (with `env: { LOG_LEVEL }`); default: none (LOG_LEVEL silent). */
  logStream?: CreateAppOptions['logStream'];
}

/**
 * The very app production runs (createApp), on a fresh database of its own: a temporary SQLite file,
 * or a new PostgreSQL database dropped on close. Requests go through Fastify's inject.
 */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const db = await freshTestDatabase('gatehouse-test-');
  const secretKey = randomBytes(32).toString('hex');
  const databaseUrl = db.url;
  const cleanup = db.drop;
  return startOn(databaseUrl, secretKey, options, cleanup);
}

async function startOn(
  databaseUrl: string,
  secretKey: string,
  options: TestAppOptions,
  cleanup: () => Promise<void>,
  firstAdmin?: { clientId: string; clientSecret: string },
): Promise<TestApp> {
  const config = loadConfig({
    DATABASE_URL: databaseUrl,
    GATEHOUSE_PUBLIC_URL: options.env?.GATEHOUSE_HTTPS === 'on' ? 'https://localhost:3000' : 'http://localhost:3000',
    GATEHOUSE_SECRET_KEY: secretKey,
    LOG_LEVEL: 'silent',
    ...(options.now ? { GATEHOUSE_NOW: options.now.toISOString() } : {}),
    ...options.env,
  });
  const clock = new Clock(config.now);
  const app = await createApp(config, { clock, logStream: options.logStream });
  const tenants = app.get(TenantsService);
  const seeded = await tenants.seedDefaultTenant();
  const main: TenantHandle = {
    tenant: seeded.tenant,
    host: seeded.tenant.domain,
    admin: firstAdmin ?? { clientId: seeded.admin.clientId, clientSecret: seeded.admin.generatedSecret ?? config.adminClientSecret ?? '' },
  };
  const fastify = app.getHttpAdapter().getInstance();
  const caPath = config.https ? localTlsCaPath(config.dataDir) : undefined;

  const inject = (opts: InjectOptions & { host?: string }) => {
    const { host, headers, ...rest } = opts;
    return fastify.inject({ ...rest, headers: { host: host ?? main.host, ...(headers ?? {}) } });
  };

  return {
    app,
    config,
    clock,
    main,
    ...(caPath ? { ca: { path: caPath, pem: readFileSync(caPath, 'utf8') } } : {}),
    inject,
    token(tenant = main, scope?: string) {
      return clientCredentialsToken(inject, { host: tenant.host, ...tenant.admin, audience: tenant.tenant.managementAudience, scope });
    },
    async createTenant(domain: string, accountId?: string) {
      const account = accountId ?? (await tenants.createAccount(`account of ${domain}`));
      const { tenant, admin } = await tenants.createTenant({ accountId: account, domain, admin: {} });
      return { tenant, host: domain, admin: { clientId: admin!.clientId, clientSecret: admin!.clientSecret } };
    },
    async restart(next: TestAppOptions = {}) {
      await app.close();
      return startOn(databaseUrl, secretKey, next, cleanup, main.admin);
    },
    async close() {
      await app.close();
      await cleanup();
    },
  };
}

/**
 * An access token from a tenant's own POST /oauth/token (client_credentials, client_secret_post): the
 * Management API token of an admin application when `audience` is the tenant's Management API. Throws
 * with the answer unless it is 200.
 */
export async function clientCredentialsToken(
  inject: TestApp['inject'],
  c: { host: string; clientId: string; clientSecret: string; audience: string; scope?: string },
): Promise<string> {
  const res = await inject({
    method: 'POST',
    url: '/oauth/token',
    host: c.host,
    payload: {
      grant_type: 'client_credentials',
      client_id: c.clientId,
      client_secret: c.clientSecret,
      audience: c.audience,
      ...(c.scope ? { scope: c.scope } : {}),
    },
  });
  if (res.statusCode !== 200) throw new Error(`token request failed: ${res.statusCode} ${res.body}`);
  return res.json().access_token as string;
}

/** A TCP port free on loopback right now (for tests that listen for real). */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/**
 * A new, empty database for one test: a SQLite file in a temporary folder, or (GATEHOUSE_TEST_DATABASE=
 * postgres) a new PostgreSQL database; `drop` removes it and the folder.
 */
export async function freshTestDatabase(prefix: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const removeDir = async () => rmSync(dir, { recursive: true, force: true });
  if (testDatabase() !== 'postgres') return { url: `sqlite:${join(dir, 'gatehouse.sqlite')}`, drop: removeDir };
  const adminUrl = process.env.GATEHOUSE_TEST_PG_URL;
  if (!adminUrl) throw new Error('GATEHOUSE_TEST_PG_URL must point at a PostgreSQL server for the postgres suite');
  const name = `gh_test_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
      await removeDir();
    },
  };
}
