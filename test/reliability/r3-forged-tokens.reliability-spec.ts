import { createPublicKey, generateKeyPairSync, KeyObject, sign as rsaSign } from 'crypto';
import { base64url, decodeJwt, SignJWT } from 'jose';
import { SigningKeysService } from '@gatehouse/tenancy';
import type { TenantHandle } from '@gatehouse/testing';
import { errorShapeProblem } from './support/shape';
import { RawResponse, send } from './support/http';
import { listeningApp, ListeningApp, reportFigures } from './support/server';

/**
 * R3 (issue 12 §8): forged tokens and cross-tenant access, over real HTTP on loopback. Every forgery is
 * presented to a read, a write and a delete of the Management API and must be refused (401, or 400/403
 * where that is the right refusal) in Auth0's shape, nothing created or deleted. Cross-tenant: each of
 * tenant B's resources is read, changed and deleted from tenant A (B's token on A's host, A's token on
 * B's host, A's token on A's host with B's ids, A's host with B named in X-Forwarded-Host), and must be
 * refused or not found, B's data never shown and never changed.
 */

type Headers = [string, string][];
interface Forgery {
  name: string;
  headers: Headers;
  /** Appended to the path (the token-in-the-query-string case). */
  query?: string;
  /** Statuses that are a correct refusal for this one (default 401). */
  refusals?: number[];
}

const sign = (claims: Record<string, unknown>, key: KeyObject | Uint8Array, header: Record<string, unknown>) =>
  new SignJWT(claims).setProtectedHeader(header as { alg: string }).sign(key);
const unsigned = (header: Record<string, unknown>, claims: Record<string, unknown>) =>
  `${base64url.encode(JSON.stringify(header))}.${base64url.encode(JSON.stringify(claims))}.`;
/** RS256 by hand, for headers jose refuses to write (an unknown `crit`). */
const rawRs256 = (header: Record<string, unknown>, claims: Record<string, unknown>, key: KeyObject) => {
  const input = `${base64url.encode(JSON.stringify(header))}.${base64url.encode(JSON.stringify(claims))}`;
  return `${input}.${base64url.encode(rsaSign('sha256', Buffer.from(input), key))}`;
};
const bearer = (token: string): Headers => [['Authorization', `Bearer ${token}`]];

