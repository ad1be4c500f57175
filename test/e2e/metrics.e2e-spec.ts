import { testDatabase, useTestApp } from '@gatehouse/testing';

/**
 * GET /metrics (issue 15 §2): Prometheus text format, one registry per application. Scraped after token
 * requests, DCR calls and 429s of each limiter: the counters move by exactly what was sent, route labels
 * are templates, and no tenant, domain, client id, IP, secret or token appears anywhere in the body.
 * Off by default (404); with GATEHOUSE_METRICS_TOKEN, 401 without it.
 */

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The text exposition format (0.0.4), strictly: every line a comment, blank, or `name{labels} value`. */
function parseExposition(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || /^# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* /.test(line)) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) throw new Error(`not a sample line: ${JSON.stringify(line)}`);
    const labels: Record<string, string> = {};
    const raw = m[2] ?? '';
    const label = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"(?:,|$)/y;
    while (label.lastIndex < raw.length) {
      const l = label.exec(raw);
      if (!l) throw new Error(`bad labels in ${JSON.stringify(line)}`);
      labels[l[1]!] = l[2]!.replace(/\\n/g, '\n').replace(/\\"/g, '"').replace(/\\\\/g, '\\');
    }
    const value = m[3] === '+Inf' ? Infinity : m[3] === '-Inf' ? -Infinity : Number(m[3]);
    if (Number.isNaN(value) && m[3] !== 'NaN') throw new Error(`bad value in ${JSON.stringify(line)}`);
    samples.push({ name: m[1]!, labels, value });
  }
  return samples;
}

/** The value of the one sample named `name` whose labels include `labels` (0 when there is none). */
function valueOf(samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  const found = samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  if (found.length > 1) throw new Error(`${found.length} samples ${name} ${JSON.stringify(labels)}`);
  return found[0]?.value ?? 0;
}

