import { connect } from 'net';
import type { LightMyRequestResponse } from 'fastify';
import { freePort } from '@gatehouse/testing';
import {
  ALL_UNEMULATED_METHODS,
  HTTP_METHODS,
  Json,
  NOT_YET_DOCUMENTED,
  WireResponse,
  describeCoverage,
  doc,
  documentedStatuses,
  expectEdgeResponseMatches,
  expectMatchesContract,
  registeredRoutes,
  shapeOf,
  useContractApp,
} from './support/contract';

/** The checker itself, the health probes, routes that do not exist, and that every route the server registers is documented (with its scopes). */

describe('responses match openapi.yaml', () => {
  const app = useContractApp();
  const { t } = app;

  describe('the checker itself', () => {
    /** The same response with another body. */
    const withBody = (res: LightMyRequestResponse, body: string): LightMyRequestResponse => Object.defineProperty(Object.create(res), 'body', { value: body });

    it('fails on an undocumented status, a body off the schema, a missing header and a wrong template', async () => {
      const health = await t.inject({ method: 'GET', url: '/healthz' });
      expect(() => expectMatchesContract('GET', '/healthz', withBody(health, '{"status":"ok","extra":1}'))).toThrow(/does not match/);
      expect(() => expectMatchesContract('GET', '/readyz', health)).toThrow(/does not match \/readyz/);
      expect(() => expectMatchesContract('POST', '/healthz', health)).toThrow(/request was GET/);

      const denied = await t.inject({ method: 'GET', url: '/api/v2/roles', headers: { authorization: `Bearer ${app.token}` } });
      expect(denied.statusCode).toBe(403);
      expect(() => expectMatchesContract('GET', '/api/v2/{unemulatedPath}', withBody(denied, '{"statusCode":403}'))).toThrow(/must have required property/);
      const noHeaders = Object.defineProperty(Object.create(denied), 'headers', { value: { 'content-type': 'application/json' } });
      expect(() => expectMatchesContract('GET', '/api/v2/{unemulatedPath}', noHeaders)).toThrow(/missing required header X-RateLimit-Limit/);

      const missing = await t.inject({ method: 'GET', url: '/nope' });
      expect(() => expectMatchesContract('GET', '/healthz', missing)).toThrow(/does not document status 404/);
      expect(() => expectMatchesContract('GET', '/api/v2/roles', denied)).toThrow(/is documented as \/api\/v2\/\{unemulatedPath\}/);
    });
  });

  describe('operations', () => {
    it('GET /healthz', async () => {
      const res = await t.inject({ method: 'GET', url: '/healthz' });
      expect(res.statusCode).toBe(200);
      expectMatchesContract('GET', '/healthz', res);
    });

    it('GET /docs, its scripts and the document it renders', async () => {
      for (const url of ['/docs', '/docs/redoc.standalone.js', '/docs/init.js', '/docs/openapi.yaml']) {
        const res = await t.inject({ method: 'GET', url });
        expect({ url, status: res.statusCode }).toEqual({ url, status: 200 });
        expectMatchesContract('GET', url, res);
      }
    });

    it('GET /readyz (ready)', async () => {
      const res = await t.inject({ method: 'GET', url: '/readyz' });
      expect(res.statusCode).toBe(200);
      expectMatchesContract('GET', '/readyz', res);
    });
  });

  describe('GET /metrics', () => {
    const METRICS_TOKEN = 'contract-metrics-token-0123456789abcdef';
    const metrics = useContractApp({ env: { GATEHOUSE_METRICS: 'on', GATEHOUSE_METRICS_TOKEN: METRICS_TOKEN } });

    it('off (the default): 404', async () => {
      const res = await t.inject({ method: 'GET', url: '/metrics' });
      expect(res.statusCode).toBe(404);
      expectMatchesContract('GET', '/metrics', res);
    });

    it('on with a token: 401 without it, 200 (text/plain) with it', async () => {
      const refused = await metrics.t.inject({ method: 'GET', url: '/metrics' });
      expect(refused.statusCode).toBe(401);
      expectMatchesContract('GET', '/metrics', refused);
      const res = await metrics.t.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
      expect(res.statusCode).toBe(200);
      expectMatchesContract('GET', '/metrics', res);
    });
  });

  describe('routes that do not exist', () => {
    it.each(['/does-not-exist', '/oauth/authorise', '/.well-known/other.json'])('GET %s → 404 not_found', async (url) => {
      const res = await t.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(404);
      expectMatchesContract('GET', url, res);
    });

    it.each([
      ['DELETE', '/healthz'],
      ['POST', '/readyz'],
      ['GET', '/oauth/token'],
      ['PUT', '/.well-known/jwks.json'],
      ['POST', '/.well-known/openid-configuration'],
      ['DELETE', '/.well-known/oauth-authorization-server'],
      ['GET', '/oidc/register'],
    ] as const)('%s %s → 405 method_not_allowed with Allow', async (method, url) => {
      const res = await t.inject({ method, url });
      expect(res.statusCode).toBe(405);
      expectMatchesContract(method, url, res);
    });
  });

  it('every route the server registers is in openapi.yaml', () => {
    const documented = new Map<string, Set<string>>();
    for (const [template, item] of Object.entries(doc.paths as Json)) {
      documented.set(shapeOf(template), new Set(HTTP_METHODS.filter((m) => item[m]).map((m) => m.toUpperCase())));
    }
    const routes = registeredRoutes(t);
    // The metadata scan itself works: it sees the routes this contract documents.
    expect(routes.map((r) => `${r.method} ${r.route}`)).toEqual(
      expect.arrayContaining(['GET /healthz', 'GET /readyz', 'POST /oauth/token', 'GET /.well-known/jwks.json', 'ALL /api/v2/*']),
    );
    const missing: string[] = [];
    for (const { method, shape, route } of routes) {
      const methods = documented.get(shape);
      // @All routes must document at least the five methods a Management API client uses.
      const wanted = method === 'ALL' ? [...ALL_UNEMULATED_METHODS] : [method];
      if (!methods || !wanted.every((m) => methods.has(m))) missing.push(`${method} ${route}`);
    }
    expect(missing.filter((r) => !NOT_YET_DOCUMENTED.includes(r)).sort()).toEqual([]);
    // The allowance may only shrink: entries for routes that are now documented (or gone) must go.
    expect(NOT_YET_DOCUMENTED.filter((r) => !missing.includes(r))).toEqual([]);
  });

  it('documents for every route exactly the scopes the server accepts (any one of them), or no token for public routes', () => {
    const templates = new Map(Object.keys(doc.paths as Json).map((p) => [shapeOf(p), p]));
    const checked: string[] = [];
    for (const r of registeredRoutes(t)) {
      const template = templates.get(r.shape);
      const op: Json | undefined = template ? doc.paths[template][r.method.toLowerCase()] : undefined;
      if (r.method === 'ALL' || !op) continue; // the catch-all, or undocumented (the test above reports that)
      const security: Json[] = op.security ?? doc.security;
      const where = `${r.method} ${template}`;
      if (r.isPublic && security.some((req) => 'rootToken' in req)) {
        // The control plane: not a Management API route (no tenant token), guarded by the root credential alone.
        expect({ where, security }).toEqual({ where, security: [{ rootToken: [] }] });
      } else if (r.isPublic) {
        expect({ where, anonymousAllowed: security.length === 0 || security.some((req) => Object.keys(req).length === 0) }).toEqual({
          where,
          anonymousAllowed: true,
        });
      } else {
        const alternatives = security.filter((req) => 'oAuth2ClientCredentials' in req).map((req) => req.oAuth2ClientCredentials as string[]);
        expect({ where, anonymousAllowed: security.some((req) => Object.keys(req).length === 0) }).toEqual({ where, anonymousAllowed: false });
        // Any-of: one scope per alternative (a requirement listing several would mean all of them).
        expect({ where, alternatives: alternatives.filter((a) => a.length !== 1) }).toEqual({ where, alternatives: [] });
        expect({ where, scopes: alternatives.flat().sort() }).toEqual({ where, scopes: [...r.scopes].sort() });
        const described = String(op.description ?? '');
        for (const scope of r.scopes)
          expect({ where, describes: scope, found: described.includes(`\`${scope}\``) }).toEqual({ where, describes: scope, found: true });
      }
      checked.push(where);
    }
    expect(checked).toEqual(
      expect.arrayContaining([
        'POST /api/v2/clients',
        'PATCH /api/v2/tenants/settings',
        'POST /ext/v1/lint/client',
        'POST /oauth/token',
        'DELETE /api/v2/resource-servers/{id}',
        'PATCH /api/v2/client-grants/{id}',
        'GET /ext/v1/access',
        'GET /ext/v1/migrations',
        'PATCH /ext/v1/migrations',
      ]),
    );
  });
});