describe('R3: forged tokens and cross-tenant access are refused', () => {
  let app: ListeningApp;
  let a: TenantHandle;
  let b: TenantHandle;
  let tokenA: string;
  let tokenB: string;

  const call = (host: string, method: string, path: string, headers: Headers, body?: unknown): Promise<RawResponse> =>
    send(app.port, host, {
      method,
      path,
      headers: [...headers, ...(body === undefined ? [] : ([['Content-Type', 'application/json']] as Headers))],
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const asAdmin = async (h: TenantHandle, token: string, method: string, path: string, body?: unknown) => {
    const res = await call(h.host, method, path, bearer(token), body);
    if (res.status >= 300) throw new Error(`${method} ${path} on ${h.host}: ${res.status} ${res.body}`);
    return res.json as Record<string, any>;
  };

  beforeAll(async () => {
    app = await listeningApp();
    a = app.t.main;
    b = await app.t.createTenant('tenant-b.localhost:3000');
    tokenA = await app.t.token(a);
    tokenB = await app.t.token(b);
  });
  afterAll(() => app?.close());

  it('refuses every forged, tampered, misdirected or malformed token, and accepts none', async () => {
    const keys = app.t.app.get(SigningKeysService);
    const keyA = await keys.currentKey(a.tenant.id);
    const keyB = await keys.currentKey(b.tenant.id);
    const publicPemA = createPublicKey(keyA.privateKey).export({ type: 'spki', format: 'pem' }).toString();
    const jwkA = JSON.stringify(createPublicKey(keyA.privateKey).export({ format: 'jwk' }));
    const attacker = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const real = decodeJwt(tokenA) as Record<string, unknown>;
    const now = Math.floor(Date.now() / 1000);
    const rs256A = { alg: 'RS256', typ: 'JWT', kid: keyA.kid };
    const withA = (patch: Record<string, unknown>, header: Record<string, unknown> = rs256A) => sign({ ...real, ...patch }, keyA.privateKey, header);
    const without = (claim: string) => {
      const c = { ...real };
      delete c[claim];
      return sign(c, keyA.privateKey, rs256A);
    };
    const [, payload, signature] = tokenA.split('.');
    const big = await withA({ padding: 'p'.repeat(12_000) });
    const huge = await withA({ padding: 'p'.repeat(70_000) });

    // The control: the real token is accepted (otherwise every refusal below would prove nothing).
    expect((await call(a.host, 'GET', '/api/v2/clients', bearer(tokenA))).status).toBe(200);

    const forgeries: Forgery[] = [
      { name: 'alg none', headers: bearer(unsigned({ alg: 'none', typ: 'JWT' }, real)) },
      { name: 'alg None with kid', headers: bearer(unsigned({ alg: 'None', typ: 'JWT', kid: keyA.kid }, real)) },
      { name: 'alg NONE, real signature kept', headers: bearer(`${unsigned({ alg: 'NONE', kid: keyA.kid }, real)}${signature}`) },
      {
        name: 'HS256 keyed with the PEM public key',
        headers: bearer(await sign(real, new TextEncoder().encode(publicPemA), { alg: 'HS256', typ: 'JWT', kid: keyA.kid })),
      },
      {
        name: 'HS256 keyed with the JWK public key',
        headers: bearer(await sign(real, new TextEncoder().encode(jwkA), { alg: 'HS256', typ: 'JWT', kid: keyA.kid })),
      },
      { name: 'HS512 keyed with the PEM public key', headers: bearer(await sign(real, new TextEncoder().encode(publicPemA), { alg: 'HS512', kid: keyA.kid })) },
      { name: 'unknown kid, attacker key', headers: bearer(await sign(real, attacker, { alg: 'RS256', typ: 'JWT', kid: 'kid-nobody-has' })) },
      { name: "tenant A's kid, attacker key", headers: bearer(await sign(real, attacker, rs256A)) },
      { name: 'no kid, attacker key', headers: bearer(await sign(real, attacker, { alg: 'RS256', typ: 'JWT' })) },
      {
        name: 'embedded jwk header (attacker key)',
        headers: bearer(await sign(real, attacker, { alg: 'RS256', jwk: createPublicKey(attacker).export({ format: 'jwk' }) })),
      },
      { name: 'jku header pointing elsewhere', headers: bearer(await sign(real, attacker, { alg: 'RS256', kid: 'x', jku: 'http://127.0.0.1:9/jwks.json' })) },
      { name: "tenant B's real token on A", headers: bearer(tokenB) },
      { name: "A's claims signed with B's key and kid", headers: bearer(await sign(real, keyB.privateKey, { alg: 'RS256', kid: keyB.kid })) },
      { name: "A's claims signed with B's key, A's kid", headers: bearer(await sign(real, keyB.privateKey, rs256A)) },
      { name: 'wrong iss', headers: bearer(await withA({ iss: 'https://evil.example/' })) },
      { name: "B's iss, A's aud, A's key", headers: bearer(await withA({ iss: b.tenant.issuer })) },
      { name: 'wrong aud', headers: bearer(await withA({ aud: 'https://evil.example/api/v2/' })) },
      { name: "B's aud", headers: bearer(await withA({ aud: b.tenant.managementAudience })) },
      { name: 'aud array without A', headers: bearer(await withA({ aud: ['https://evil.example/', b.tenant.managementAudience] })) },
      { name: 'no iss', headers: bearer(await without('iss')) },
      { name: 'no aud', headers: bearer(await without('aud')) },
      { name: 'no exp', headers: bearer(await without('exp')) },
      { name: 'expired an hour ago', headers: bearer(await withA({ iat: now - 7200, exp: now - 3600 })) },
      { name: 'expired two minutes ago', headers: bearer(await withA({ exp: now - 120 })) },
      { name: 'exp a century ahead', headers: bearer(await withA({ exp: now + 100 * 365 * 86400 })) },
      { name: 'exp not a number', headers: bearer(await withA({ exp: 'tomorrow' })) },
      { name: 'nbf an hour ahead', headers: bearer(await withA({ nbf: now + 3600 })) },
      { name: 'iat an hour ahead', headers: bearer(await withA({ iat: now + 3600, exp: now + 7200 })) },
      { name: 'iat not a number', headers: bearer(await withA({ iat: 'now' })) },
      { name: 'scope claim an array', headers: bearer(await withA({ scope: ['read:clients', 'create:clients', 'delete:clients'] })), refusals: [401, 403] },
      { name: 'scope claim a number', headers: bearer(await withA({ scope: 42 })), refusals: [401, 403] },
      { name: 'scope claim an object', headers: bearer(await withA({ scope: { 'read:clients': true } })), refusals: [401, 403] },
      { name: 'scope claim null', headers: bearer(await withA({ scope: null })), refusals: [401, 403] },
      { name: 'sub claim an object', headers: bearer(await withA({ sub: { id: 'x' } })) },
      { name: 'unknown crit header', headers: bearer(rawRs256({ ...rs256A, crit: ['x-must-understand'], 'x-must-understand': true }, real, keyA.privateKey)) },
      {
        name: 'payload swapped under the real signature',
        headers: bearer(`${tokenA.split('.')[0]}.${base64url.encode(JSON.stringify({ ...real, scope: 'everything' }))}.${signature}`),
      },
      { name: 'signature stripped', headers: bearer(`${tokenA.split('.')[0]}.${payload}.`) },
      { name: 'signature truncated', headers: bearer(tokenA.slice(0, -10)) },
      { name: 'oversized token (12 kB, really signed)', headers: bearer(big), refusals: [401, 431] },
      { name: 'oversized token (70 kB, really signed)', headers: bearer(huge), refusals: [401, 431] },
      { name: 'garbage', headers: bearer('garbage') },
      { name: 'five segments', headers: bearer(`${tokenA}.${payload}.${signature}`) },
      { name: 'token in the query string', headers: [], query: `?access_token=${tokenA}` },
      { name: 'token in the query string, garbage header', headers: bearer('garbage'), query: `?access_token=${tokenA}` },
      { name: 'double Authorization header, valid first', headers: [...bearer(tokenA), ...bearer('garbage')], refusals: [400, 401] },
      { name: 'double Authorization header, valid second', headers: [...bearer('garbage'), ...bearer(tokenA)], refusals: [400, 401] },
      { name: 'double Authorization header, both valid', headers: [...bearer(tokenA), ...bearer(tokenA)], refusals: [400, 401] },
      { name: 'anything after the token', headers: [['Authorization', `Bearer ${tokenA} extra`]] },
      { name: 'token, comma, more', headers: [['Authorization', `Bearer ${tokenA}, Bearer ${tokenA}`]], refusals: [400, 401] },
      { name: 'Basic scheme carrying the token', headers: [['Authorization', `Basic ${tokenA}`]] },
      { name: 'Bearer with no token', headers: [['Authorization', 'Bearer']] },
      { name: 'Bearer and spaces', headers: [['Authorization', 'Bearer    ']] },
      { name: 'no scheme', headers: [['Authorization', tokenA]] },
    ];

    const clientsBefore = ((await asAdmin(a, tokenA, 'GET', '/api/v2/clients?per_page=100')) as unknown as unknown[]).length;
    const victims: string[] = [];

    const failures: string[] = [];
    let requests = 0;
    let accepted = 0;
    const byStatus = new Map<number, number>();
    for (const f of forgeries) {
      // A client of A's for each forgery to try to delete.
      const victim = (await asAdmin(a, tokenA, 'POST', '/api/v2/clients', { name: 'r3-victim' })).client_id as string;
      victims.push(victim);
      const targets = [
        { method: 'GET', path: '/api/v2/clients' },
        { method: 'POST', path: '/api/v2/clients', body: { name: 'r3-forged' } },
        { method: 'DELETE', path: `/api/v2/clients/${victim}` },
      ];
      for (const target of targets) {
        const res = await call(a.host, target.method, `${target.path}${f.query ?? ''}`, f.headers, target.body);
        requests++;
        byStatus.set(res.status, (byStatus.get(res.status) ?? 0) + 1);
        if (res.status < 400) accepted++;
        const allowed = f.refusals ?? [401];
        if (!allowed.includes(res.status))
          failures.push(`${f.name} → ${target.method} ${target.path}: ${res.status} (expected ${allowed.join('/')}) ${res.body.slice(0, 160)}`);
        const shape = errorShapeProblem(target.path, res);
        if (res.status >= 400 && shape) failures.push(`${f.name} → ${target.method} ${target.path}: ${shape}`);
      }
    }
    // Nothing was created or deleted by the forgeries.
    const after = (await asAdmin(a, tokenA, 'GET', '/api/v2/clients?per_page=100')) as unknown as { name: string; client_id: string }[];
    const created = after.filter((c) => c.name === 'r3-forged').length;
    if (created) failures.push(`${created} client(s) created with forged tokens`);
    const deleted = victims.filter((id) => !after.some((c) => c.client_id === id)).length;
    if (deleted) failures.push(`${deleted} client(s) deleted with forged tokens`);
    if (after.length !== clientsBefore + victims.length + created - deleted) failures.push(`clients before ${clientsBefore}, after ${after.length}`);

    reportFigures(
      `R3: ${forgeries.length} forgeries × 3 routes = ${requests} requests, ${accepted} accepted, statuses ${[...byStatus]
        .sort(([x], [y]) => x - y)
        .map(([s, n]) => `${s}×${n}`)
        .join(' ')}, ${failures.length} wrong answers`,
    );
    expect(failures).toEqual([]);
    expect(accepted).toBe(0);
  }, 120_000);

  it("never shows or changes another tenant's data, whatever the Host or token", async () => {
    // Tenant B's resources, created by B's admin.
    const client = await asAdmin(b, tokenB, 'POST', '/api/v2/clients', { name: 'only-in-b', callbacks: ['http://127.0.0.1:9/cb'] });
    const rs = await asAdmin(b, tokenB, 'POST', '/api/v2/resource-servers', {
      name: 'b-api',
      identifier: 'https://b.example/api',
      scopes: [{ value: 'read:b' }],
    });
    const grant = await asAdmin(b, tokenB, 'POST', '/api/v2/client-grants', { client_id: client.client_id, audience: rs.identifier, scope: ['read:b'] });
    const connection = await asAdmin(b, tokenB, 'POST', '/api/v2/connections', { name: 'b-db', strategy: 'auth0', enabled_clients: [client.client_id] });
    const user = await asAdmin(b, tokenB, 'POST', '/api/v2/users', { connection: 'b-db', email: 'b-user@example.com', password: 'b password that is long' });
    const rule = await asAdmin(b, tokenB, 'POST', '/api/v2/rules', {
      name: 'b-rule',
      script: 'function (user, context, callback) { callback(null, user, context); }',
      enabled: false,
    });
    const resources = [
      { path: `/api/v2/clients/${client.client_id}`, patch: { name: 'hijacked' }, marker: 'only-in-b' },
      { path: `/api/v2/resource-servers/${rs.id}`, patch: { name: 'hijacked' }, marker: 'b-api' },
      { path: `/api/v2/client-grants/${grant.id}`, patch: { scope: [] }, marker: 'read:b' },
      { path: `/api/v2/connections/${connection.id}`, patch: { display_name: 'hijacked' }, marker: 'b-db' },
      { path: `/api/v2/users/${encodeURIComponent(user.user_id)}`, patch: { name: 'hijacked' }, marker: 'b-user@example.com' },
      { path: `/api/v2/rules/${rule.id}`, patch: { name: 'hijacked' }, marker: 'b-rule' },
    ];
    // A's settings changed through B's host must not stick either.
    const lists = [
      '/api/v2/clients',
      '/api/v2/resource-servers',
      '/api/v2/client-grants',
      '/api/v2/connections',
      '/api/v2/users',
      '/api/v2/rules',
      '/api/v2/logs',
    ];

    const failures: string[] = [];
    let requests = 0;
    const byStatus = new Map<number, number>();
    const note = (what: string, res: RawResponse, allowed: number[], path: string, secret?: string) => {
      requests++;
      byStatus.set(res.status, (byStatus.get(res.status) ?? 0) + 1);
      if (!allowed.includes(res.status)) failures.push(`${what}: ${res.status} (expected ${allowed.join('/')}) ${res.body.slice(0, 160)}`);
      if (res.status >= 400 && errorShapeProblem(path, res)) failures.push(`${what}: ${errorShapeProblem(path, res)}`);
      if (secret && res.body.includes(secret)) failures.push(`${what}: B's data in the answer`);
    };
    const ways: { name: string; host: string; headers: Headers; refusals: number[] }[] = [
      { name: "B's token on A's host", host: a.host, headers: bearer(tokenB), refusals: [401] },
      { name: "A's token on B's host", host: b.host, headers: bearer(tokenA), refusals: [401] },
      { name: "A's token on A's host (B's ids)", host: a.host, headers: bearer(tokenA), refusals: [404] },
      { name: "A's token, X-Forwarded-Host B", host: a.host, headers: [...bearer(tokenA), ['X-Forwarded-Host', b.host]], refusals: [404] },
      { name: "A's token, Host B in upper case", host: b.host.toUpperCase(), headers: bearer(tokenA), refusals: [401] },
      { name: "A's token, Host B with a trailing dot", host: b.host.replace(':', '.:'), headers: bearer(tokenA), refusals: [401, 404] },
    ];
    for (const way of ways) {
      for (const r of resources) {
        const seen = (m: string) => `${way.name} ${m} ${r.path}`;
        note(seen('GET'), await call(way.host, 'GET', r.path, way.headers), way.refusals, r.path, r.marker);
        note(seen('PATCH'), await call(way.host, 'PATCH', r.path, way.headers, r.patch), way.refusals, r.path, r.marker);
        note(seen('DELETE'), await call(way.host, 'DELETE', r.path, way.headers), way.refusals, r.path, r.marker);
      }
      for (const list of lists) {
        const res = await call(way.host, 'GET', `${list}?per_page=100`, way.headers);
        requests++;
        byStatus.set(res.status, (byStatus.get(res.status) ?? 0) + 1);
        // A list may be A's own (200) when the request is A's; it must never hold B's things.
        for (const r of resources) if (res.body.includes(r.marker) && r.marker !== 'read:b') failures.push(`${way.name} GET ${list}: B's ${r.marker} listed`);
        // (A's own log events may name B's ids: they record A's own refused requests.)
        if (list !== '/api/v2/logs' && res.body.includes(client.client_id)) failures.push(`${way.name} GET ${list}: B's client id listed`);
      }
    }
    // B's resources are all there and unchanged.
    for (const r of resources) {
      const res = await call(b.host, 'GET', r.path, bearer(tokenB));
      if (res.status !== 200 || !res.body.includes(r.marker) || res.body.includes('hijacked'))
        failures.push(`B's ${r.path} changed: ${res.status} ${res.body.slice(0, 160)}`);
    }
    expect((await asAdmin(b, tokenB, 'GET', `/api/v2/client-grants/${grant.id}`)).scope).toEqual(['read:b']);

    reportFigures(
      `R3: ${requests} cross-tenant requests (${ways.length} ways × ${resources.length} resources × 3 methods + lists), ${failures.length} breaches or wrong answers, statuses ${[
        ...byStatus,
      ]
        .sort(([x], [y]) => x - y)
        .map(([s, n]) => `${s}×${n}`)
        .join(' ')}`,
    );
    expect(failures).toEqual([]);
  }, 120_000);
});
