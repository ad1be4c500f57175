import { STATUS_CODES } from 'http';
import type { RawResponse } from './http';

/**
 * Is an error answer in one of Auth0's shapes (issue 12 §2: "every error, from every layer, has Auth0's
 * shape")? Returns undefined when it is, or why not.
 *
 * - Management API (and anything that is not the Authentication API): `{statusCode, error, message}`
 *   with an optional `errorCode`, nothing else; `statusCode` is the HTTP status and `error` its reason
 *   phrase.
 * - Authentication API JSON endpoints (/oauth/*, /oidc/register, /userinfo and the endpoints answered
 *   only to refuse): RFC 6749 `{error, error_description}`, nothing else; a body refused before the
 *   endpoint runs (unparseable, too large, wrong media type) is in the Management shape, as openapi.yaml
 *   documents, so either is accepted there.
 * - The browser routes (/authorize, /u/*) answer with an HTML error page, as Auth0's Universal Login does,
 *   or in one of the two JSON shapes (a body refused before the route runs).
 */
export type Family = 'management' | 'oauth' | 'page';

const OAUTH = /^\/(oauth\/|oidc\/|userinfo|v2\/logout|delegation|dbconnections\/|passwordless\/|bc-authorize|samlp\/|wsfed\/)/;
const PAGES = /^\/(authorize|u\/)/;

export function familyOf(path: string): Family {
  if (PAGES.test(path)) return 'page';
  if (OAUTH.test(path)) return 'oauth';
  return 'management';
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function managementShapeProblem(status: number, body: unknown): string | undefined {
  if (!isPlainObject(body)) return 'not a JSON object';
  const extra = Object.keys(body).filter((k) => !['statusCode', 'error', 'message', 'errorCode'].includes(k));
  if (extra.length) return `extra properties ${extra.join(', ')}`;
  if (body.statusCode !== status) return `statusCode ${JSON.stringify(body.statusCode)} is not the HTTP status ${status}`;
  if (body.error !== STATUS_CODES[status]) return `error ${JSON.stringify(body.error)} is not "${STATUS_CODES[status]}"`;
  if (typeof body.message !== 'string' || !body.message) return 'message is not a non-empty string';
  if ('errorCode' in body && (typeof body.errorCode !== 'string' || !/^[a-z0-9_]+$/.test(body.errorCode))) return `errorCode ${JSON.stringify(body.errorCode)}`;
  return undefined;
}

export function oauthShapeProblem(body: unknown): string | undefined {
  if (!isPlainObject(body)) return 'not a JSON object';
  const extra = Object.keys(body).filter((k) => !['error', 'error_description'].includes(k));
  if (extra.length) return `extra properties ${extra.join(', ')}`;
  if (typeof body.error !== 'string' || !/^[a-z_]+$/.test(body.error)) return `error ${JSON.stringify(body.error)} is not an RFC 6749 code`;
  if (typeof body.error_description !== 'string' || !body.error_description) return 'error_description is not a non-empty string';
  return undefined;
}

/** Why `res` (an answer to `path`) is not an Auth0-shaped error, or undefined when it is one. */
export function errorShapeProblem(path: string, res: RawResponse): string | undefined {
  if (res.status < 400) return undefined;
  // Auth0 never names the framework that answered (Fastify's own error bodies carry FST_ codes).
  if (/fastify|FST_[A-Z_]+/i.test(res.body)) return `names the framework: ${res.body.slice(0, 200)}`;
  const family = familyOf(path);
  const type = String(res.headers['content-type'] ?? '');
  if (family === 'page' && /^text\/html/i.test(type) && res.body.length > 0) return undefined;
  if (!/^application\/json/i.test(type)) return `content-type ${JSON.stringify(type)} (body ${JSON.stringify(res.body.slice(0, 160))})`;
  if (res.json === undefined) return `unparseable JSON body ${JSON.stringify(res.body.slice(0, 160))}`;
  const management = managementShapeProblem(res.status, res.json);
  if (family === 'management') return management && `${management}: ${res.body.slice(0, 200)}`;
  const oauth = oauthShapeProblem(res.json);
  if (!management || !oauth) return undefined;
  return `neither Auth0 shape (${management}) nor RFC 6749 shape (${oauth}): ${res.body.slice(0, 200)}`;
}
