import { createHash } from 'crypto';
import {
  consentPage,
  contentSecurityPolicy,
  errorPage,
  escapeHtml,
  FORM_POST_SCRIPT,
  FORM_POST_SCRIPT_HASH,
  formPostContentSecurityPolicy,
  formPostPage,
  html,
  loginPage,
  STYLESHEET_PATH,
} from './pages';

const EVIL = '<script>alert(1)</script>"\'&`';
const form = { action: '/u/login', transaction: 'tx"1', csrf: 'c<1' };
const pages = {
  login: loginPage({ ...form, clientName: EVIL, tenantName: EVIL, connections: [EVIL, 'Username-Password-Authentication'], email: EVIL, error: EVIL }),
  'login, one connection': loginPage({ ...form, clientName: 'App', tenantName: 't', connections: ['db'] }),
  consent: consentPage({ ...form, clientName: EVIL, userName: EVIL, apiName: EVIL, scopes: [{ value: EVIL, description: EVIL }] }),
  error: errorPage({ error: 'access_denied', description: EVIL }),
};

describe('pages', () => {
  it.each(Object.entries(pages))('%s: every value is escaped, no script, no external asset', (_n, doc) => {
    expect(doc).not.toContain('<script');
    expect(doc).not.toContain(EVIL);
    expect(doc).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(doc).not.toMatch(/ on[a-z]+=/i);
    expect(doc).not.toContain('style="');
    expect(doc).toContain(`<link rel="stylesheet" href="${STYLESHEET_PATH}">`);
    expect(doc.startsWith('<!doctype html>\n<html lang="en">')).toBe(true);
  });
  it.each(Object.entries(pages).filter(([n]) => n !== 'error'))('%s: every visible input has a label; the transaction and CSRF token travel', (_n, doc) => {
    for (const [, id] of doc.matchAll(/<(?:input|select) id="([^"]+)"/g)) expect(doc).toContain(`<label for="${id}">`);
    expect(doc).toContain('name="transaction" value="tx&quot;1"');
    expect(doc).toContain('name="csrf" value="c&lt;1"');
  });
  it('login offers a choice only with several connections', () => {
    expect(pages.login).toContain('<select id="connection"');
    expect(pages['login, one connection']).toContain('<input type="hidden" name="connection" value="db">');
  });
  it('errors are announced', () => {
    expect(pages.error).toContain('role="alert"');
    expect(pages.login).toContain('aria-invalid="true"');
  });
  it('consent has Allow and Deny', () => {
    expect(pages.consent).toContain('name="decision" value="accept"');
    expect(pages.consent).toContain('name="decision" value="deny"');
  });
  it('escapeHtml and html', () => {
    expect(escapeHtml(`<a href="x">'&\``)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#96;');
    expect(html`<p>${'<b>'}${html`<i>ok</i>`}${['<', html`&amp;`]}${undefined}${false}</p>`.value).toBe(
      '<p>&lt;b&gt;<i>ok</i>&lt;&amp;amp;</p>'.replace('&amp;amp;', '&amp;'),
    );
  });
  it.each([
    [undefined, "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"],
    [
      'https://app.example.com',
      "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self' https://app.example.com; frame-ancestors 'none'; base-uri 'none'",
    ],
  ])('CSP for redirect origin %s', (origin, csp) => {
    expect(contentSecurityPolicy(origin)).toBe(csp);
  });

  describe('the form_post page', () => {
    const doc = formPostPage({
      redirectUri: 'https://app.example.com/cb?x=1&y="2"',
      params: { code: 'c0de', state: EVIL, iss: 'https://t.example/', absent: undefined },
    });
    it('posts every parameter, escaped, to the redirect URI; nothing else', () => {
      expect(doc).toContain('<form method="post" action="https://app.example.com/cb?x=1&amp;y=&quot;2&quot;">');
      expect(doc).toContain('<input type="hidden" name="code" value="c0de">');
      expect(doc).toContain(`<input type="hidden" name="state" value="${escapeHtml(EVIL)}">`);
      expect(doc).toContain('<input type="hidden" name="iss" value="https://t.example/">');
      expect(doc).not.toContain('absent');
      expect(doc).not.toContain(EVIL);
      expect(doc).not.toMatch(/ on[a-z]+=/i);
      expect(doc).toContain(`<link rel="stylesheet" href="${STYLESHEET_PATH}">`);
    });
    it('one script, exactly FORM_POST_SCRIPT, whose SHA-256 the CSP names; a Continue button for no-script browsers', () => {
      const scripts = [...doc.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
      expect(scripts).toEqual([FORM_POST_SCRIPT]);
      expect(FORM_POST_SCRIPT_HASH).toBe(`sha256-${createHash('sha256').update(scripts[0]!).digest('base64')}`);
      expect(doc).toMatch(/<noscript>[\s\S]*<button type="submit">Continue<\/button>[\s\S]*<\/noscript>/);
      expect(doc.indexOf('</form>')).toBeLessThan(doc.indexOf('<script>'));
    });
    it.each([
      ['https://app.example.com/cb?x=1', 'https://app.example.com'],
      ['http://127.0.0.1:8080/cb', 'http://127.0.0.1:8080'],
      ['com.example.app:/callback', 'com.example.app:'],
    ])('CSP for %s: the script by hash, form-action only the redirect origin %s', (uri, source) => {
      expect(formPostContentSecurityPolicy(uri)).toBe(
        `default-src 'none'; script-src '${FORM_POST_SCRIPT_HASH}'; style-src 'self'; img-src 'self'; form-action ${source}; frame-ancestors 'none'; base-uri 'none'`,
      );
      expect(formPostContentSecurityPolicy(uri)).not.toContain('unsafe-inline');
    });
  });
});
