#!/usr/bin/env node
/**
 * HTTP benchmark: ratios against a bare Fastify baseline measured in the same run on the same
 * machine (SPEC §10). Absolute numbers are noise on shared machines; the ratios are the claim.
 *
 *   npm run build && node bench/http.bench.js [seconds-per-case]
 */
const path = require('path');
const os = require('os');
const fs = require('fs');
const autocannon = require('autocannon');
const Fastify = require('fastify');

// GATEHOUSE_BENCH_ROOT: the checkout whose dist/ is measured (another build of Gatehouse, e.g. a worktree
// of an earlier commit, so that before and after run in one session with this same bench).
const ROOT = process.env.GATEHOUSE_BENCH_ROOT || path.join(__dirname, '..');
const DURATION = Number(process.argv[2] || 4);
const CONNECTIONS = 32;

function run(opts) {
  return new Promise((resolve, reject) => {
    autocannon({ duration: DURATION, connections: CONNECTIONS, ...opts }, (err, res) => (err ? reject(err) : resolve(res)));
  });
}

async function main() {
  require('reflect-metadata');
  const { loadConfig } = require(path.join(ROOT, 'dist/libs/config/src'));
  const { createApp } = require(path.join(ROOT, 'dist/apps/gatehouse/src/configure-app'));
  const { TenantsService } = require(path.join(ROOT, 'dist/libs/tenancy/src'));

  const bare = Fastify();
  bare.get('/healthz', async () => ({ status: 'ok' }));
  await bare.listen({ port: 0, host: '127.0.0.1' });
  const barePort = bare.server.address().port;

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-bench-'));
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
  const port = app.getHttpServer().address().port;
  const base = `http://127.0.0.1:${port}`;
  const host = 'localhost:3000';
  const tokenBody = JSON.stringify({
    grant_type: 'client_credentials',
    client_id: seed.admin.clientId,
    client_secret: seed.admin.generatedSecret,
    audience: seed.tenant.managementAudience,
  });
  const tokenRes = await fetch(`${base}/oauth/token`, { method: 'POST', headers: { host, 'content-type': 'application/json' }, body: tokenBody });
  const { access_token } = await tokenRes.json();
  const created = await fetch(`${base}/api/v2/clients`, {
    method: 'POST',
    headers: { host, 'content-type': 'application/json', authorization: `Bearer ${access_token}` },
    body: JSON.stringify({ name: 'bench' }),
  }).then((r) => r.json());

  const cases = [
    ['bare Fastify GET /healthz (baseline)', { url: `http://127.0.0.1:${barePort}/healthz` }],
    ['Gatehouse GET /healthz', { url: `${base}/healthz`, headers: { host } }],
    [
      'Gatehouse GET /api/v2/clients/{id} (token cache warm)',
      { url: `${base}/api/v2/clients/${created.client_id}`, headers: { host, authorization: `Bearer ${access_token}` } },
    ],
    // A write: one row updated and its tenant log event (sapi).
    [
      'Gatehouse PATCH /api/v2/tenants/settings (logged write)',
      {
        url: `${base}/api/v2/tenants/settings`,
        method: 'PATCH',
        headers: { host, 'content-type': 'application/json', authorization: `Bearer ${access_token}` },
        body: JSON.stringify({ friendly_name: 'bench' }),
      },
    ],
    // A create: one client row and its sapi event committed in one transaction (issue 12 §1), synced to
    // disk (SQLite synchronous=FULL). Each request creates a new client (names repeat; ids do not).
    [
      'Gatehouse POST /api/v2/clients (create + sapi event)',
      {
        url: `${base}/api/v2/clients`,
        method: 'POST',
        headers: { host, 'content-type': 'application/json', authorization: `Bearer ${access_token}` },
        body: JSON.stringify({ name: 'bench create' }),
      },
    ],
    // Each exchange is also a tenant log event (seccft).
    [
      'Gatehouse POST /oauth/token (RS256 signing)',
      { url: `${base}/oauth/token`, method: 'POST', headers: { host, 'content-type': 'application/json' }, body: tokenBody },
    ],
  ];
  const results = [];
  for (const [name, opts] of cases) {
    const r = await run(opts);
    const bad = r.non2xx + r.errors;
    results.push({ name, rps: r.requests.average, p99: r.latency.p99, bad });
  }
  const baseline = results[0].rps;
  console.log(`\n${DURATION}s per case, ${CONNECTIONS} connections, ${os.cpus().length} cores`);
  for (const r of results) {
    console.log(
      `${r.name.padEnd(58)} ${String(Math.round(r.rps)).padStart(7)} req/s  ${(r.rps / baseline).toFixed(3)}x baseline  p99 ${r.p99} ms${r.bad ? `  (${r.bad} non-2xx/errors!)` : ''}`,
    );
  }
  await app.close();
  await bare.close();
  fs.rmSync(dir, { recursive: true, force: true });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