describe('GET /metrics', () => {
  const TENANT_LIMIT = 40;
  const IP_BUDGET = 2;
  const app = useTestApp({
    env: { GATEHOUSE_METRICS: 'on', GATEHOUSE_MANAGEMENT_RATE_LIMIT: String(TENANT_LIMIT), GATEHOUSE_UNAUTHENTICATED_RATE_LIMIT: String(IP_BUDGET) },
  });
  const { t } = app;
  const scrape = async () => {
    const res = await t.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-store');
    return { text: res.body, samples: parseExposition(res.body) };
  };
  const token = (payload: Record<string, string>) =>
    t.inject({
      method: 'POST',
      url: '/oauth/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams(payload).toString(),
    });

  it('counts requests by route template, tokens by grant type and outcome, DCR, and 429s by limiter; no tenant data anywhere', async () => {
    const mgmt = (method: 'GET' | 'PATCH', url: string, payload?: object) =>
      t.inject({ method, url, headers: { authorization: `Bearer ${app.token}` }, ...(payload ? { payload } : {}) });
    const before = await scrape();
    // Every limiter shows from the first scrape, at 0.
    for (const limiter of ['management_api', 'unauthenticated', 'dcr']) {
      expect(before.samples.some((s) => s.name === 'gatehouse_rate_limit_refusals_total' && s.labels.limiter === limiter)).toBe(true);
    }

    // Tokens: two issued, one refused secret, one unsupported grant type.
    const admin = t.main.admin;
    const audience = t.main.tenant.managementAudience;
    const issued: string[] = [];
    for (let i = 0; i < 2; i++) {
      const res = await token({ grant_type: 'client_credentials', client_id: admin.clientId, client_secret: admin.clientSecret, audience });
      expect(res.statusCode).toBe(200);
      issued.push(res.json().access_token);
    }
    expect((await token({ grant_type: 'client_credentials', client_id: admin.clientId, client_secret: `${admin.clientSecret}x`, audience })).statusCode).toBe(
      401,
    );
    expect((await token({ grant_type: 'urn:example:made-up', client_id: admin.clientId })).statusCode).toBe(400);

    // DCR: one registration, then a burst over the tenant's 5 per second (12 at once cannot all fit in
    // one or two one-second windows).
    expect((await mgmt('PATCH', '/api/v2/tenants/settings', { flags: { enable_dynamic_client_registration: true } })).statusCode).toBe(200);
    const register = () =>
      t.inject({ method: 'POST', url: '/oidc/register', payload: { client_name: 'metrics-dcr', redirect_uris: ['https://mcp.example/cb'] } });
    const burst = await Promise.all(Array.from({ length: 12 }, register));
    const registered = burst.filter((r) => r.statusCode === 201);
    const dcrLimited = burst.filter((r) => r.statusCode === 429).length;
    expect(registered.length + dcrLimited).toBe(12);
    expect(dcrLimited).toBeGreaterThan(0);
    const dcrClientIds = registered.map((r) => r.json().client_id as string);

    // Route templates: a client by id, an unknown path.
    const byId = await mgmt('GET', `/api/v2/clients/${admin.clientId}`);
    expect(byId.statusCode).toBe(200);
    expect((await t.inject({ method: 'GET', url: '/no/such-path-4242' })).statusCode).toBe(404);

    // The per-IP budget of failed authentication (IP_BUDGET), then the tenant's own budget.
    const bad = [];
    for (let i = 0; i < IP_BUDGET + 3; i++)
      bad.push((await t.inject({ method: 'GET', url: '/api/v2/clients', headers: { authorization: 'Bearer garbage' } })).statusCode);
    expect(bad).toEqual([...Array(IP_BUDGET).fill(401), 429, 429, 429]);
    const spent = [];
    for (let i = 0; i < TENANT_LIMIT; i++) spent.push((await mgmt('GET', '/api/v2/clients')).statusCode);
    const mgmtLimited = spent.filter((s) => s === 429).length;
    expect(mgmtLimited).toBeGreaterThan(0);
    expect(spent.filter((s) => s !== 429).every((s) => s === 200)).toBe(true);

    const after = await scrape();
    const delta = (name: string, labels: Record<string, string>) => valueOf(after.samples, name, labels) - valueOf(before.samples, name, labels);
    expect(delta('gatehouse_token_requests_total', { grant_type: 'client_credentials', outcome: 'issued' })).toBe(2);
    expect(delta('gatehouse_token_requests_total', { grant_type: 'client_credentials', outcome: 'invalid_client' })).toBe(1);
    expect(delta('gatehouse_token_requests_total', { grant_type: 'unsupported', outcome: 'unsupported_grant_type' })).toBe(1);
    expect(delta('gatehouse_dcr_registrations_total', { outcome: 'registered' })).toBe(registered.length);
    expect(delta('gatehouse_dcr_registrations_total', { outcome: 'too_many_requests' })).toBe(dcrLimited);
    expect(delta('gatehouse_rate_limit_refusals_total', { limiter: 'dcr' })).toBe(dcrLimited);
    expect(delta('gatehouse_rate_limit_refusals_total', { limiter: 'unauthenticated' })).toBe(3);
    expect(delta('gatehouse_rate_limit_refusals_total', { limiter: 'management_api' })).toBe(mgmtLimited);
    expect(delta('gatehouse_http_requests_total', { method: 'POST', route: '/oauth/token', status: '200' })).toBe(2);
    expect(delta('gatehouse_http_requests_total', { method: 'GET', route: '/api/v2/clients/:id', status: '200' })).toBe(1);
    expect(delta('gatehouse_http_requests_total', { method: 'GET', route: '/api/v2/clients', status: '429' })).toBe(3 + mgmtLimited);
    expect(delta('gatehouse_http_requests_total', { method: 'GET', route: '(unmatched)', status: '404' })).toBe(1);
    expect(delta('gatehouse_http_requests_total', { method: 'GET', route: '/metrics', status: '200' })).toBe(1);
    expect(delta('gatehouse_http_request_duration_seconds_count', { method: 'GET', route: '/api/v2/clients/:id' })).toBe(1);
    expect(valueOf(after.samples, 'gatehouse_http_request_duration_seconds_bucket', { method: 'GET', route: '/api/v2/clients/:id', le: '+Inf' })).toBe(
      valueOf(after.samples, 'gatehouse_http_request_duration_seconds_count', { method: 'GET', route: '/api/v2/clients/:id' }),
    );

    // Every route label is a template: it starts with / and carries no id, or it is the unmatched label.
    const routes = new Set(after.samples.filter((s) => s.labels.route !== undefined).map((s) => s.labels.route!));
    for (const route of routes) expect(route === '(unmatched)' || (route.startsWith('/') && !/[0-9a-f]{8,}|such-path/i.test(route))).toBe(true);
    // The only label names are the ones declared (no tenant, host, client or ip label).
    const labelNames = new Set(after.samples.flatMap((s) => Object.keys(s.labels)));
    for (const name of labelNames)
      expect([
        'method',
        'route',
        'status',
        'le',
        'grant_type',
        'outcome',
        'limiter',
        'version',
        'major',
        'minor',
        'patch',
        'space',
        'kind',
        'type',
        'quantile',
      ]).toContain(name);

    // No tenant data in the whole body.
    const tenantData = [
      t.main.tenant.id,
      t.main.host,
      t.main.host.replace(/:\d+$/, ''),
      t.main.tenant.managementAudience,
      admin.clientId,
      admin.clientSecret,
      app.token,
      ...issued,
      ...dcrClientIds,
      '127.0.0.1',
      'metrics-dcr',
      'mcp.example',
      'garbage',
    ];
    expect(tenantData.filter((d) => after.text.includes(d))).toEqual([]);

    // prom-client's process and event-loop figures, and the database's.
    for (const name of ['process_cpu_user_seconds_total', 'process_resident_memory_bytes', 'nodejs_eventloop_lag_p99_seconds', 'nodejs_heap_size_used_bytes']) {
      expect(after.samples.some((s) => s.name === name)).toBe(true);
    }
    if (testDatabase() === 'postgres') {
      expect(valueOf(after.samples, 'gatehouse_db_pool_connections')).toBeGreaterThanOrEqual(1);
      expect(valueOf(after.samples, 'gatehouse_db_pool_max_connections')).toBe(10);
      expect(valueOf(after.samples, 'gatehouse_db_pool_idle_connections')).toBeLessThanOrEqual(valueOf(after.samples, 'gatehouse_db_pool_connections'));
      expect(after.samples.some((s) => s.name === 'gatehouse_db_pool_waiting_requests')).toBe(true);
      expect(after.samples.some((s) => s.name.startsWith('gatehouse_db_sqlite'))).toBe(false);
    } else {
      // Nothing runs or waits on the one connection between two requests.
      expect(after.samples.find((s) => s.name === 'gatehouse_db_sqlite_waiting')?.value).toBe(0);
      expect(after.samples.find((s) => s.name === 'gatehouse_db_sqlite_active')?.value).toBe(0);
      expect(after.samples.some((s) => s.name.startsWith('gatehouse_db_pool'))).toBe(false);
    }
  });

  it('answers on any Host (process-wide, like /healthz), and only GET', async () => {
    expect((await t.inject({ method: 'GET', url: '/metrics', host: 'unknown.example.com' })).statusCode).toBe(200);
    const post = await t.inject({ method: 'POST', url: '/metrics' });
    expect(post.statusCode).toBe(405);
  });
});

