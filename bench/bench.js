#!/usr/bin/env node
'use strict';
/**
 * The benchmark that carries its own anchors (issue 13 §1, SPEC §10). One run measures, in rounds, each
 * case in a FRESH child process (started, measured, killed; this process is only the load generator,
 * autocannon): the anchors (bare Fastify serving ~1 KB of JSON, the raw single-thread RS256 sign rate,
 * node-oidc-provider 9 issuing JWT access tokens for client_credentials) and Gatehouse's routes, and
 * prints median [min–max] ratios over the rounds. Every response is checked; a case with a wrong answer
 * is reported as FAILED, not as a figure. docs/decisions.md, "The benchmark".
 *
 *   npm run bench -- [--rounds 3] [--seconds 5] [--cases p1,p2,...] [--db sqlite|postgres --pg-url URL]
 *                    [--root DIR] [--json out.json] [--connections 32] [--clients 100000]
 */
const { spawn, execFileSync } = require('child_process');
const { generateKeyPairSync, randomBytes } = require('crypto');
const fs = require('fs');
const http = require('http');
const net = require('net');
const os = require('os');
const path = require('path');
const { URLSearchParams } = require('url');
const { parseArgs } = require('util');
const autocannon = require('autocannon');
const { seedClients } = require('./seed-clients');
const { summarize, pairedRatios, formatRange, meetsGoal, quantile, num } = require('./stats');

const CASES = ['anchors', 'p1', 'p2', 'p3', 'p4', 'p5'];

const { values: args } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    seconds: { type: 'string', default: '5' },
    cases: { type: 'string', default: CASES.join(',') },
    db: { type: 'string', default: 'sqlite' },
    'pg-url': { type: 'string', default: process.env.GATEHOUSE_BENCH_PG_URL || 'postgres://gatehouse@127.0.0.1:55432/postgres' },
    root: { type: 'string', default: process.env.GATEHOUSE_BENCH_ROOT || path.join(__dirname, '..') },
    json: { type: 'string' },
    connections: { type: 'string', default: '32' },
    clients: { type: 'string', default: '100000' },
    help: { type: 'boolean', default: false },
  },
});
if (args.help) {
  process.stdout.write(fs.readFileSync(__filename, 'utf8').split('\n').slice(10, 13).join('\n').replace(/ \* ?/g, '') + '\n');
  process.exit(0);
}
const ROUNDS = Number(args.rounds);
const SECONDS = Number(args.seconds);
const CONNECTIONS = Number(args.connections);
const P3_CLIENTS = Number(args.clients);
const ROOT = path.resolve(args.root);
const SELECTED = args.cases.split(',').map((c) => c.trim());
for (const c of SELECTED) if (!CASES.includes(c)) throw new Error(`unknown case ${c}; cases: ${CASES.join(', ')}`);
if (!['sqlite', 'postgres'].includes(args.db)) throw new Error('--db is sqlite or postgres');
if (!(ROUNDS >= 1 && SECONDS > 0 && CONNECTIONS >= 1 && P3_CLIENTS >= 200)) throw new Error('bad --rounds, --seconds, --connections or --clients');
const MAIN_JS = path.join(ROOT, 'dist/apps/gatehouse/src/main.js');
if (!fs.existsSync(MAIN_JS)) throw new Error(`${MAIN_JS} is missing: build that checkout first (npm run build)`);
const WARMUP = Math.min(1, SECONDS / 4);

// The default tenant's domain (Host header of every tenant request) and its credentials, fixed so that a
// database seeded once serves every round.
const PUBLIC_URL = 'http://localhost:3000';
const HOST = 'localhost:3000';
const ISSUER = `${PUBLIC_URL}/`;
const MGMT_AUDIENCE = `https://${HOST}/api/v2/`;
const ADMIN_ID = 'benchAdminClient0000000000000001';
const ADMIN_SECRET = randomBytes(32).toString('base64url');
const SECRET_KEY = randomBytes(32).toString('hex');
const API = 'https://api.bench.example.com/';
const SCOPES = ['read:things', 'write:things'];

const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-bench-'));
const children = new Set();
const pgDatabases = new Set();

