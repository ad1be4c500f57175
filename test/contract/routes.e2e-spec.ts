import type { LightMyRequestResponse } from 'fastify';
import {
  ALL_UNEMULATED_METHODS,
  HTTP_METHODS,
  Json,
  NOT_YET_DOCUMENTED,
  describeCoverage,
  doc,
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

    it('GET /readyz (ready)', async () => {
      const res = await t.inject({ method: 'GET', url: '/readyz' });
      expect(res.statusCode).toBe(200);
      expectMatchesContract('GET', '/readyz', res);
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

describeCoverage('routes');