/** One raw HTTP exchange on a fresh connection (`request` written, then nothing more), read until the server closes it. */
function rawExchange(port: number, request: string): Promise<WireResponse & { closed: true }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let data = '';
    socket.setEncoding('latin1');
    socket.on('data', (c: string) => (data += c));
    socket.on('error', (e: NodeJS.ErrnoException) => (e.code === 'ECONNRESET' || e.code === 'EPIPE' ? undefined : reject(e)));
    socket.on('close', () => {
      const [head, ...rest] = data.split('\r\n\r\n');
      const [status, ...lines] = head!.split('\r\n');
      const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
      resolve({ statusCode: Number(status!.split(' ')[1]), headers, body: rest.join('\r\n\r\n'), closed: true });
    });
    socket.write(request);
  });
}

/** x-edge-responses: what is answered before any route is chosen, by the router or raw on the socket (issue 12 §2). */
describe('answers before any route match x-edge-responses', () => {
  const app = useContractApp({
    env: {
      GATEHOUSE_HEADERS_TIMEOUT_MS: '300',
      GATEHOUSE_REQUEST_TIMEOUT_MS: '400',
      GATEHOUSE_KEEP_ALIVE_TIMEOUT_MS: '10000',
      GATEHOUSE_IDLE_TIMEOUT_MS: '20000',
    },
  });
  const { t } = app;
  let port: number;
  beforeAll(async () => {
    port = await freePort();
    await t.app.listen({ port, host: '127.0.0.1' });
  });

  it.each([
    ['GET', '/api/v2/clients/{id}', '/api/v2/clients/%zz'],
    ['DELETE', '/ext/v1/tenants/{id}', '/ext/v1/tenants/%E0%A4%A'],
    ['POST', '/samlp/{client_id}', '/samlp/%ff%fe'],
  ] as const)('%s %s with invalid percent-encoding → 400 invalid_uri', async (method, template, url) => {
    const res = await t.inject({ method, url, headers: { authorization: `Bearer ${app.token}` } });
    expect(res.json()).toMatchObject({ statusCode: 400, errorCode: 'invalid_uri' });
    expectMatchesContract(method, template, res);
  });

  it('an undocumented path with invalid percent-encoding → 400 invalid_uri too', async () => {
    const res = await t.inject({ method: 'GET', url: '/%' });
    expect(res.json()).toMatchObject({ statusCode: 400, errorCode: 'invalid_uri' });
    expectEdgeResponseMatches(res);
  });

  it.each([
    ['GET', '/samlp/{client_id}', '/samlp/'],
    ['GET', '/ext/v1/accounts/{id}', '/ext/v1/accounts/'],
  ] as const)('%s %s with a path parameter over 2,048 characters → 414 uri_too_long', async (method, template, prefix) => {
    const res = await t.inject({ method, url: `${prefix}${'a'.repeat(2049)}` });
    expect(res.json()).toMatchObject({ statusCode: 414, errorCode: 'uri_too_long' });
    expectMatchesContract(method, template, res);
  });

  it('oversized headers → 431, written on the socket, connection closed (and on every operation that documents it)', async () => {
    const res = await rawExchange(port, `GET /api/v2/clients HTTP/1.1\r\nHost: ${t.main.host}\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    expect(res.statusCode).toBe(431);
    expectEdgeResponseMatches(res);
    const documenting = documentedStatuses().filter((s) => s.endsWith(' → 431'));
    expect(documenting.length).toBeGreaterThan(0);
    for (const status of documenting) {
      const operation = status.split(' → ')[0]!;
      const [method, template] = operation.split(' ');
      const big = await rawExchange(port, `${method} ${template} HTTP/1.1\r\nHost: ${t.main.host}\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
      expect({ operation, status: big.statusCode }).toEqual({ operation, status: 431 });
      expectEdgeResponseMatches(big, operation);
    }
  });

  it('a request Node cannot parse → 400 malformed_request, written on the socket, connection closed', async () => {
    const res = await rawExchange(port, `POST /api/v2/clients HTTP/1.1\r\nHost: ${t.main.host}\r\nContent-Length: abc\r\n\r\n`);
    expect(res.statusCode).toBe(400);
    expect(res.headers['x-request-id']).toBeUndefined();
    expectEdgeResponseMatches(res);
  });

  it('headers not received within the headers timeout → 408, written on the socket, connection closed', async () => {
    const started = Date.now();
    const res = await rawExchange(port, `GET /healthz HTTP/1.1\r\nHost: ${t.main.host}\r\n`);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(res.statusCode).toBe(408);
    expectEdgeResponseMatches(res);
  });
});

describeCoverage('routes');