// ---------------------------------------------------------------------------------------------------
// Processes

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Start a child; resolves once `ready(child)` resolves. stderr is kept for error messages. */
async function startChild(args, env, ready, timeoutMs = 60000) {
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, args, { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let stderr = '';
  let stdout = '';
  child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
  child.stdout.on('data', (d) => (stdout = (stdout + d).slice(-4000)));
  // 'close': the process has exited and its output has been read to the end.
  const exited = new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  child.exited = exited;
  child.output = () => ({ stdout, stderr });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const gone = child.exitCode !== null || child.signalCode !== null;
    if (await ready(child, () => stdout).catch(() => false)) break;
    if (gone) throw new Error(`child ${args[0]} exited early: ${stderr || stdout}`);
    if (Date.now() > deadline) throw new Error(`child ${args[0]} not ready after ${timeoutMs} ms: ${stderr}`);
    await sleep(10);
  }
  child.startMs = Number(process.hrtime.bigint() - started) / 1e6;
  return child;
}

async function stopChild(child) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return children.delete(child);
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10000);
  await child.exited;
  clearTimeout(timer);
  children.delete(child);
}

/** Resident set size of a process, in MB (Linux /proc; elsewhere ps). */
function rssMb(pid) {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    if (m) return Number(m[1]) / 1024;
  } catch {
    /* not Linux */
  }
  return (
    Number(
      execFileSync('ps', ['-o', 'rss=', '-p', String(pid)])
        .toString()
        .trim(),
    ) / 1024
  );
}

// ---------------------------------------------------------------------------------------------------
// HTTP (setup and checks; the load itself is autocannon's)

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

function request(base, method, pathname, { headers = {}, body, host = HOST } = {}) {
  const url = new URL(pathname, base);
  const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        agent,
        hostname: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        method,
        headers: {
          host,
          ...(payload !== undefined ? { 'content-type': typeof body === 'string' ? 'application/x-www-form-urlencoded' : 'application/json' } : {}),
          ...headers,
        },
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json;
          try {
            json = text ? JSON.parse(text) : undefined;
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode, headers: res.headers, text, json, ms: Number(process.hrtime.bigint() - started) / 1e6 });
        });
      },
    );
    req.on('error', reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

async function expectStatus(promise, status, what) {
  const res = await promise;
  if (res.status !== status) throw new Error(`${what}: expected ${status}, got ${res.status} ${res.text.slice(0, 300)}`);
  return res;
}

/**
 * autocannon for `seconds` (after a warm-up of the same request), checking every response: `check(status,
 * body)` returns an error message or undefined. Bodies are only kept when `keep` is set.
 */
async function load(opts, seconds, check) {
  const bad = [];
  const kept = [];
  const onResponse = (status, body) => {
    const problem = check(status, body);
    if (problem) {
      if (bad.length < 5) bad.push(problem);
      bad.count = (bad.count || 0) + 1;
    } else if (opts.keep) kept.push(body);
  };
  const run = (duration) =>
    new Promise((resolve, reject) => {
      autocannon(
        {
          url: opts.url,
          connections: CONNECTIONS,
          duration,
          requests: [{ method: opts.method || 'GET', headers: opts.headers, body: opts.body, onResponse }],
        },
        (err, res) => (err ? reject(err) : resolve(res)),
      );
    });
  await run(WARMUP);
  kept.length = 0;
  const res = await run(seconds);
  const problems = [...bad];
  if (res.errors || res.timeouts) problems.push(`${res.errors} connection errors, ${res.timeouts} timeouts`);
  if (bad.count) problems.unshift(`${bad.count} wrong answers`);
  return { rps: res.requests.total / (res.duration || seconds), total: res.requests.total, p99: res.latency.p99, problems, kept };
}

// ---------------------------------------------------------------------------------------------------
// Databases

let caseCounter = 0;
async function pgAdmin(fn) {
  const { Client } = require('pg');
  const c = new Client({ connectionString: args['pg-url'] });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** A fresh, empty database for one case: a SQLite file in the run's temp dir, or a new PostgreSQL database. */
async function freshDatabase(label) {
  const n = ++caseCounter;
  if (args.db === 'sqlite') {
    const file = path.join(TMP, `${label}-${n}.sqlite`);
    return { url: `sqlite:${file}`, db: { type: 'sqlite', path: file }, drop: async () => rmSqlite(file) };
  }
  const name = `gatehouse_bench_${process.pid}_${label.replace(/\W/g, '_')}_${n}`;
  await pgAdmin((c) => c.query(`CREATE DATABASE ${name}`));
  pgDatabases.add(name);
  const u = new URL(args['pg-url']);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    db: { type: 'postgres', url: u.toString() },
    drop: async () => {
      await pgAdmin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
      pgDatabases.delete(name);
    },
  };
}

function rmSqlite(file) {
  for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) fs.rmSync(f, { force: true });
}

