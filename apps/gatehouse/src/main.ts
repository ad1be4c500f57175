import 'reflect-metadata';
import { ConfigError, loadConfig } from '@gatehouse/config';
import { Clock, TenantsService } from '@gatehouse/tenancy';
import { createApp } from './configure-app';

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
  const seed = await app.get(TenantsService).seedDefaultTenant();
  await app.listen({ port: config.port, host: config.host });
  const log = app.getHttpAdapter().getInstance().log;
  log.info(
    { tenant: seed.tenant.domain, issuer: seed.tenant.issuer, now: clock.now().toISOString(), database: config.database.type },
    `Gatehouse listening on http://${config.host}:${config.port}`,
  );
  if (seed.movedFrom) {
    log.warn(
      { from: seed.movedFrom, to: seed.tenant.domain, managementAudience: seed.tenant.managementAudience },
      `the default tenant moved from ${seed.movedFrom} to the configured domain ${seed.tenant.domain}: its Management API audience and the grants on it moved too; tokens for the old audience are no longer accepted`,
    );
  }
  printAdminBanner(config.host, config.port, seed.tenant.managementAudience, seed.admin, seed.created, clock.now());

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
): void {
  const base = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
  const secret = admin.generatedSecret ?? '<GATEHOUSE_ADMIN_CLIENT_SECRET>';
  const lines = [
    '',
    created ? 'Gatehouse: the default tenant and its admin application were created.' : 'Gatehouse: default tenant ready.',
    `  clock:               ${now.toISOString()}   (GATEHOUSE_NOW; PUT /ext/v1/clock moves it when GATEHOUSE_CLOCK_API=on)`,
    `  admin client_id:     ${admin.clientId}`,
    admin.generatedSecret
      ? `  admin client_secret: ${admin.generatedSecret}   (shown once; store it now)`
      : '  admin client_secret: (not shown: set at first start or via GATEHOUSE_ADMIN_CLIENT_SECRET)',
    '  Get a Management API token:',
    `  curl -s ${base}/oauth/token -H 'content-type: application/json' \\`,
    `    -d '{"grant_type":"client_credentials","client_id":"${admin.clientId}","client_secret":"${secret}","audience":"${audience}"}'`,
    '',
  ];
  // stderr: stdout is the log, one line per entry (JSON, or pretty), which a collector may parse (issue 15 §6).
  process.stderr.write(`${lines.join('\n')}\n`);
}

main().catch((e) => {
  process.stderr.write(`gatehouse: failed to start: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
