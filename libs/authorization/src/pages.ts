import { createHash } from 'crypto';

/**
 * The pages a person sees during an authorization (issue 11 §2): login, consent and error. Rendered on
 * the server as whole documents with no external asset and no script at all, so the strict Content
 * Security Policy below holds; the only stylesheet is served by Gatehouse itself. Every value from a
 * request or the database is escaped by the `html` template tag. The one exception is the form_post
 * response page, whose single fixed script the CSP allows by its hash (never 'unsafe-inline').
 */

/** A piece of markup that is already safe. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"'`]/g, (c) => ESCAPES[c]);
}

type Part = SafeHtml | string | number | undefined | null | false | readonly Part[];

function render(part: Part): string {
  if (part === undefined || part === null || part === false) return '';
  if (part instanceof SafeHtml) return part.value;
  if (Array.isArray(part)) return part.map(render).join('');
  return escapeHtml(String(part));
}

/** Template tag: interpolations are escaped unless they are SafeHtml (or arrays of it). */
export function html(strings: TemplateStringsArray, ...values: Part[]): SafeHtml {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1];
  return new SafeHtml(out);
}

/** Where the one stylesheet is served. */
export const STYLESHEET_PATH = '/u/gatehouse.css';

export const STYLESHEET = `:root{color-scheme:light dark;font-family:system-ui,sans-serif}
body{margin:0;display:flex;min-height:100vh;align-items:center;justify-content:center;background:Canvas;color:CanvasText}
main{width:min(26rem,92vw);padding:2rem;border:1px solid GrayText;border-radius:.5rem}
h1{font-size:1.4rem;margin-top:0}
label{display:block;margin:.8rem 0 .3rem;font-weight:600}
input[type=email],input[type=password],select{width:100%;box-sizing:border-box;padding:.55rem;font-size:1rem}
button{margin-top:1.2rem;padding:.6rem 1.2rem;font-size:1rem;cursor:pointer}
.actions{display:flex;gap:.8rem}
.alert{border-left:4px solid #c00;padding:.5rem .8rem;margin:1rem 0}
ul.scopes{padding-left:1.2rem}
code{font-family:ui-monospace,monospace}
:focus-visible{outline:3px solid Highlight;outline-offset:2px}
`;

/**
 * The Content-Security-Policy of every page: nothing but our stylesheet; forms post to ourselves, and
 * (because browsers apply form-action to the redirect that follows a post) to the one verified redirect
 * origin when there is one.
 */
export function contentSecurityPolicy(redirectOrigin?: string): string {
  const formAction = redirectOrigin ? `'self' ${redirectOrigin}` : `'self'`;
  return `default-src 'none'; style-src 'self'; img-src 'self'; form-action ${formAction}; frame-ancestors 'none'; base-uri 'none'`;
}

/**
 * The form_post response page's only script (OAuth 2.0 Form Post Response Mode §2): it submits the form
 * once the page is parsed. Fixed text, so the CSP names it by its SHA-256 rather than allowing inline
 * script; the values travel in the form, never in the script.
 */
export const FORM_POST_SCRIPT = 'document.forms[0].submit();';
export const FORM_POST_SCRIPT_HASH = `sha256-${createHash('sha256').update(FORM_POST_SCRIPT, 'utf8').digest('base64')}`;

/** What a CSP `form-action` names for a redirect URI: its origin, or its scheme when it has no origin (`com.app:/cb`). */
export function formActionSource(redirectUri: string): string {
  const url = new URL(redirectUri);
  return url.origin !== 'null' ? url.origin : url.protocol;
}

/**
 * The Content-Security-Policy of the form_post page: its one script by hash, our stylesheet, and a form
 * that may post only to the redirect URI's origin (not even to Gatehouse).
 */
export function formPostContentSecurityPolicy(redirectUri: string): string {
  return `default-src 'none'; script-src '${FORM_POST_SCRIPT_HASH}'; style-src 'self'; img-src 'self'; form-action ${formActionSource(redirectUri)}; frame-ancestors 'none'; base-uri 'none'`;
}