// ---------------------------------------------------------------------------------------------------
// Gatehouse

async function startGatehouse(dbUrl) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child = await startChild(
    [MAIN_JS],
    {
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: dbUrl,
      GATEHOUSE_PUBLIC_URL: PUBLIC_URL,
      GATEHOUSE_ADMIN_CLIENT_ID: ADMIN_ID,
      GATEHOUSE_ADMIN_CLIENT_SECRET: ADMIN_SECRET,
      GATEHOUSE_SECRET_KEY: SECRET_KEY,
      GATEHOUSE_MANAGEMENT_RATE_LIMIT: '100000000',
      LOG_LEVEL: 'warn',
    },
    async () => (await request(base, 'GET', '/readyz')).status === 200,
  );
  return { child, base, pid: child.pid, coldStartMs: child.startMs };
}

async function adminToken(g) {
  const res = await expectStatus(
    request(g.base, 'POST', '/oauth/token', {
      body: { grant_type: 'client_credentials', client_id: ADMIN_ID, client_secret: ADMIN_SECRET, audience: MGMT_AUDIENCE },
    }),
    200,
    'admin token',
  );
  return res.json.access_token;
}

/** An API with two scopes, an M2M application and its grant on the API: what P1 reads and P2 exchanges. */
async function setupM2M(g, token) {
  const auth = { authorization: `Bearer ${token}` };
  await expectStatus(
    request(g.base, 'POST', '/api/v2/resource-servers', {
      headers: auth,
      body: { name: 'Bench API', identifier: API, scopes: SCOPES.map((value) => ({ value })), signing_alg: 'RS256', token_lifetime: 86400 },
    }),
    201,
    'create resource server',
  );
  const client = (
    await expectStatus(
      request(g.base, 'POST', '/api/v2/clients', {
        headers: auth,
        body: { name: 'Bench M2M', app_type: 'non_interactive', grant_types: ['client_credentials'], token_endpoint_auth_method: 'client_secret_post' },
      }),
      201,
      'create client',
    )
  ).json;
  await expectStatus(
    request(g.base, 'POST', '/api/v2/client-grants', { headers: auth, body: { client_id: client.client_id, audience: API, scope: SCOPES } }),
    201,
    'create client grant',
  );
  return client;
}

// ---------------------------------------------------------------------------------------------------
// Token verification (every issued token, after the measurement, in this process)

let jose;
async function verifyTokens(bodies, { jwksUrl, host, issuer, audience, subject }) {
  jose ??= await import('jose');
  const jwks = await request(jwksUrl, 'GET', new URL(jwksUrl).pathname, { host });
  if (jwks.status !== 200) return [`JWKS answered ${jwks.status}`];
  const keys = jose.createLocalJWKSet(jwks.json);
  let bad = 0;
  const problems = [];
  for (const body of bodies) {
    try {
      const parsed = JSON.parse(body);
      const { payload, protectedHeader } = await jose.jwtVerify(parsed.access_token, keys, { issuer, audience, algorithms: ['RS256'] });
      if (protectedHeader.alg !== 'RS256') throw new Error(`alg ${protectedHeader.alg}`);
      if (subject && payload.sub !== subject) throw new Error(`sub ${payload.sub}`);
      const scope = String(payload.scope || '').split(' ');
      if (!SCOPES.every((s) => scope.includes(s))) throw new Error(`scope ${payload.scope}`);
    } catch (e) {
      bad++;
      if (problems.length < 3) problems.push(`token does not verify: ${e.message}`);
    }
  }
  return bad ? [`${bad} of ${bodies.length} tokens do not verify`, ...problems] : [];
}

// ---------------------------------------------------------------------------------------------------
// Cases. Each returns { figures: {name: number}, problems: string[] } for one round.

const isStatus = (want) => (status) => (status === want ? undefined : `status ${status}`);

