import { createHash, randomBytes } from 'crypto';
import { mkdirSync, mkdtempSync } from 'fs';
import { createServer, Server } from 'http';
import type { AddressInfo } from 'net';
import { tmpdir } from 'os';
import { join } from 'path';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { createTestApp, freePort, TestApp } from '@gatehouse/testing';
import { launchChromium } from './support/chromium';

/**
 * A person in a real browser: headless Chromium (Debian's `chromium` package, driven by playwright-core
 * through `executablePath`; Playwright never downloads a browser here) against a listening Gatehouse
 * WITHOUT the CI test mode. A strict third-party application created through the Management API, a user
 * in a domain-level connection and a client grant for an API: the browser goes to /authorize, the real
 * login page is filled in and submitted from the keyboard, the real consent page is accepted, and the
 * browser lands on the application's callback (a tiny page served by this test) with `code` and `state`;
 * the test exchanges the code as the application would. Then, under open-redirect protection (the strict
 * default), denying consent leaves the browser on Gatehouse's error page naming access_denied, and the
 * callback is never called.
 *
 * What a browser checks that inject() cannot: the Content-Security-Policy (no inline script or outside
 * asset, form-action allowing the post and the redirect that follows it), cookies (SameSite=Lax,
 * HttpOnly) carried across the post and the redirect, labels and keyboard use.
 *
 * Screenshots go to GATEHOUSE_SCREENSHOT_DIR (.ci/run sets it under its output folder), or to a new
 * temporary folder when unset. Without Chromium the test fails, saying how to install it.
 */

jest.setTimeout(120_000);

const API = 'https://orders.browser.example/';
const EMAIL = 'pat@example.com';
const PASSWORD = 'Correct-Horse-Battery-9';
const CLIENT_NAME = 'Acme Orders Partner';

function screenshotDir(): string {
  const set = process.env.GATEHOUSE_SCREENSHOT_DIR;
  if (set) {
    mkdirSync(set, { recursive: true });
    return set;
  }
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-screenshots-'));
  console.info(`browser tier: GATEHOUSE_SCREENSHOT_DIR is not set, screenshots go to ${dir}`);
  return dir;
}

const verifierAndChallenge = () => {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
};