function page(title: string, body: SafeHtml): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${title}</title>
<link rel="stylesheet" href="${STYLESHEET_PATH}">
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`.value;
}

/** Fields every form of a transaction carries: which transaction, and its CSRF token. */
export interface FormContext {
  action: string;
  transaction: string;
  csrf: string;
}

function hidden(ctx: FormContext): SafeHtml {
  return html`<input type="hidden" name="transaction" value="${ctx.transaction}">
<input type="hidden" name="csrf" value="${ctx.csrf}">`;
}

function alert(message?: string): SafeHtml | undefined {
  return message ? html`<p class="alert" role="alert">${message}</p>` : undefined;
}

export interface LoginPage extends FormContext {
  clientName: string;
  tenantName: string;
  /** Database connections the person may log in with (already filtered by the policy). */
  connections: readonly string[];
  email?: string;
  error?: string;
}

export function loginPage(p: LoginPage): string {
  const choice =
    p.connections.length > 1
      ? html`<label for="connection">Connection</label>
<select id="connection" name="connection">${p.connections.map((c) => html`<option value="${c}">${c}</option>`)}</select>`
      : html`<input type="hidden" name="connection" value="${p.connections[0] ?? ''}">`;
  return page(
    `Log in to ${p.clientName}`,
    html`<h1>Log in</h1>
<p>to continue to <strong>${p.clientName}</strong> (${p.tenantName})</p>
${alert(p.error)}
<form method="post" action="${p.action}">
${hidden(p)}
${choice}
<label for="email">Email</label>
<input id="email" name="email" type="email" autocomplete="username" required value="${p.email ?? ''}"${p.error ? html` aria-invalid="true"` : ''}>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Continue</button>
</form>`,
  );
}

export interface ConsentPage extends FormContext {
  clientName: string;
  userName: string;
  /** The API, or undefined when only the user's identity is asked for. */
  apiName?: string;
  scopes: readonly { value: string; description?: string }[];
}

export function consentPage(p: ConsentPage): string {
  const scopes = p.scopes.length
    ? html`<ul class="scopes">${p.scopes.map((s) => html`<li><code>${s.value}</code>${s.description ? html` — ${s.description}` : ''}</li>`)}</ul>`
    : html`<p>No permissions beyond your sign-in.</p>`;
  return page(
    `Authorize ${p.clientName}`,
    html`<h1>Authorize ${p.clientName}</h1>
<p>Hi ${p.userName}, <strong>${p.clientName}</strong> is a third-party application asking for access${p.apiName ? html` to <strong>${p.apiName}</strong>` : ''}:</p>
${scopes}
<form method="post" action="${p.action}">
${hidden(p)}
<div class="actions">
<button type="submit" name="decision" value="accept">Allow</button>
<button type="submit" name="decision" value="deny">Deny</button>
</div>
</form>`,
  );
}

export interface ErrorPage {
  error: string;
  description: string;
}

/** The page shown instead of a redirect (unknown client or redirect URI, or open-redirect protection). */
export function errorPage(p: ErrorPage): string {
  return page(
    'Authorization error',
    html`<h1>Something went wrong</h1>
<p class="alert" role="alert"><strong>${p.error}</strong>: ${p.description}</p>
<p>You can close this window and return to the application.</p>`,
  );
}

export interface FormPostPage {
  /** The redirect URI the parameters are posted to (already verified as one of the client's callbacks). */
  redirectUri: string;
  /** The response's parameters (code, tokens, state, iss, or the error), in order. */
  params: Readonly<Record<string, string | undefined>>;
}

/**
 * OAuth 2.0 Form Post Response Mode: the response's parameters as hidden fields of a form posting to the
 * redirect URI, submitted at load by FORM_POST_SCRIPT; without script the person presses Continue.
 */
export function formPostPage(p: FormPostPage): string {
  const fields = Object.entries(p.params).filter((e): e is [string, string] => e[1] !== undefined);
  return page(
    'Continue to the application',
    html`<h1>Continue to the application</h1>
<form method="post" action="${p.redirectUri}">
${fields.map(
  ([name, value]) => html`<input type="hidden" name="${name}" value="${value}">
`,
)}<noscript>
<p>JavaScript is off: press Continue to return to the application.</p>
<button type="submit">Continue</button>
</noscript>
</form>
<script>${new SafeHtml(FORM_POST_SCRIPT)}</script>`,
  );
}