async function caseBare() {
  const port = await freePort();
  const child = await startChild([path.join(__dirname, 'children/bare-fastify.js')], { PORT: String(port) }, async (_c, out) => out().includes('ready'));
  try {
    const url = `http://127.0.0.1:${port}/json`;
    const ref = await expectStatus(request(url, 'GET', '/json'), 200, 'bare Fastify');
    if (ref.text.length < 900 || ref.text.length > 1300) throw new Error(`bare body is ${ref.text.length} bytes, not ~1 KB`);
    const r = await load({ url }, SECONDS, (s, b) => (s !== 200 ? `status ${s}` : b !== ref.text ? 'body differs' : undefined));
    return { figures: { bare_rps: r.rps }, problems: r.problems };
  } finally {
    await stopChild(child);
  }
}

async function caseSign() {
  const child = await startChild(
    [path.join(__dirname, 'children/sign-rate.js')],
    { SECONDS: String(SECONDS) },
    async (_c, out) => out().includes('}'),
    (SECONDS + 30) * 1000,
  );
  await child.exited;
  children.delete(child);
  const { signs, seconds } = JSON.parse(child.output().stdout.trim().split('\n').pop());
  return { figures: { sign_rate: signs / seconds }, problems: [] };
}

async function caseOidcProvider() {
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const clientId = 'bench-m2m';
  const clientSecret = randomBytes(32).toString('base64url');
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'bench', use: 'sig', alg: 'RS256' };
  const child = await startChild(
    [path.join(__dirname, 'children/oidc-provider.mjs')],
    { NODE_ENV: 'production', PORT: String(port), ISSUER: issuer, AUDIENCE: API, CLIENT_ID: clientId, CLIENT_SECRET: clientSecret, JWK: JSON.stringify(jwk) },
    async (_c, out) => out().includes('ready'),
  );
  try {
    const body = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: clientSecret,
      resource: API,
      scope: SCOPES.join(' '),
    }).toString();
    await expectStatus(request(issuer, 'POST', '/token', { body, host: `127.0.0.1:${port}` }), 200, 'oidc-provider token');
    const r = await load(
      { url: `${issuer}/token`, method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body, keep: true },
      SECONDS,
      isStatus(200),
    );
    const problems = [
      ...r.problems,
      ...(await verifyTokens(r.kept, { jwksUrl: `${issuer}/jwks`, host: `127.0.0.1:${port}`, issuer, audience: API, subject: clientId })),
    ];
    return { figures: { oidc_provider_rps: r.rps }, problems };
  } finally {
    await stopChild(child);
  }
}

async function withGatehouse(label, fn) {
  const database = await freshDatabase(label);
  let g;
  try {
    g = await startGatehouse(database.url);
    return await fn(g);
  } finally {
    await stopChild(g && g.child);
    await database.drop();
  }
}

async function caseP1() {
  return withGatehouse('p1', async (g) => {
    const token = await adminToken(g);
    const client = await setupM2M(g, token);
    const headers = { host: HOST, authorization: `Bearer ${token}` };
    const out = { figures: {}, problems: [] };
    for (const [name, pathname] of [
      ['get_client_rps', `/api/v2/clients/${client.client_id}`],
      ['list_client_grants_rps', `/api/v2/client-grants?client_id=${client.client_id}`],
    ]) {
      const ref = await expectStatus(request(g.base, 'GET', pathname, { headers: { authorization: headers.authorization } }), 200, pathname);
      const r = await load({ url: g.base + pathname, headers }, SECONDS, (s, b) => (s !== 200 ? `status ${s}` : b !== ref.text ? 'body differs' : undefined));
      out.figures[name] = r.rps;
      out.problems.push(...r.problems.map((p) => `${pathname}: ${p}`));
    }
    return out;
  });
}

async function caseP2() {
  return withGatehouse('p2', async (g) => {
    const token = await adminToken(g);
    const client = await setupM2M(g, token);
    const body = JSON.stringify({ grant_type: 'client_credentials', client_id: client.client_id, client_secret: client.client_secret, audience: API });
    await expectStatus(request(g.base, 'POST', '/oauth/token', { body: JSON.parse(body) }), 200, 'token');
    const r = await load(
      { url: `${g.base}/oauth/token`, method: 'POST', headers: { host: HOST, 'content-type': 'application/json' }, body, keep: true },
      SECONDS,
      isStatus(200),
    );
    const problems = [
      ...r.problems,
      ...(await verifyTokens(r.kept, {
        jwksUrl: `${g.base}/.well-known/jwks.json`,
        host: HOST,
        issuer: ISSUER,
        audience: API,
        subject: `${client.client_id}@clients`,
      })),
    ];
    return { figures: { token_rps: r.rps, tokens_verified: r.kept.length }, problems };
  });
}