describe('a browser (headless Chromium) through the login and consent pages, for a strict application', () => {
  let t: TestApp;
  let base: string;
  let callbackServer: Server;
  let callbackUrl: string;
  const callbacks: URL[] = [];
  /** What the callback received by POST (response_mode=form_post): its content type and its fields. */
  const posts: { contentType?: string; fields: Record<string, string> }[] = [];
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let shots: string;
  let clientId: string;
  let userId: string;
  /** What the pages asked the browser to complain about (CSP violations, failed loads, script errors). */
  const complaints: string[] = [];
  /** Responses with an error status the browser got (the favicon Chromium asks for is a 404). */
  const errors: string[] = [];
  const errorsBesidesFavicon = () => errors.filter((e) => e !== '404 GET /favicon.ico');

  const management = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${base}/api/v2${path}`, {
      method,
      headers: { authorization: `Bearer ${await t.token()}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as Record<string, unknown> };
  };
  const created = async (path: string, body: unknown) => {
    const res = await management('POST', path, body);
    if (res.status !== 201) throw new Error(`POST ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const authorizeUrl = (params: Record<string, string>) =>
    `${base}/authorize?${new URLSearchParams({ client_id: clientId, redirect_uri: callbackUrl, response_type: 'code', audience: API, code_challenge_method: 'S256', ...params })}`;
  const shot = (name: string) => page.screenshot({ path: join(shots, name), fullPage: true });
  /** Does `act` (a key press, a click) and waits for the form's POST to `path` to be answered and its page loaded. */
  const posting = async (path: string, act: () => Promise<void>) => {
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && r.url() === `${base}${path}`),
      page.waitForEvent('framenavigated', (f) => f === page.mainFrame()),
      act(),
    ]);
    await page.waitForLoadState('load');
    return response;
  };
  /** The focused element: its id, or (a button) its text. */
  const focusedId = async () => {
    const focused = page.locator(':focus');
    return (await focused.getAttribute('id')) || (await focused.textContent()) || '';
  };

  beforeAll(async () => {
    shots = screenshotDir();

    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    t = await createTestApp({ env: { PORT: String(port), GATEHOUSE_PUBLIC_URL: base } });
    await t.app.listen({ port, host: '127.0.0.1' });

    // The application's callback: a page that says what it received (the application's side).
    callbackServer = createServer((req, res) => {
      const url = new URL(req.url ?? '/', callbackUrl);
      if (url.pathname !== '/callback') return void res.writeHead(404).end();
      callbacks.push(url);
      const answer = (received: boolean) => {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(
          `<!doctype html><html lang="en"><head><title>Acme callback</title></head><body><h1>Back at Acme</h1><p>Received a code: ${received ? 'yes' : 'no'}</p></body></html>`,
        );
      };
      if (req.method !== 'POST') return answer(url.searchParams.has('code'));
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (body += chunk));
      req.on('end', () => {
        const fields = Object.fromEntries(new URLSearchParams(body));
        posts.push({ contentType: req.headers['content-type'], fields });
        answer('code' in fields);
      });
    });
    await new Promise<void>((resolve) => callbackServer.listen(0, '127.0.0.1', resolve));
    callbackUrl = `http://127.0.0.1:${(callbackServer.address() as AddressInfo).port}/callback`;

    await created('/resource-servers', {
      identifier: API,
      name: 'Acme Orders API',
      scopes: [
        { value: 'read:orders', description: 'Read your orders' },
        { value: 'write:orders', description: 'Place orders' },
      ],
    });
    const client = await created('/clients', {
      name: CLIENT_NAME,
      is_first_party: false,
      third_party_security_mode: 'strict',
      app_type: 'spa',
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'],
      callbacks: [callbackUrl],
    });
    clientId = client.client_id as string;
    expect(clientId).toMatch(/^tpc_/);
    await created('/client-grants', { client_id: clientId, audience: API, scope: ['read:orders', 'write:orders'], subject_type: 'user' });
    await created('/connections', { name: 'partners', strategy: 'auth0', is_domain_connection: true });
    userId = (await created('/users', { connection: 'partners', email: EMAIL, password: PASSWORD, name: 'Pat' })).user_id as string;

    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 800, height: 640 } });
    page = await context.newPage();
    page.on('console', (m) => {
      // A status >= 400 is logged as "Failed to load resource" without its URL: `errors` below has them.
      if ((m.type() === 'error' || m.type() === 'warning') && !m.text().startsWith('Failed to load resource')) complaints.push(`${m.type()}: ${m.text()}`);
    });
    page.on('response', (r) => {
      if (r.status() >= 400) errors.push(`${r.status()} ${r.request().method()} ${r.url().replace(base, '')}`);
    });
    page.on('pageerror', (e) => complaints.push(`pageerror: ${e.message}`));
    page.on('requestfailed', (r) => complaints.push(`requestfailed: ${r.url()} ${r.failure()?.errorText}`));
  });

  afterAll(async () => {
    await browser?.close();
    if (callbackServer) {
      callbackServer.closeAllConnections();
      await new Promise((resolve) => callbackServer.close(resolve));
    }
    await t?.close();
  });

  it('the application has open-redirect protection, the strict default', async () => {
    const res = await management('GET', `/clients/${clientId}`);
    expect(res.body).toMatchObject({ third_party_security_mode: 'strict', redirection_policy: 'open_redirect_protection' });
  });

  it('logs in with the keyboard (a wrong password first), accepts consent, lands on the callback with code and state; the code buys a token for the API', async () => {
    const { verifier, challenge } = verifierAndChallenge();
    const state = randomBytes(12).toString('base64url');
    const stylesheets: number[] = [];
    page.on('response', (r) => {
      if (r.url() === `${base}/u/gatehouse.css`) stylesheets.push(r.status());
    });

    const first = await page.goto(authorizeUrl({ scope: 'read:orders', state, code_challenge: challenge }));
    expect(first?.status()).toBe(200);
    expect(await page.title()).toBe(`Log in to ${CLIENT_NAME}`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Log in');
    // Labels name the fields (getByLabel finds them through <label for>).
    const email = page.getByLabel('Email');
    const password = page.getByLabel('Password');
    expect(await email.getAttribute('type')).toBe('email');
    expect(await password.getAttribute('type')).toBe('password');
    // One domain-level connection: no choice to make, so no select.
    expect(await page.getByLabel('Connection').count()).toBe(0);
    await shot('01-login.png');

    // A wrong password, typed and submitted from the keyboard: the page again, with an alert.
    await email.focus();
    await page.keyboard.type(EMAIL);
    await page.keyboard.press('Tab');
    expect(await focusedId()).toBe('password');
    await page.keyboard.type('not-the-password');
    expect((await posting('/u/login', () => page.keyboard.press('Enter'))).status()).toBe(400);
    expect(new URL(page.url()).pathname).toBe('/u/login');
    expect(await page.getByRole('alert').textContent()).toBe('Wrong email or password.');
    expect(await email.inputValue()).toBe(EMAIL); // kept
    expect(await email.getAttribute('aria-invalid')).toBe('true');
    await shot('02-login-wrong-password.png');

    await password.focus();
    await page.keyboard.type(PASSWORD);
    expect((await posting('/u/login', () => page.keyboard.press('Enter'))).status()).toBe(200);

    // The consent page: the application, the API and the scopes, then Allow and Deny as buttons.
    expect(await page.title()).toBe(`Authorize ${CLIENT_NAME}`);
    const text = await page.locator('main').innerText();
    expect(text).toContain(`${CLIENT_NAME} is a third-party application asking for access to Acme Orders API`);
    // Each scope with the API's description of it, as Auth0's consent screen shows them.
    expect(await page.locator('ul.scopes li').allInnerTexts()).toEqual(['read:orders — Read your orders']);
    await shot('03-consent.png');
    // Keyboard: Allow is the first button; Enter on it submits the decision.
    await page.getByRole('button', { name: 'Allow' }).focus();
    expect(await focusedId()).toBe('Allow');
    await page.keyboard.press('Tab');
    expect(await focusedId()).toBe('Deny');
    await page.keyboard.press('Shift+Tab');
    await Promise.all([page.waitForURL((u) => u.href.startsWith(callbackUrl)), page.keyboard.press('Enter')]);
    await page.waitForLoadState('load');

    // The browser is at the application's callback, with the code, the state and the issuer.
    const landed = new URL(page.url());
    expect(`${landed.origin}${landed.pathname}`).toBe(callbackUrl);
    expect(landed.searchParams.get('state')).toBe(state);
    expect(landed.searchParams.get('iss')).toBe(`${base}/`);
    const code = landed.searchParams.get('code')!;
    expect(code).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(callbacks.map((u) => u.href)).toEqual([landed.href]);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Back at Acme');
    await shot('04-callback.png');

    // The session cookie the browser keeps is HttpOnly and SameSite=Lax (not Secure over http).
    const session = (await context.cookies(base)).find((c) => c.name === 'gh_session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', secure: false, path: '/' });

    // The application exchanges the code (a public client: client_id and the PKCE verifier).
    const res = await fetch(`${base}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', client_id: clientId, code, redirect_uri: callbackUrl, code_verifier: verifier }),
    });
    expect(res.status).toBe(200);
    const tokens = (await res.json()) as { access_token: string; scope: string; id_token?: string };
    expect(tokens.scope).toBe('read:orders');
    expect(tokens.id_token).toBeUndefined();
    const { payload } = await jwtVerify(tokens.access_token, createRemoteJWKSet(new URL(`${base}/.well-known/jwks.json`)), {
      issuer: `${base}/`,
      audience: API,
    });
    expect(payload).toMatchObject({ sub: userId, aud: API, azp: clientId, scope: 'read:orders' });

    // Every page loaded its one stylesheet, and nothing was refused or failed (no CSP violation).
    expect(stylesheets.length).toBeGreaterThan(0);
    expect(stylesheets.every((s) => s === 200 || s === 304)).toBe(true);
    expect(complaints).toEqual([]);
    expect(errorsBesidesFavicon()).toEqual(['400 POST /u/login']); // the wrong password only
  });

  it('under open-redirect protection, denying consent shows the error page at Gatehouse, not a redirect', async () => {
    const { challenge } = verifierAndChallenge();
    callbacks.length = 0;
    // The session skips the login; more scopes than consented bring the consent page back.
    const res = await page.goto(authorizeUrl({ scope: 'read:orders write:orders', state: 'deny-state', code_challenge: challenge }));
    expect(res?.status()).toBe(200);
    expect(await page.title()).toBe(`Authorize ${CLIENT_NAME}`);
    expect(await page.locator('ul.scopes li').allInnerTexts()).toEqual(['read:orders — Read your orders', 'write:orders — Place orders']);

    const response = await posting('/u/consent', () => page.getByRole('button', { name: 'Deny' }).click());
    expect(response.status()).toBe(400);
    const at = new URL(page.url());
    expect(`${at.origin}${at.pathname}`).toBe(`${base}/u/consent`);
    expect(await page.title()).toBe('Authorization error');
    const alert = await page.getByRole('alert').innerText();
    expect(alert).toMatch(/^access_denied: /);
    expect(alert).toContain('The user denied the request');
    await shot('05-error-access-denied.png');
    // Nothing reached the application: no redirect, no error in its callback.
    expect(callbacks).toEqual([]);
    expect(page.url()).not.toContain('deny-state');

    // The stored consent did not grow.
    const grants = await management('GET', `/grants?user_id=${encodeURIComponent(userId)}&client_id=${clientId}`);
    expect(grants.body).toEqual([expect.objectContaining({ audience: API, scope: ['read:orders'] })]);
    expect(complaints).toEqual([]);
    expect(errorsBesidesFavicon()).toEqual(['400 POST /u/login', '400 POST /u/consent']);
  });

  it('response_mode=form_post (hybrid code id_token, a first-party application): the page posts the response to the callback by itself, with no CSP violation', async () => {
    const before = { complaints: complaints.length, errors: errorsBesidesFavicon().length };
    callbacks.length = 0;
    // A first-party single-page application with the implicit grant, using the connection of the session's user.
    const spa = await created('/clients', {
      name: 'Acme Dashboard',
      app_type: 'spa',
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'implicit'],
      callbacks: [callbackUrl],
    });
    const connection = ((await management('GET', '/connections?name=partners')).body as unknown as { id: string }[])[0]!;
    expect((await management('PATCH', `/connections/${connection.id}/clients`, [{ client_id: spa.client_id, status: true }])).status).toBe(204);
    const nonce = randomBytes(12).toString('base64url');
    const state = randomBytes(12).toString('base64url');
    const scripts: string[] = [];
    page.on('response', (r) => {
      if (r.url().startsWith(`${base}/authorize`)) scripts.push(r.headers()['content-security-policy'] ?? '');
    });

    // The session from the first test logs Pat in; a first-party application asks no consent: straight to the form_post page.
    const url = `${base}/authorize?${new URLSearchParams({ client_id: spa.client_id as string, redirect_uri: callbackUrl, response_type: 'code id_token', response_mode: 'form_post', scope: 'openid profile', nonce, state })}`;
    await Promise.all([page.waitForURL((u) => u.href === callbackUrl), page.goto(url)]);
    await page.waitForLoadState('load');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Back at Acme');
    expect(await page.locator('p').textContent()).toBe('Received a code: yes');
    await shot('06-form-post-callback.png');

    // The page that posted it: a CSP naming its script by hash, no 'unsafe-inline', form-action only the callback's origin.
    expect(scripts).toHaveLength(1);
    expect(scripts[0]).toMatch(/script-src 'sha256-[A-Za-z0-9+/]+=*';/);
    expect(scripts[0]).not.toContain('unsafe-inline');
    expect(scripts[0]).toContain(`form-action ${new URL(callbackUrl).origin};`);

    // The callback got one POST (form-encoded) with the code, the ID token, the state and the issuer, and no GET.
    expect(callbacks.map((u) => u.href)).toEqual([callbackUrl]);
    expect(posts).toHaveLength(1);
    expect(posts[0]!.contentType).toBe('application/x-www-form-urlencoded');
    const fields = posts[0]!.fields;
    expect(Object.keys(fields).sort()).toEqual(['code', 'id_token', 'iss', 'state']);
    expect(fields).toMatchObject({ state, iss: `${base}/` });
    const { payload } = await jwtVerify(fields.id_token!, createRemoteJWKSet(new URL(`${base}/.well-known/jwks.json`)), {
      issuer: `${base}/`,
      audience: spa.client_id as string,
    });
    const cHash = createHash('sha256').update(fields.code!).digest().subarray(0, 16).toString('base64url');
    expect(payload).toMatchObject({ sub: userId, nonce, c_hash: cHash, azp: spa.client_id, name: 'Pat' });
    expect(payload).not.toHaveProperty('at_hash');

    // No CSP violation, script error or failed request on the way.
    expect(complaints.slice(before.complaints)).toEqual([]);
    expect(errorsBesidesFavicon().slice(before.errors)).toEqual([]);
  });
});
