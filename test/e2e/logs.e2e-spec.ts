import { RequestMethod } from '@nestjs/common';
import { INTERCEPTORS_METADATA, METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { MetadataScanner, ModulesContainer } from '@nestjs/core';
import { LogWriter, ManagementAuditInterceptor } from '@gatehouse/logs';
import { useTestApp } from '@gatehouse/testing';

type Json = Record<string, any>;

/** /api/v2/logs: tenant log events, search, checkpoints, retention (SPEC §8; issue 5 §5). */
describe('tenant logs', () => {
  const app = useTestApp();
  const { t } = app;
  const auth = () => ({ authorization: `Bearer ${app.token}` });
  const logs = async (query = '', host?: string, bearer = app.token) => {
    const res = await t.inject({ method: 'GET', url: `/api/v2/logs${query}`, host, headers: { authorization: `Bearer ${bearer}` } });
    return res;
  };
  const search = async (s: string): Promise<Json[]> => {
    const res = await logs(`?search=${encodeURIComponent(s)}&per_page=100`);
    expect(res.statusCode).toBe(200);
    return res.json();
  };

  it('every Management API write route, and only those, commits through the audit interceptor', () => {
    const routes: { route: string; audited: boolean }[] = [];
    const wrappers = [...t.app.get(ModulesContainer).values()].flatMap((m) => [...m.controllers.values()]);
    for (const wrapper of wrappers) {
      const controller = wrapper.metatype as (new () => object) | undefined;
      if (!controller) continue;
      const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
      const proto = controller.prototype as Record<string, object>;
      for (const name of new MetadataScanner().getAllMethodNames(proto)) {
        const method = Reflect.getMetadata(METHOD_METADATA, proto[name]!) as RequestMethod | undefined;
        if (method === undefined) continue;
        const interceptors = (Reflect.getMetadata(INTERCEPTORS_METADATA, proto[name]!) as unknown[] | undefined) ?? [];
        routes.push({ route: `${RequestMethod[method]} ${base}`, audited: interceptors.includes(ManagementAuditInterceptor) });
      }
    }
    const writes = routes.filter((r) => /^(POST|PUT|PATCH|DELETE) \/?api\/v2/.test(r.route));
    expect(writes.length).toBeGreaterThan(15);
    expect(writes.filter((r) => !r.audited)).toEqual([]);
    expect(routes.filter((r) => r.audited && !writes.includes(r))).toEqual([]);
    // Token, registration and extension POSTs are among the routes looked at, and pass the interceptor by.
    expect(routes.filter((r) => r.route.startsWith('POST ') && !writes.includes(r)).length).toBeGreaterThan(3);
  });

  it('needs read:logs', async () => {
    const narrow = await t.token(t.main, 'read:clients');
    const res = await logs('', undefined, narrow);
    expect(res.statusCode).toBe(403);
    expect(res.json()).toEqual({
      statusCode: 403,
      error: 'Forbidden',
      message: 'Insufficient scope, expected any of: read:logs',
      errorCode: 'insufficient_scope',
    });
  });

  it('logs Management API writes (sapi) and failures (fapi) with the calling client, never secrets; successful reads are not logged', async () => {
    const created = await t.inject({
      method: 'POST',
      url: '/api/v2/clients',
      headers: auth(),
      payload: { name: 'Logged app', client_metadata: { team: 'a' } },
    });
    expect(created.statusCode).toBe(201);
    const client = created.json();
    const rotated = await t.inject({ method: 'POST', url: `/api/v2/clients/${client.client_id}/rotate-secret`, headers: auth() });
    expect(rotated.statusCode).toBe(200);
    await t.inject({ method: 'GET', url: `/api/v2/clients/${client.client_id}`, headers: auth() });
    const failed = await t.inject({ method: 'POST', url: '/api/v2/clients', headers: auth(), payload: { name: 'x', sso: 'yes' } });
    expect(failed.statusCode).toBe(400);

    const sapi = await search('type:"sapi"');
    const create = sapi.find((e) => e.details.request.path === '/api/v2/clients');
    expect(create).toMatchObject({
      type: 'sapi',
      description: 'Create a client',
      client_id: t.main.admin.clientId,
      client_name: 'Gatehouse Admin (bootstrap)',
      ip: '127.0.0.1',
      hostname: 'localhost',
      date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      log_id: expect.stringMatching(/^\d+$/),
      details: { request: { method: 'POST', body: { name: 'Logged app' }, channel: 'api', auth: { strategy: 'jwt' } }, response: { statusCode: 201 } },
    });
    expect(sapi.map((e) => e.description)).toContain('Rotate a client secret');
    expect(sapi.every((e) => e.details.request.method !== 'GET')).toBe(true);

    const fapi = await search('type:fapi');
    expect(fapi[0]).toMatchObject({
      type: 'fapi',
      description: expect.stringContaining('sso'),
      details: { response: { statusCode: 400, body: { errorCode: 'invalid_body' } } },
    });
    const everything = JSON.stringify((await logs('?per_page=100')).json());
    expect(everything).not.toContain(client.client_secret);
    expect(everything).not.toContain(rotated.json().client_secret);
    expect(everything).not.toContain(app.token);
  });

  it('logs token exchanges: seccft on success, feccft on failure', async () => {
    await t.token();
    const bad = await t.inject({
      method: 'POST',
      url: '/oauth/token',
      payload: {
        grant_type: 'client_credentials',
        client_id: t.main.admin.clientId,
        client_secret: 'wrong-secret-xxxxxxxx',
        audience: t.main.tenant.managementAudience,
      },
    });
    expect(bad.statusCode).toBe(401);
    const [ok] = await search('type:seccft');
    expect(ok).toMatchObject({
      client_id: t.main.admin.clientId,
      client_name: 'Gatehouse Admin (bootstrap)',
      audience: t.main.tenant.managementAudience,
      scope: expect.stringContaining('read:logs'),
    });
    const [failure] = await search('type:feccft');
    expect(failure).toMatchObject({ client_id: t.main.admin.clientId, description: 'Unauthorized', details: { error: 'invalid_client' } });
    expect(JSON.stringify(failure)).not.toContain('wrong-secret');
  });

  it('logs registrations (sdcr), refused registrations (fdcr), rate-limit hits (api_limit) and ACL blocks (acls_summary)', async () => {
    const register = (payload: object, headers: Record<string, string> = {}) => t.inject({ method: 'POST', url: '/oidc/register', headers, payload });
    expect((await register({ redirect_uris: ['https://a.example/cb'] })).statusCode).toBe(403); // DCR disabled
    await t.inject({ method: 'PATCH', url: '/api/v2/tenants/settings', headers: auth(), payload: { flags: { enable_dynamic_client_registration: true } } });
    const acl = await t.inject({
      method: 'POST',
      url: '/api/v2/network-acls',
      headers: auth(),
      payload: { description: 'no bots', active: true, priority: 1, rule: { action: { block: true }, match: { user_agents: ['evil-bot'] }, scope: 'dcr' } },
    });
    const ruleId = acl.json().id;
    for (let i = 0; i < 3; i++) expect((await register({ redirect_uris: ['https://a.example/cb'] }, { 'user-agent': 'evil-bot/1' })).statusCode).toBe(403);
    // Registrations are limited to 5 per second: start at a fresh window.
    await new Promise((r) => setTimeout(r, 1005 - (t.clock.nowMs() % 1000)));
    const ok = await register({ client_name: 'MCP thing', redirect_uris: ['http://127.0.0.1:5000/cb'], token_endpoint_auth_method: 'none' });
    expect(ok.statusCode).toBe(201);
    expect((await register({ redirect_uris: ['https://*.example/cb'] })).statusCode).toBe(400);
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await register({ redirect_uris: ['https://burst.example/cb'] })).statusCode);
    expect(statuses).toContain(429);

    const registered = (await search('type:sdcr')).find((e) => e.client_id === ok.json().client_id);
    expect(registered).toMatchObject({
      client_id: ok.json().client_id,
      client_name: 'MCP thing',
      details: { token_endpoint_auth_method: 'none', third_party_security_mode: 'strict', redirect_uris: ['http://127.0.0.1:5000/cb'] },
    });
    const refused = await search('type:fdcr');
    expect(refused.map((e) => e.details.error).sort()).toEqual(['access_denied', 'invalid_redirect_uri']);
    // A 429 does not wait for its api_limit event (it goes into the writer's next durable batch): wait for it.
    await t.app.get(LogWriter).flush();
    const limited = await search('type:api_limit');
    expect(limited.length).toBe(statuses.filter((s) => s === 429).length);
    expect(limited[0].description).toContain('5 requests per second');
    // The three blocks are summed per rule (one summary per interval), and not logged one by one as fdcr.
    const summaries = (await search('type:acls_summary')).filter((e) => e.details.rule_id === ruleId);
    expect(summaries.reduce((n, e) => n + e.details.count, 0)).toBe(3);
    expect(summaries[0]).toMatchObject({ details: { action: 'block', scope: 'dcr', ips: ['127.0.0.1'] }, user_agent: 'evil-bot/1' });
  });

  it('searches by type, client and date; projects fields; pages with include_totals in Auth0 shape', async () => {
    const admin = t.main.admin.clientId;
    const byClient = await search(`client_id:"${admin}" type:sapi`);
    expect(byClient.length).toBeGreaterThan(0);
    expect(byClient.every((e) => e.client_id === admin && e.type === 'sapi')).toBe(true);
    expect(await search('client_id:"nobody"')).toEqual([]);
    expect((await search('application:gatehouse')).every((e) => e.client_name.startsWith('Gatehouse'))).toBe(true);
    expect((await search('Gatehouse')).length).toBeGreaterThan(0);
    const today = t.clock.now().toISOString().slice(0, 10);
    expect((await search(`date:[${today} TO *]`)).length).toBeGreaterThan(0);
    expect(await search('date:[2001-01-01 TO 2001-12-31]')).toEqual([]);
    // q is accepted with the same grammar (Lucene's AND included).
    const viaQ = (await logs(`?q=${encodeURIComponent('type:sapi AND client_id:' + admin)}&per_page=100`)).json();
    expect(viaQ.length).toBe(byClient.length);

    const newest = (await logs('?per_page=2')).json();
    const oldest = (await logs('?per_page=2&sort=date:1')).json();
    expect(newest[0].date >= newest[1].date).toBe(true);
    expect(oldest[0].date <= oldest[1].date).toBe(true);
    expect(newest[0].log_id).not.toBe(oldest[0].log_id);

    const projected = (await logs('?fields=type,log_id&per_page=3')).json();
    expect(Object.keys(projected[0]).sort()).toEqual(['log_id', 'type']);

    const paged = (await logs('?include_totals=true&per_page=2&page=1')).json();
    expect(Object.keys(paged).sort()).toEqual(['length', 'limit', 'logs', 'start', 'total']);
    expect(paged).toMatchObject({ start: 2, limit: 2, length: 2 });
    expect(paged.total).toBeGreaterThan(4);

    for (const [q, message] of [
      ['?search=type:sapi%20OR%20type:fapi', 'unsupported search operator'],
      ['?search=bogus:1', 'unknown search field'],
      ['?sort=type:1', 'sort'],
      ['?page=10&per_page=100', 'first 1000'],
      ['?per_page=101', 'greater than maximum 100'],
      ['?colour=blue', 'Additional properties not allowed: colour'],
    ]) {
      const res = await logs(q);
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ statusCode: 400, errorCode: 'invalid_query_string', message: expect.stringContaining(message) });
    }
  });

  it('reads by checkpoint (log_id order, Link rel=next) and by id; other tenants see nothing', async () => {
    const first = await logs('?take=3');
    expect(first.statusCode).toBe(200);
    const page1: Json[] = first.json();
    expect(page1).toHaveLength(3);
    expect([...page1].map((e) => e.log_id)).toEqual(page1.map((e) => e.log_id).sort());
    const link = first.headers.link as string;
    expect(link).toBe(`<http://localhost:3000/api/v2/logs?from=${page1[2]!.log_id}&take=3>; rel="next"`);
    const page2: Json[] = (await logs(`?from=${page1[2]!.log_id}&take=3`)).json();
    expect(page2[0].log_id > page1[2]!.log_id).toBe(true);
    // Walking to the end: an empty page repeats the same next link.
    let from = page2[page2.length - 1]!.log_id;
    for (;;) {
      const res = await logs(`?from=${from}&take=100`);
      const items: Json[] = res.json();
      if (items.length === 0) {
        expect(res.headers.link).toBe(`<http://localhost:3000/api/v2/logs?from=${from}&take=100>; rel="next"`);
        break;
      }
      from = items[items.length - 1]!.log_id;
    }
    expect((await logs('?from=not-a-log-id')).statusCode).toBe(400);

    const one = await logs(`/${page1[0]!.log_id}`);
    expect(one.statusCode).toBe(200);
    expect(one.json()).toEqual(page1[0]);
    const missing = await logs('/123');
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ statusCode: 404, errorCode: 'not_found' });

    const other = await t.createTenant('logs-other.localhost:3000');
    const otherToken = await t.token(other);
    expect((await logs(`/${page1[0]!.log_id}`, other.host, otherToken)).statusCode).toBe(404);
    const theirs: Json[] = (await logs('?per_page=100', other.host, otherToken)).json();
    expect(theirs.every((e) => e.client_id === undefined || e.client_id === other.admin.clientId)).toBe(true);
    expect(theirs.some((e) => e.log_id === page1[0]!.log_id)).toBe(false);
  });
});