/**
 * The P3 database, built once per run: a fresh database, a template client created through the API,
 * P3_CLIENTS - 1 copies of it, then every client read back through the API by checkpoint pages (each one
 * served, none twice): that walk also yields the cursor of the deepest checkpoint page.
 */
let p3Database;
async function p3Prepare() {
  if (p3Database) return p3Database;
  const database = await freshDatabase('p3');
  const started = Date.now();
  let g = await startGatehouse(database.url);
  let templateId;
  try {
    const token = await adminToken(g);
    const res = await expectStatus(
      request(g.base, 'POST', '/api/v2/clients', {
        headers: { authorization: `Bearer ${token}` },
        body: { name: 'bench client 000000', app_type: 'regular_web', callbacks: ['https://app.example.com/callback'] },
      }),
      201,
      'P3 template client',
    );
    templateId = res.json.client_id;
  } finally {
    await stopChild(g.child);
  }
  await seedClients(database.db, templateId, P3_CLIENTS - 1);
  g = await startGatehouse(database.url);
  try {
    const token = await adminToken(g);
    const auth = { authorization: `Bearer ${token}` };
    const seen = new Set();
    let from;
    let deepestCursor; // the cursor of the deepest page holding a full 100
    for (;;) {
      const q = `/api/v2/clients?take=100${from ? `&from=${from}` : ''}`;
      const page = (await expectStatus(request(g.base, 'GET', q, { headers: auth }), 200, q)).json;
      for (const c of page.clients) {
        if (seen.has(c.client_id)) throw new Error(`P3: client ${c.client_id} served twice by the checkpoint walk`);
        seen.add(c.client_id);
      }
      if (page.clients.length === 100 && from) deepestCursor = from;
      if (!page.next) break;
      from = page.next;
    }
    const totals = (await expectStatus(request(g.base, 'GET', '/api/v2/clients?include_totals=true&per_page=1', { headers: auth }), 200, 'totals')).json;
    if (totals.total !== seen.size) throw new Error(`P3: include_totals says ${totals.total}, the checkpoint walk saw ${seen.size}`);
    if (seen.size < P3_CLIENTS) throw new Error(`P3: ${seen.size} clients served, ${P3_CLIENTS} seeded`);
    // The deepest pages compared with the first are the deepest that hold a full 100.
    const lastPage = Math.floor(totals.total / 100) - 1;
    p3Database = { ...database, total: totals.total, deepestCursor, lastPage, seedSeconds: (Date.now() - started) / 1000 };
    process.stdout.write(`  P3 database: ${totals.total} clients in the tenant, built and walked in ${num(p3Database.seedSeconds)} s\n`);
    return p3Database;
  } finally {
    await stopChild(g.child);
  }
}

async function caseP3() {
  const database = await p3Prepare();
  const g = await startGatehouse(database.url);
  try {
    const token = await adminToken(g);
    const headers = { host: HOST, authorization: `Bearer ${token}` };
    const out = { figures: { cold_start_ms: g.coldStartMs }, problems: [] };
    const pages = [
      ['offset_first_rps', '/api/v2/clients?page=0&per_page=100', 100],
      ['offset_deepest_rps', `/api/v2/clients?page=${database.lastPage}&per_page=100`, 100],
      ['checkpoint_first_rps', '/api/v2/clients?take=100', 100],
      ['checkpoint_deepest_rps', `/api/v2/clients?take=100&from=${database.deepestCursor}`, 100],
    ];
    for (const [name, pathname, expected] of pages) {
      const ref = await expectStatus(request(g.base, 'GET', pathname, { headers: { authorization: headers.authorization } }), 200, pathname);
      const list = Array.isArray(ref.json) ? ref.json : ref.json.clients;
      if (list.length !== expected) throw new Error(`${pathname}: ${list.length} clients, expected ${expected}`);
      const r = await load({ url: g.base + pathname, headers }, SECONDS, (s, b) => (s !== 200 ? `status ${s}` : b !== ref.text ? 'body differs' : undefined));
      out.figures[name] = r.rps;
      out.problems.push(...r.problems.map((p) => `${pathname}: ${p}`));
    }
    out.figures.rss_mb = rssMb(g.pid);
    return out;
  } finally {
    await stopChild(g.child);
  }
}

