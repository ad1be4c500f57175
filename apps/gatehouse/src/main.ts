import 'reflect-metadata';
import { ConfigError, loadConfig } from '@gatehouse/config';
import { localTlsCaPath } from '@gatehouse/http';
import { Clock } from '@gatehouse/tenancy';
import { createApp } from './configure-app';
import { seedOnStart, StartSeed } from './seed/seed-on-start';
import { SeedError } from './seed/tenant-file';

/** `npm start`: validate config, open and migrate the database, seed on first start, serve. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`gatehouse: ${e.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw e;
  }
  const clock = new Clock(config.now);
  const app = await createApp(config, { clock });
  // GATEHOUSE_SEED: a refused tenant file stops the start, naming the file, the path in it and the reason.
  let started: StartSeed;
  try {
    started = await seedOnStart(app, config);
  } catch (e) {
    if (!(e instanceof SeedError)) throw e;
    process.stderr.write(`gatehouse: ${e.message}\n  nothing of the file was applied; the next start applies it again\n`);
    await app.close().catch(() => undefined);
    process.exit(65); // EX_DATAERR
  }
  const { seed, applied } = started;
  await app.listen({ port: config.port, host: config.host });
  const log = app.getHttpAdapter().getInstance().log;
  log.info(
    { tenant: seed.tenant.domain, issuer: seed.tenant.issuer, now: clock.now().toISOString(), database: config.database.type },
    `Gatehouse listening on ${config.https ? 'https' : 'http'}://${config.host}:${config.port}`,
  );
  if (applied) {
    log.info({ seed: config.seed?.path, ...applied }, `GATEHOUSE_SEED applied to the new default tenant: ${config.seed?.path}`);
    if (applied.ignored.length)
      log.warn({ ignored: applied.ignored }, `GATEHOUSE_SEED: not applied (Gatehouse does not apply them): ${applied.ignored.join(', ')}`);
  } else if (config.seed && !seed.created) {
    log.info({ seed: config.seed.path }, 'GATEHOUSE_SEED not applied: the default tenant exists (the file is applied on first start only)');
  }
  if (seed.movedFrom) {
    log.warn(
      { from: seed.movedFrom, to: seed.tenant.domain, managementAudience: seed.tenant.managementAudience },
      `the default tenant moved from ${seed.movedFrom} to the configured domain ${seed.tenant.domain}: its Management API audience and the grants on it moved too; tokens for the old audience are no longer accepted`,
    );
  }
  const caPath = config.https ? localTlsCaPath(config.dataDir) : undefined;
  printAdminBanner(config.host, config.port, seed.tenant.managementAudience, seed.admin, seed.created, clock.now(), caPath);

  let closing = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (closing) return;
      closing = true;
      log.info({ signal }, 'shutting down: finishing in-flight requests');
      // app.close(): stop accepting, let in-flight requests finish, close the database.
      app
        .close()
        .then(() => process.exit(0))
        .catch((e: unknown) => {
          log.error({ err: e instanceof Error ? e.message : String(e) }, 'shutdown failed');
          process.exit(1);
        });
    });
  }
}

/** The admin credentials are printed to the terminal (stderr) once, when generated; never logged. */
function printAdminBanner(
  host: string,
  port: number,
  audience: string,
  admin: { clientId: string; generatedSecret?: string },
  created: boolean,
  now: Date,
  caPath: string | undefined,
): void {
  const base = `${caPath ? 'https' : 'http'}://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
  const secret = admin.generatedSecret ?? '<GATEHOUSE_ADMIN_CLIENT_SECRET>';
  const lines = [
    '',
    created ? 'Gatehouse: the default tenant and its admin application were created.' : 'Gatehouse: default tenant ready.',
    `  clock:               ${now.toISOString()}   (GATEHOUSE_NOW; PUT /ext/v1/clock moves it when GATEHOUSE_CLOCK_API=on)`,
    `  admin client_id:     ${admin.clientId}`,
    admin.generatedSecret
      ? `  admin client_secret: ${admin.generatedSecret}   (shown once; store it now)`
      : '  admin client_secret: (not shown: set at first start or via GATEHOUSE_ADMIN_CLIENT_SECRET)',
    // GATEHOUSE_HTTPS: how a Node client trusts the local authority (and curl, below, with --cacert).
    ...(caPath ? [`  HTTPS: trust the local certificate authority with`, `  NODE_EXTRA_CA_CERTS=${caPath}`] : []),
    '  Get a Management API token:',
    `  curl -s ${caPath ? `--cacert ${shellWord(caPath)} ` : ''}${base}/oauth/token -H 'content-type: application/json' \\`,
    `    -d '{"grant_type":"client_credentials","client_id":"${admin.clientId}","client_secret":"${secret}","audience":"${audience}"}'`,
    '',
  ];
  // stderr: stdout is the log, one line per entry (JSON, or pretty), which a collector may parse (issue 15 §6).
  process.stderr.write(`${lines.join('\n')}\n`);
}

/** A path as one shell word (quoted when it holds anything but the usual path characters). */
function shellWord(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

main().catch((e) => {
  process.stderr.write(`gatehouse: failed to start: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
