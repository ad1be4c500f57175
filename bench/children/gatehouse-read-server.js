// A Gatehouse build's server for bench/cpu-per-request.js: starts from <root>/dist on a fresh SQLite
// database, creates one client, and sends the parent {base, token, clientId} over IPC.
const path = require('path');
const os = require('os');
const fs = require('fs');

const root = path.resolve(process.argv[2] || path.join(__dirname, '..', '..'));
(async () => {
  require(path.join(root, 'node_modules/reflect-metadata'));
  const { loadConfig } = require(path.join(root, 'dist/libs/config/src'));
  const { createApp } = require(path.join(root, 'dist/apps/gatehouse/src/configure-app'));
  const { TenantsService } = require(path.join(root, 'dist/libs/tenancy/src'));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-cpu-'));
  const config = loadConfig({
    DATABASE_URL: `sqlite:${path.join(dir, 'bench.sqlite')}`,
    GATEHOUSE_PUBLIC_URL: 'http://localhost:3000',
    GATEHOUSE_SECRET_KEY: 'bench-secret-key-bench-secret-key-0123456789',
    GATEHOUSE_MANAGEMENT_RATE_LIMIT: '100000000',
    LOG_LEVEL: 'silent',
  });
  const app = await createApp(config);
  const seed = await app.get(TenantsService).seedDefaultTenant();
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${app.getHttpServer().address().port}`;
  const host = 'localhost:3000';
  const token = await (
    await fetch(`${base}/oauth/token`, {
      method: 'POST',
      headers: { host, 'content-type': 'application/json' },
      body: JSON.stringify({
        grant_type: 'client_credentials',
        client_id: seed.admin.clientId,
        client_secret: seed.admin.generatedSecret,
        audience: seed.tenant.managementAudience,
      }),
    })
  ).json();
  const created = await (
    await fetch(`${base}/api/v2/clients`, {
      method: 'POST',
      headers: { host, 'content-type': 'application/json', authorization: `Bearer ${token.access_token}` },
      body: JSON.stringify({ name: 'bench' }),
    })
  ).json();
  process.send({ base, token: token.access_token, clientId: created.client_id });
  process.on('SIGTERM', async () => {
    await app.close();
    fs.rmSync(dir, { recursive: true, force: true });
    process.exit(0);
  });
})();