describe('tenant log retention and durability', () => {
  const env = { GATEHOUSE_LOG_MAX_EVENTS: '5', GATEHOUSE_LOG_RETENTION_DAYS: '1', GATEHOUSE_MANAGEMENT_RATE_LIMIT: '20' };
  const app = useTestApp({ env });
  const { t } = app;

  it('keeps at most GATEHOUSE_LOG_MAX_EVENTS per tenant, drops events past the retention period, and writes queued events at shutdown', async () => {
    const token = app.token;
    const read = async () =>
      (await t.inject({ method: 'GET', url: '/api/v2/logs?per_page=100', headers: { authorization: `Bearer ${token}` } })).json() as Json[];
    for (let i = 0; i < 8; i++)
      await t.inject({ method: 'POST', url: '/api/v2/clients', headers: { authorization: `Bearer ${token}` }, payload: { name: `app ${i}` } });
    await read(); // flushes; retention applies after the write
    const kept = await read();
    expect(kept.length).toBeLessThanOrEqual(5);
    expect(kept.some((e) => e.details?.request?.body?.name === 'app 7')).toBe(true);
    expect(kept.some((e) => e.details?.request?.body?.name === 'app 0')).toBe(false);

    // The management rate limit (20/min here) is logged as api_limit; that event is still queued
    // when the app shuts down, which writes it, so it survives the restart.
    let limited = 0;
    for (let i = 0; i < 25 && limited === 0; i++) {
      if ((await t.inject({ method: 'GET', url: '/api/v2/clients', headers: { authorization: `Bearer ${token}` } })).statusCode === 429) limited++;
    }
    expect(limited).toBe(1);

    await t.restart({ env });
    const after = app.token;
    const logsAfter = (await t.inject({ method: 'GET', url: '/api/v2/logs?per_page=100', headers: { authorization: `Bearer ${after}` } })).json() as Json[];
    expect(logsAfter.some((e) => e.type === 'api_limit')).toBe(true);

    // Two days on, with a one-day retention, the next write prunes everything older.
    t.clock.set(new Date(t.clock.nowMs() + 2 * 86_400_000));
    const later = await t.token();
    await t.inject({ method: 'POST', url: '/api/v2/clients', headers: { authorization: `Bearer ${later}` }, payload: { name: 'after two days' } });
    await t.inject({ method: 'GET', url: '/api/v2/logs', headers: { authorization: `Bearer ${later}` } });
    const remaining = (await t.inject({ method: 'GET', url: '/api/v2/logs?per_page=100', headers: { authorization: `Bearer ${later}` } })).json() as Json[];
    expect(remaining.length).toBeGreaterThan(0);
    expect(remaining.every((e) => e.date >= new Date(t.clock.nowMs() - 86_400_000).toISOString())).toBe(true);
  });
});