/** P4: DCR offered at 50/s for 5 s on one tenant: how many are admitted, and how fast the 429s are. */
async function caseP4() {
  return withGatehouse('p4', async (g) => {
    const token = await adminToken(g);
    await expectStatus(
      request(g.base, 'PATCH', '/api/v2/tenants/settings', {
        headers: { authorization: `Bearer ${token}` },
        body: { flags: { enable_dynamic_client_registration: true } },
      }),
      200,
      'enable DCR',
    );
    const register = (i) =>
      request(g.base, 'POST', '/oidc/register', {
        body: { client_name: `dcr ${i}`, redirect_uris: ['https://app.example.com/callback'], token_endpoint_auth_method: 'client_secret_post' },
      });
    // Warm-up (connections, JIT), then let the limiter's window pass.
    for (let i = 0; i < 8; i++) await register(`warm-${i}`);
    await sleep(1500);
    const RATE = 50;
    const DURATION_S = 5;
    const pending = [];
    const started = Date.now();
    for (let i = 0; i < RATE * DURATION_S; i++) {
      const due = started + (i * 1000) / RATE;
      const wait = due - Date.now();
      if (wait > 0) await sleep(wait);
      pending.push(register(i));
    }
    const results = await Promise.all(pending);
    const admitted = results.filter((r) => r.status === 201);
    const refused = results.filter((r) => r.status === 429);
    const problems = [];
    const other = results.filter((r) => r.status !== 201 && r.status !== 429);
    if (other.length) problems.push(`${other.length} answers neither 201 nor 429 (${[...new Set(other.map((r) => r.status))].join(', ')})`);
    for (const r of admitted)
      if (!r.json || typeof r.json.client_id !== 'string' || typeof r.json.client_secret !== 'string') problems.push('a 201 without client_id/client_secret');
    for (const r of refused)
      if (!r.json || r.json.error !== 'too_many_requests' || !r.headers['retry-after']) problems.push('a 429 without error too_many_requests and Retry-After');
    const bound = 5 * DURATION_S + 5;
    if (admitted.length > bound) problems.push(`${admitted.length} registrations admitted in ${DURATION_S} s, more than 5/s + a burst of 5 (${bound})`);
    if (admitted.length < 5 * (DURATION_S - 1)) problems.push(`only ${admitted.length} registrations admitted in ${DURATION_S} s (5/s expected)`);
    return {
      figures: {
        dcr_admitted: admitted.length,
        dcr_refused: refused.length,
        dcr_429_p99_ms: quantile(
          refused.map((r) => r.ms),
          0.99,
        ),
        dcr_201_p50_ms: quantile(
          admitted.map((r) => r.ms),
          0.5,
        ),
      },
      problems: [...new Set(problems)],
    };
  });
}

/**
 * P5: POST /api/v2/clients. Afterwards: every client answered with a 201 is in the tenant, and the tenant
 * holds exactly one sapi event per new client. (autocannon ends a run with up to one request in flight per
 * connection whose answer it drops: those clients exist without a 201 seen here, so the new clients may
 * outnumber the 201s by at most that, never the other way round.)
 */
async function caseP5() {
  return withGatehouse('p5', async (g) => {
    const token = await adminToken(g);
    const auth = { authorization: `Bearer ${token}` };
    const state = async () => {
      const ids = new Set();
      for (let from; ;) {
        const q = `/api/v2/clients?take=100&fields=client_id${from ? `&from=${from}` : ''}`;
        const page = (await expectStatus(request(g.base, 'GET', q, { headers: auth }), 200, q)).json;
        for (const c of page.clients) ids.add(c.client_id);
        if (!page.next) break;
        from = page.next;
      }
      let events = 0;
      for (let from; ;) {
        const q = `/api/v2/logs?take=100${from ? `&from=${from}` : ''}`;
        const page = (await expectStatus(request(g.base, 'GET', q, { headers: auth }), 200, q)).json;
        if (page.length === 0) break;
        for (const e of page) if (e.type === 'sapi' && e.details?.request?.method === 'POST' && e.details?.request?.path === '/api/v2/clients') events++;
        from = page[page.length - 1].log_id;
      }
      return { ids, events };
    };
    const before = await state();
    const body = JSON.stringify({ name: 'bench create' });
    const answered = [];
    const r = await load(
      { url: `${g.base}/api/v2/clients`, method: 'POST', headers: { host: HOST, 'content-type': 'application/json', ...auth }, body },
      SECONDS,
      (s, b) => {
        if (s !== 201) return `status ${s}`;
        answered.push(b);
        return undefined;
      },
    );
    const after = await state();
    const problems = [...r.problems];
    const created = answered.map((b) => JSON.parse(b).client_id);
    const missing = created.filter((id) => !after.ids.has(id) || before.ids.has(id));
    const newClients = after.ids.size - before.ids.size;
    const newEvents = after.events - before.events;
    if (missing.length) problems.push(`${missing.length} clients answered 201 are not in the tenant`);
    if (newClients < created.length || newClients > created.length + 2 * CONNECTIONS)
      problems.push(`${created.length} creates answered 201, ${newClients} new clients`);
    if (newEvents !== newClients) problems.push(`${newClients} new clients, ${newEvents} sapi events for POST /api/v2/clients`);
    return { figures: { create_rps: r.rps, created: created.length }, problems };
  });
}