describe('GET /metrics switched off (the default)', () => {
  const { t } = useTestApp();

  it('is 404, as an unknown path', async () => {
    const res = await t.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ statusCode: 404, error: 'Not Found', message: 'Not Found', errorCode: 'not_found' });
  });
});

describe('GET /metrics with GATEHOUSE_METRICS_TOKEN', () => {
  const METRICS_TOKEN = 'metrics-token-0123456789-abcdefghij';
  const { t } = useTestApp({ env: { GATEHOUSE_METRICS: 'on', GATEHOUSE_METRICS_TOKEN: METRICS_TOKEN } });

  it('is 401 without the token or with another one, 200 with it', async () => {
    const none = await t.inject({ method: 'GET', url: '/metrics' });
    expect(none.statusCode).toBe(401);
    expect(none.json()).toMatchObject({ statusCode: 401, errorCode: 'missing_authentication' });
    const wrong = await t.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${METRICS_TOKEN}x` } });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toMatchObject({ statusCode: 401, errorCode: 'invalid_token' });
    expect(wrong.body).not.toContain('gatehouse_');
    const right = await t.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(right.statusCode).toBe(200);
    expect(right.body).toContain('gatehouse_http_requests_total');
    // The refused scrapes are counted too, and the token itself is nowhere.
    expect(right.body).toMatch(/gatehouse_http_requests_total\{method="GET",route="\/metrics",status="401"\} 2/);
    expect(right.body).not.toContain(METRICS_TOKEN);
  });
});
