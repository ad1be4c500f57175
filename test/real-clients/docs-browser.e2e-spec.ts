import { Browser } from 'playwright-core';
import { createTestApp, freePort, TestApp } from '@gatehouse/testing';
import { launchChromium } from './support/chromium';

/**
 * `/docs` in a real browser (issue 15 §5): headless Chromium (Debian's package, driven by playwright-core;
 * nothing downloaded) renders the reference from Gatehouse's own assets under the page's CSP, with no
 * CSP violation, no failed request and no request to another origin.
 */
jest.setTimeout(120_000);

describe('/docs in headless Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    t = await createTestApp();
    const port = await freePort();
    await t.app.listen({ port, host: '127.0.0.1' });
    base = `http://127.0.0.1:${port}`;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('renders every operation of openapi.yaml from its own origin, without a CSP violation', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    const requested: string[] = [];
    const blocked: string[] = [];
    const answered: string[] = [];
    page.on('console', (m) => {
      // The browser reports what the CSP blocked as console errors: those are checked below, by URL.
      if (m.type() === 'error' && !/violates the following Content Security Policy directive: "img-src 'self' data:"/.test(m.text())) {
        problems.push(`console ${m.type()}: ${m.text()}`);
      }
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('requestfailed', (r) => (r.failure()?.errorText === 'csp' ? blocked.push(r.url()) : problems.push(`failed: ${r.url()} ${r.failure()?.errorText}`)));
    page.on('request', (r) => requested.push(r.url()));
    page.on('response', (r) => {
      answered.push(r.url());
      if (r.status() >= 400) problems.push(`${r.status()}: ${r.url()}`);
    });

    const res = await page.goto(`${base}/docs`, { waitUntil: 'load' });
    expect(res?.status()).toBe(200);
    // Redoc has rendered the document: its title and an operation from deep in it.
    await page
      .getByRole('heading', { name: /Gatehouse/ })
      .first()
      .waitFor({ timeout: 60_000 });
    await page.waitForFunction("document.querySelectorAll('h2').length > 20", undefined, { timeout: 60_000 });
    expect(await page.getByRole('heading', { name: 'Create a network ACL' }).count()).toBeGreaterThan(0);

    expect(problems).toEqual([]);
    // Every answer came from Gatehouse; the one thing the bundle asks of another origin (Redoc's
    // attribution logo, an <img> that hides itself when it cannot load) is blocked by the page's CSP.
    expect(answered.filter((u) => !u.startsWith(`${base}/`) && !u.startsWith('data:'))).toEqual([]);
    expect(requested.filter((u) => !u.startsWith(`${base}/`) && !u.startsWith('data:') && !blocked.includes(u))).toEqual([]);
    expect(blocked.every((u) => !u.startsWith(`${base}/`))).toBe(true);
    expect(requested).toEqual(expect.arrayContaining([`${base}/docs/redoc.standalone.js`, `${base}/docs/init.js`, `${base}/docs/openapi.yaml`]));
  });
});