// ---------------------------------------------------------------------------------------------------
// Report

/** What is printed: [label, series (per-round values), unit, goal?]. Ratios pair figures of one round. */
function report(rounds) {
  const series = (name) => rounds.map((r) => (r[name] === undefined ? NaN : r[name]));
  const ratio = (a, b) => pairedRatios(series(a), series(b));
  const rows = [
    ['section', 'Anchors'],
    ['bare Fastify, GET ~1 KB JSON (req/s)', series('bare_rps'), ''],
    ['raw RS256 sign rate, one thread (signs/s)', series('sign_rate'), ''],
    ['node-oidc-provider 9, client_credentials JWT (req/s)', series('oidc_provider_rps'), ''],
    ['node-oidc-provider ÷ raw sign', ratio('oidc_provider_rps', 'sign_rate'), '×'],
    ['section', 'P1 management reads'],
    ['GET /api/v2/clients/{id} (req/s)', series('get_client_rps'), ''],
    ['  ÷ bare Fastify', ratio('get_client_rps', 'bare_rps'), '×', { op: '>=', value: 0.6 }],
    ['GET /api/v2/client-grants?client_id= (req/s)', series('list_client_grants_rps'), ''],
    ['  ÷ bare Fastify', ratio('list_client_grants_rps', 'bare_rps'), '×', { op: '>=', value: 0.6 }],
    ['section', 'P2 token issuance'],
    ['POST /oauth/token client_credentials (req/s)', series('token_rps'), ''],
    ['  ÷ raw sign rate', ratio('token_rps', 'sign_rate'), '×', { op: '>=', value: 1.0 }],
    ['  ÷ node-oidc-provider', ratio('token_rps', 'oidc_provider_rps'), '×', { op: '>=', value: 1.5 }],
    ['section', `P3 deep pages (${P3_CLIENTS} clients in one tenant)`],
    ['offset first page, per_page=100 (req/s)', series('offset_first_rps'), ''],
    ['offset deepest page (req/s)', series('offset_deepest_rps'), ''],
    ['  offset: deepest cost ÷ first', ratio('offset_first_rps', 'offset_deepest_rps'), '×', { op: '<=', value: 1.2 }],
    ['checkpoint first page, take=100 (req/s)', series('checkpoint_first_rps'), ''],
    ['checkpoint deepest page (req/s)', series('checkpoint_deepest_rps'), ''],
    ['  checkpoint: deepest cost ÷ first', ratio('checkpoint_first_rps', 'checkpoint_deepest_rps'), '×', { op: '<=', value: 1.2 }],
    ['RSS after P3 (MB)', series('rss_mb'), ' MB', { op: '<=', value: 200 }],
    ['cold start, spawn → first 200 on /readyz (s)', series('cold_start_ms').map((v) => v / 1000), ' s', { op: '<=', value: 2 }],
    ['section', 'P4 DCR offered 50/s for 5 s'],
    ['admitted (of 250)', series('dcr_admitted'), '', { op: '<=', value: 30 }],
    ['429 p99 latency (ms)', series('dcr_429_p99_ms'), ' ms', { op: '<', value: 5 }],
    ['section', 'P5 POST /api/v2/clients with its sapi event'],
    ['creates (req/s)', series('create_rps'), ''],
    ['  ÷ bare Fastify', ratio('create_rps', 'bare_rps'), '×'],
  ];
  return rows;
}

