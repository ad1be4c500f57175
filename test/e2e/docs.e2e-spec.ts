import { readFileSync } from 'fs';
import { join } from 'path';
import { useTestApp } from '@gatehouse/testing';

/**
 * `/docs` (issue 15 §5): the API reference, rendered by Redoc from openapi.yaml, every asset served by
 * Gatehouse itself (no CDN), under a CSP that allows only this origin; public and the same for every host.
 */
describe('/docs', () => {
  const { t } = useTestApp();

  it('is an HTML page that loads only its own scripts, under a self-only CSP, without a token', async () => {
    const res = await t.inject({ method: 'GET', url: '/docs' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toMatch(/^default-src 'none'; /);
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("connect-src 'self';");
    expect(csp).toContain("frame-ancestors 'none'");
    // Nothing but 'self' (and data: images) is allowed anywhere: no host, no scheme.
    expect(csp.replace(/'[^']*'/g, '').replace(/\bdata:/g, '')).not.toMatch(/https?:|\*|\.[a-z]{2,}/i);
    // No external URL in the page, no inline script.
    expect(res.body).not.toMatch(/https?:\/\//);
    expect(res.body).not.toMatch(/<script>[^<]/);
    const scripts = [...res.body.matchAll(/<script src="([^"]+)"><\/script>/g)].map((m) => m[1]);
    expect(scripts).toEqual(['/docs/redoc.standalone.js', '/docs/init.js']);
  });

  it('serves Redoc’s standalone bundle from the installed package, and the page’s script pointing at the document', async () => {
    const bundle = await t.inject({ method: 'GET', url: '/docs/redoc.standalone.js' });
    expect(bundle.statusCode).toBe(200);
    expect(bundle.headers['content-type']).toMatch(/^text\/javascript/);
    expect(bundle.body).toBe(readFileSync(require.resolve('redoc/bundles/redoc.standalone.js'), 'utf8'));
    const init = await t.inject({ method: 'GET', url: '/docs/init.js' });
    expect(init.statusCode).toBe(200);
    expect(init.body).toContain('Redoc.init("/docs/openapi.yaml"');
    expect(init.body).not.toMatch(/https?:\/\//);
  });

  it('serves openapi.yaml as shipped', async () => {
    const spec = await t.inject({ method: 'GET', url: '/docs/openapi.yaml' });
    expect(spec.statusCode).toBe(200);
    expect(spec.headers['content-type']).toMatch(/^application\/yaml/);
    expect(spec.body).toBe(readFileSync(join(__dirname, '..', '..', 'openapi.yaml'), 'utf8'));
  });

  it('is public and tenantless: any host, any token or none, no rate-limit headers, no tenant data', async () => {
    for (const host of [t.main.host, 'unknown.example.com']) {
      const res = await t.inject({ method: 'GET', url: '/docs', host, headers: { authorization: 'Bearer garbage' } });
      expect(res.statusCode).toBe(200);
      expect(res.headers['x-ratelimit-limit']).toBeUndefined();
      expect(res.body).not.toContain(t.main.tenant.id);
    }
  });
});