function printReport(rows, failures) {
  const lines = [];
  let section;
  for (const row of rows) {
    if (row[0] === 'section') {
      section = row[1];
      continue;
    }
    const [label, values, unit, goal] = row;
    const s = summarize(values);
    if (s.n === 0) continue;
    if (section) lines.push('', section);
    section = undefined;
    const goalText = goal ? `goal ${goal.op} ${goal.value}${unit}: ${meetsGoal(s, goal) ? 'met' : 'NOT met'}` : '';
    lines.push(`  ${label.padEnd(54)} ${formatRange(s, unit).padEnd(30)} ${goalText}`);
  }
  if (failures.length) {
    lines.push('', 'FAILED (wrong answers: these cases report no figure for the round)');
    for (const f of failures) lines.push(`  round ${f.round} ${f.case}: ${f.problems.join('; ')}`);
  }
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------------

const RUNNERS = {
  anchors: [
    ['bare', caseBare],
    ['sign', caseSign],
    ['oidc-provider', caseOidcProvider],
  ],
  p1: [['p1', caseP1]],
  p2: [['p2', caseP2]],
  p3: [['p3', caseP3]],
  p4: [['p4', caseP4]],
  p5: [['p5', caseP5]],
};

function gitCommit(dir) {
  try {
    return execFileSync('git', ['-C', dir, 'rev-parse', '--short', 'HEAD'], { stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
  } catch {
    return undefined;
  }
}

async function main() {
  const meta = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0] && os.cpus()[0].model,
    loadavgAtStart: os.loadavg(),
    db: args.db,
    rounds: ROUNDS,
    seconds: SECONDS,
    connections: CONNECTIONS,
    p3Clients: P3_CLIENTS,
    root: ROOT,
    commit: gitCommit(ROOT),
    cases: SELECTED,
  };
  process.stdout.write(
    `Gatehouse benchmark: ${ROUNDS} rounds × [${SELECTED.join(', ')}], ${SECONDS} s per measurement, ${CONNECTIONS} connections, ${args.db}, ${meta.cpus} cores (${meta.cpuModel}), load ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}\n  build: ${ROOT} (${meta.commit || 'no git'})\n`,
  );
  if (SELECTED.includes('p3')) await p3Prepare();
  const rounds = [];
  const failures = [];
  const steps = SELECTED.flatMap((c) => RUNNERS[c]);
  for (let round = 1; round <= ROUNDS; round++) {
    const figures = {};
    for (const [name, run] of steps) {
      const t0 = Date.now();
      let result;
      try {
        result = await run();
      } catch (e) {
        result = { figures: {}, problems: [`error: ${e.message}`] };
      }
      if (result.problems.length) failures.push({ round, case: name, problems: result.problems });
      else Object.assign(figures, result.figures);
      process.stdout.write(
        `  round ${round} ${name.padEnd(14)} ${
          result.problems.length
            ? `FAILED: ${result.problems.join('; ')}`
            : Object.entries(result.figures)
                .map(([k, v]) => `${k}=${num(v)}`)
                .join(' ')
        } (${((Date.now() - t0) / 1000).toFixed(1)} s)\n`,
      );
    }
    rounds.push(figures);
  }
  const rows = report(rounds);
  process.stdout.write(
    `${printReport(rows, failures)}\n\nload at end: ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}\n`,
  );
  if (args.json) {
    const summary = {};
    for (const row of rows) {
      if (row[0] === 'section') continue;
      const s = summarize(row[1]);
      summary[row[0].trim()] = { ...s, unit: row[2].trim(), ...(row[3] ? { goal: `${row[3].op} ${row[3].value}`, met: meetsGoal(s, row[3]) } : {}) };
    }
    fs.writeFileSync(args.json, `${JSON.stringify({ meta: { ...meta, loadavgAtEnd: os.loadavg() }, rounds, failures, summary }, null, 2)}\n`);
    process.stdout.write(`JSON: ${args.json}\n`);
  }
  return failures.length ? 1 : 0;
}

async function cleanup() {
  for (const c of [...children]) await stopChild(c).catch(() => undefined);
  if (p3Database) await p3Database.drop().catch(() => undefined);
  for (const name of [...pgDatabases]) await pgAdmin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).catch(() => undefined);
  fs.rmSync(TMP, { recursive: true, force: true });
  agent.destroy();
}

process.on('SIGINT', () => {
  cleanup().finally(() => process.exit(130));
});

main()
  .then(async (code) => {
    await cleanup();
    process.exit(code);
  })
  .catch(async (e) => {
    process.stderr.write(`${e.stack}\n`);
    await cleanup();
    process.exit(1);
  });
