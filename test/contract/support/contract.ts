import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { parse } from 'yaml';
import Ajv2020 from 'ajv/dist/2020';
import type { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import type { LightMyRequestResponse } from 'fastify';
import { PUBLIC_KEY, SCOPES_KEY } from '@gatehouse/management-auth';
import { matchesUrlFormat } from '@gatehouse/http';
import type { UrlFormat } from '@gatehouse/http';
import { TestApp, TestAppOptions, useTestApp } from '@gatehouse/testing';

/**
 * The machinery of the contract test (the `*.e2e-spec.ts` files of test/contract): real responses
 * (errors included) from the app production runs, checked against openapi.yaml. Each contract file owns
 * a part of the documented operations and statuses (CONTRACT_SUITES, ownersOf) and checks at its end that
 * it saw all of them (describeCoverage); openapi.e2e-spec.ts checks statically that every documented
 * status has exactly one owner and every owner exactly one file. Jest gives each file its own module
 * registry, so what expectMatchesContract records below is what this one file saw.
 */

// ---------------------------------------------------------------------------------------------------
// Loading the contract
// ---------------------------------------------------------------------------------------------------

// The document is untyped YAML; `any` keeps the traversal code readable.
export type Json = Record<string, any>;

export const doc: Json = parse(readFileSync(join(__dirname, '..', '..', '..', 'openapi.yaml'), 'utf8'));

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
const COMPONENTS_ID = 'urn:gatehouse:openapi:components';

/** Follow an OpenAPI `$ref` (local JSON pointer) to the object it names; non-refs are returned as-is. */
export function deref(node: Json): Json {
  let current = node;
  for (let hops = 0; current && typeof current.$ref === 'string'; hops++) {
    if (hops > 10) throw new Error(`$ref cycle at ${node.$ref}`);
    current = pointer(current.$ref);
  }
  return current;
}

export function pointer(ref: string): Json {
  if (!ref.startsWith('#/')) throw new Error(`only local $refs are supported: ${ref}`);
  let at: unknown = doc;
  for (const raw of ref.slice(2).split('/')) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    at = (at as Json | undefined)?.[key];
    if (at === undefined) throw new Error(`unresolvable $ref ${ref}`);
  }
  return at as Json;
}

/**
 * Schemas refer to each other as `#/components/schemas/X`. Ajv gets every component schema under one
 * `$id`, and refs are rewritten to point there, so each response schema compiles on its own.
 */
function rewriteSchemaRefs(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(rewriteSchemaRefs);
  if (!schema || typeof schema !== 'object') return schema;
  const out: Json = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k === '$ref') {
      const m = /^#\/components\/schemas\/([^/]+)$/.exec(String(v));
      if (!m) throw new Error(`schemas may only $ref #/components/schemas/*: ${String(v)}`);
      out.$ref = `${COMPONENTS_ID}#/$defs/${m[1]}`;
    } else {
      out[k] = rewriteSchemaRefs(v);
    }
  }
  return out;
}

const ajv = new Ajv2020({ strict: true, strictTypes: false, allErrors: true });
addFormats(ajv);
// Auth0's URL formats, checked by the very function the server's validators use (ajv-formats' own
// `url` would refuse `http://localhost:3000/cb`, which Auth0 and Gatehouse accept).
// The record is exhaustive by type (tsc), so a format the server adds cannot be missed here.
const URL_FORMATS: Record<UrlFormat, true> = {
  url: true,
  'callback-url': true,
  'url-with-placeholders': true,
  'absolute-uri-or-empty': true,
  'absolute-https-uri-with-placeholders-or-empty': true,
  'https-url-or-empty': true,
};
for (const format of Object.keys(URL_FORMATS) as UrlFormat[]) ajv.addFormat(format, { type: 'string', validate: (v: string) => matchesUrlFormat(format, v) });
ajv.addSchema({ $id: COMPONENTS_ID, $defs: rewriteSchemaRefs(doc.components?.schemas ?? {}) });

const compiled = new Map<unknown, ValidateFunction>();
export function validatorFor(schema: Json): ValidateFunction {
  let fn = compiled.get(schema);
  if (!fn) {
    fn = ajv.compile(rewriteSchemaRefs(schema) as Json);
    compiled.set(schema, fn);
  }
  return fn;
}

/** `/api/v2/{unemulatedPath}` → a regex for concrete URLs (a parameter may span segments, as ours does). */
function templateRegex(template: string): RegExp {
  const escaped = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^?]+');
  return new RegExp(`^${escaped}(\\?.*)?$`);
}

export function documentedOperations(): string[] {
  return Object.entries(doc.paths as Json).flatMap(([template, item]) => HTTP_METHODS.filter((m) => item[m]).map((m) => `${m.toUpperCase()} ${template}`));
}

// ---------------------------------------------------------------------------------------------------
// The assertion
// ---------------------------------------------------------------------------------------------------

const exercised = new Set<string>();
/** `METHOD /template → status` for every documented status a real response has shown. */
const exercisedStatuses = new Set<string>();

/**
 * Check a real response against the contract: the operation `method pathTemplate` must document
 * `res.statusCode` (or `default`); the JSON body must match that response's schema and every required
 * header must be there and well-formed. A request to an undocumented path may only get the 404, and an
 * undocumented method on a documented path only the 405, of `x-unmatched-route-responses`.
 */
export function expectMatchesContract(method: string, pathTemplate: string, res: LightMyRequestResponse): void {
  if (isEdgeResponse(res.statusCode, res.body)) {
    // Refused before any route was chosen (x-edge-responses): the same answer whatever the operation.
    expectEdgeResponseMatches(res, `${method.toUpperCase()} ${pathTemplate}`);
    return;
  }
  const problems: string[] = [];
  const sentMethod = res.raw.req.method ?? '';
  const sentUrl = res.raw.req.url ?? '';
  if (sentMethod.toUpperCase() !== method.toUpperCase()) problems.push(`request was ${sentMethod}, not ${method}`);

  const item: Json | undefined = doc.paths[pathTemplate];
  const operation: Json | undefined = item?.[method.toLowerCase()];
  let response: Json | undefined;
  const where = `${method.toUpperCase()} ${pathTemplate}`;

  if (item) {
    if (!templateRegex(pathTemplate).test(sentUrl)) problems.push(`${sentUrl} does not match ${pathTemplate}`);
  } else {
    // The test claims the path is undocumented: no documented template may match it either.
    const matching = Object.keys(doc.paths).filter((t) => templateRegex(t).test(sentUrl));
    if (matching.length > 0) problems.push(`${sentUrl} is documented as ${matching.join(', ')}; use that template`);
  }

  const status = String(res.statusCode);
  if (operation) {
    const entry = operation.responses?.[status] ?? operation.responses?.default;
    if (!entry) problems.push(`${where} does not document status ${status}`);
    else response = deref(entry);
  } else {
    const allowed = item ? '405' : '404';
    if (status !== allowed) {
      problems.push(`${where} is not documented, so only ${allowed} may answer it, got ${status}`);
    } else {
      response = deref(doc['x-unmatched-route-responses'][allowed]);
    }
    if (item && status === '405') {
      // Allow must name at least every method the contract documents for this path.
      const allow = String(res.headers.allow ?? '')
        .toUpperCase()
        .split(/\s*,\s*/);
      for (const m of HTTP_METHODS.filter((x) => item[x])) {
        if (!allow.includes(m.toUpperCase())) problems.push(`Allow header "${res.headers.allow}" misses documented ${m.toUpperCase()}`);
      }
    }
  }

  if (response) problems.push(...responseProblems(response, res));

  expect({ [`${where} → ${status}`]: problems }).toEqual({ [`${where} → ${status}`]: [] });
  if (operation) {
    exercised.add(where);
    exercisedStatuses.add(`${where} → ${status}`);
  }
}

/** A response as seen on the wire: from inject, or parsed from a raw socket exchange. */
export interface WireResponse {
  statusCode: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: string;
}

/** What in `res` differs from the documented `response` (headers, content type, body). */
function responseProblems(response: Json, res: WireResponse): string[] {
  const problems: string[] = [];
  {
    for (const [name, ref] of Object.entries((response.headers ?? {}) as Json)) {
      const header = deref(ref);
      const value = res.headers[name.toLowerCase()];
      if (value === undefined) {
        if (header.required) problems.push(`missing required header ${name}`);
        continue;
      }
      const text = Array.isArray(value) ? value.join(', ') : String(value);
      const schema = header.schema ?? {};
      let typed: unknown = text;
      if (schema.type === 'integer' || schema.type === 'number') typed = /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text;
      const check = validatorFor(schema);
      if (!check(typed)) problems.push(`header ${name}: ${JSON.stringify(text)} ${ajv.errorsText(check.errors)}`);
    }

    const content = response.content as Json | undefined;
    if (content) {
      const contentType = String(res.headers['content-type'] ?? '')
        .split(';')[0]!
        .trim()
        .toLowerCase();
      const media = content[contentType];
      if (!media) {
        problems.push(`content type "${contentType}" is not documented (documented: ${Object.keys(content).join(', ')})`);
      } else if (!/[/+]json$/.test(contentType)) {
        // A page or a stylesheet: the body is the documented string.
        const check = validatorFor(media.schema ?? {});
        if (!check(res.body)) problems.push(`body does not match: ${ajv.errorsText(check.errors)}`);
      } else {
        let body: unknown;
        try {
          body = JSON.parse(res.body);
        } catch {
          problems.push(`body is not JSON: ${res.body.slice(0, 200)}`);
        }
        if (body !== undefined && media.schema) {
          const check = validatorFor(media.schema);
          if (!check(body)) problems.push(`body ${res.body.slice(0, 300)} does not match: ${ajv.errorsText(check.errors)}`);
        }
      }
    } else if (res.body.length > 0) {
      problems.push(`documented without a body, got ${res.body.slice(0, 200)}`);
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------------
// Answers given before any route is chosen (x-edge-responses)
// ---------------------------------------------------------------------------------------------------

/** The `errorCode` consts a documented response's JSON schema allows (through allOf / oneOf / $ref). */
function errorCodesOf(schema: Json | undefined): string[] {
  if (!schema || typeof schema !== 'object') return [];
  if (typeof schema.$ref === 'string') return errorCodesOf(pointer(schema.$ref));
  const own = schema.properties?.errorCode?.const;
  return [...(typeof own === 'string' ? [own] : []), ...[...(schema.allOf ?? []), ...(schema.oneOf ?? [])].flatMap((s: Json) => errorCodesOf(s))];
}

/** `status errorCode` for every answer x-edge-responses documents. */
export function documentedEdgeAnswers(): string[] {
  return Object.entries((doc['x-edge-responses'] ?? {}) as Json).flatMap(([status, ref]) =>
    errorCodesOf(deref(ref).content?.['application/json']?.schema).map((code) => `${status} ${code}`),
  );
}

const exercisedEdge = new Set<string>();

function edgeAnswerOf(statusCode: number, body: string): string | undefined {
  try {
    const answer = `${statusCode} ${String((JSON.parse(body) as Json).errorCode)}`;
    return documentedEdgeAnswers().includes(answer) ? answer : undefined;
  } catch {
    return undefined;
  }
}

/** An answer x-edge-responses documents (its status and one of its error codes), whichever route was asked. */
export function isEdgeResponse(statusCode: number, body: string): boolean {
  return edgeAnswerOf(statusCode, body) !== undefined;
}

/**
 * Check an answer given before any route against x-edge-responses (for raw socket exchanges too). With
 * `operation` (`METHOD /template`, the request's): an operation that documents the status as the edge
 * response itself (the operations with no other 4xx document 431 so) is marked seen.
 */
export function expectEdgeResponseMatches(res: WireResponse, operation?: string): void {
  const answer = edgeAnswerOf(res.statusCode, res.body);
  const where = `x-edge-responses → ${res.statusCode}`;
  const ref = (doc['x-edge-responses'] ?? {})[String(res.statusCode)];
  const problems = !answer || !ref ? [`not documented: ${res.body.slice(0, 200)}`] : responseProblems(deref(ref), res);
  const [m, template] = (operation ?? '').split(' ');
  const documented = operation ? doc.paths[template!]?.[m!.toLowerCase()]?.responses?.[String(res.statusCode)] : undefined;
  expect({ [where]: problems }).toEqual({ [where]: [] });
  exercisedEdge.add(answer!);
  if (documented && ref && deref(documented) === deref(ref)) {
    exercised.add(operation!);
    exercisedStatuses.add(`${operation} → ${res.statusCode}`);
  }
}

/** Check a value against one named schema of `components.schemas` (e.g. a body the operation schema only bounds loosely). */
export function expectSchema(name: string, value: unknown): void {
  const check = validatorFor(schemaRef(name));
  expect({ [name]: check(value) ? [] : check.errors }).toEqual({ [name]: [] });
}

const schemaRefs = new Map<string, Json>();
export function schemaRef(name: string): Json {
  if (!doc.components.schemas[name]) throw new Error(`no schema ${name}`);
  let ref = schemaRefs.get(name);
  if (!ref) schemaRefs.set(name, (ref = { $ref: `#/components/schemas/${name}` }));
  return ref;
}

/** Check a request body the server accepted against the documented request body. */
export function expectRequestMatchesContract(method: string, pathTemplate: string, contentType: string, body: unknown): void {
  const op = doc.paths[pathTemplate][method.toLowerCase()];
  const media = deref(op.requestBody).content[contentType];
  expect(media).toBeDefined();
  const check = validatorFor(media.schema);
  expect({ valid: check(body), errors: check.errors ?? null }).toEqual({ valid: true, errors: null });
}

/** The documented request body schema refuses `body` too (for payloads the server refuses as malformed). */
export function expectRequestRejectedByContract(method: string, pathTemplate: string, body: unknown): void {
  const op = doc.paths[pathTemplate][method.toLowerCase()];
  const check = validatorFor(deref(op.requestBody).content['application/json'].schema);
  expect({ body, validAccordingToContract: check(body) }).toEqual({ body, validAccordingToContract: false });
}

export interface RegisteredRoute {
  method: string;
  shape: string;
  route: string;
  /** @Public(): no token needed. */
  isPublic: boolean;
  /** @Scopes(): the token needs any one of these. */
  scopes: string[];
}

/** Every (method, path) Nest registered, from controller metadata, with `:id` / `*` as `{}`. */
export function registeredRoutes(t: TestApp): RegisteredRoute[] {
  const out: RegisteredRoute[] = [];
  for (const module of t.app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const cls = wrapper.metatype as (new (...a: unknown[]) => unknown) | undefined;
      if (!cls) continue;
      const bases = [Reflect.getMetadata(PATH_METADATA, cls) ?? ''].flat() as string[];
      const proto = cls.prototype as Json;
      for (const name of Object.getOwnPropertyNames(proto)) {
        if (name === 'constructor' || typeof proto[name] !== 'function') continue;
        const verb = Reflect.getMetadata(METHOD_METADATA, proto[name]) as RequestMethod | undefined;
        const paths = Reflect.getMetadata(PATH_METADATA, proto[name]) as string | string[] | undefined;
        if (verb === undefined || paths === undefined) continue;
        for (const base of bases) {
          for (const p of [paths].flat()) {
            const route = `/${[base, p].filter((s) => s && s !== '/').join('/')}`.replace(/\/+/g, '/');
            const meta = <T>(key: string): T | undefined => Reflect.getMetadata(key, proto[name]) ?? Reflect.getMetadata(key, cls);
            out.push({
              method: RequestMethod[verb],
              shape: shapeOf(route),
              route,
              isPublic: meta<boolean>(PUBLIC_KEY) === true,
              scopes: meta<string[]>(SCOPES_KEY) ?? [],
            });
          }
        }
      }
    }
  }
  return out;
}

export function shapeOf(path: string): string {
  return path
    .replace(/\{[^}]+\}/g, '{}')
    .replace(/:[^/]+/g, '{}')
    .replace(/\*/g, '{}')
    .replace(/\/$/, '');
}

export const TOKEN = '/oauth/token';
export const UNEMULATED = '/api/v2/{unemulatedPath}';
export const CLIENTS = '/api/v2/clients';
export const CLIENT = '/api/v2/clients/{id}';
export const ROTATE = '/api/v2/clients/{id}/rotate-secret';
export const SETTINGS = '/api/v2/tenants/settings';
export const LINT = '/ext/v1/lint/client';
export const APIS = '/api/v2/resource-servers';
export const API = '/api/v2/resource-servers/{id}';
export const GRANTS = '/api/v2/client-grants';
export const GRANT = '/api/v2/client-grants/{id}';
export const ACLS = '/api/v2/network-acls';
export const ACL = '/api/v2/network-acls/{id}';
export const LOGS = '/api/v2/logs';
export const LOG = '/api/v2/logs/{id}';
export const ACCESS = '/ext/v1/access';
export const MIGRATIONS = '/ext/v1/migrations';
export const ACCOUNTS = '/ext/v1/accounts';
export const ACCOUNT = '/ext/v1/accounts/{id}';
export const CONTROL_TENANTS = '/ext/v1/tenants';
export const CONTROL_TENANT = '/ext/v1/tenants/{id}';
export const CLOCK = '/ext/v1/clock';
export const MIGRATION_REPORT = '/ext/v1/migration-report';
export const REGISTER = '/oidc/register';
export const CONNECTIONS = '/api/v2/connections';
export const CONNECTION = '/api/v2/connections/{id}';
export const CONNECTION_CLIENTS = '/api/v2/connections/{id}/clients';
export const USERS = '/api/v2/users';
export const USER = '/api/v2/users/{id}';
export const USER_GRANTS = '/api/v2/grants';
export const USER_GRANT = '/api/v2/grants/{id}';
export const RULES = '/api/v2/rules';
export const RULE = '/api/v2/rules/{id}';
export const AUTHORIZE = '/authorize';
export const LOGIN = '/u/login';
export const CONSENT = '/u/consent';
export const STYLESHEET = '/u/gatehouse.css';
export const REVOKE = '/oauth/revoke';
export const USERINFO = '/userinfo';
/** The Authentication API endpoints Gatehouse answers only to refuse (RESTRICTED_ENDPOINTS), as documented. */
export const RESTRICTED_OPERATIONS = [
  'GET /v2/logout',
  'GET /oidc/logout',
  'POST /oidc/logout',
  'POST /oauth/ro',
  'POST /delegation',
  'POST /dbconnections/signup',
  'POST /dbconnections/change_password',
  'POST /passwordless/start',
  'POST /passwordless/verify',
  'POST /oauth/device/code',
  'POST /oauth/par',
  'POST /bc-authorize',
  'GET /samlp/{client_id}',
  'POST /samlp/{client_id}',
  'GET /wsfed/{client_id}',
  'POST /wsfed/{client_id}',
] as const;
export const WRITE_METHODS = ['POST', 'PUT', 'PATCH'] as const;
export const ALL_UNEMULATED_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
/**
 * Bodies refused before validation (issue 12 §2, libs/http BODY_LIMITS): JSON nested 40 levels deep and a
 * form of 20,001 values; every route that reads a body answers 400 `invalid_body`, in the Auth0 shape.
 */
export const BODIES_OVER_THE_LIMITS = [
  { headers: { 'content-type': 'application/json' }, payload: `${'{"a":'.repeat(40)}1${'}'.repeat(40)}` },
  { headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: Array.from({ length: 20_001 }, (_, i) => `k${i}=v`).join('&') },
] as const;

/** Just over the 1 MiB body limit. */
export const HUGE = JSON.stringify({ padding: 'x'.repeat(1024 * 1024) });

/**
 * Routes the server registers that openapi.yaml does not document yet (`METHOD /nest/:path`). Document
 * them in openapi.yaml, exercise them here, then delete them from this list (it may only shrink).
 */
export const NOT_YET_DOCUMENTED: string[] = [];

/** One call to each documented /api/v2 and /ext/v1 operation but the catch-all (ids need not exist). */
export const ONE_CALL_PER_OPERATION = [
  ['GET', CLIENTS, '/api/v2/clients', undefined],
  ['POST', CLIENTS, '/api/v2/clients', { name: 'x' }],
  ['GET', CLIENT, '/api/v2/clients/abc', undefined],
  ['PATCH', CLIENT, '/api/v2/clients/abc', { name: 'x' }],
  ['DELETE', CLIENT, '/api/v2/clients/abc', undefined],
  ['POST', ROTATE, '/api/v2/clients/abc/rotate-secret', undefined],
  ['GET', SETTINGS, SETTINGS, undefined],
  ['PATCH', SETTINGS, SETTINGS, { friendly_name: 'x' }],
  ['POST', LINT, LINT, { mode: 'strict', client: { name: 'x' } }],
  ['GET', APIS, APIS, undefined],
  ['POST', APIS, APIS, { identifier: 'urn:x' }],
  ['GET', API, `${APIS}/000000000000000000000000`, undefined],
  ['PATCH', API, `${APIS}/000000000000000000000000`, { name: 'x' }],
  ['DELETE', API, `${APIS}/000000000000000000000000`, undefined],
  ['GET', GRANTS, GRANTS, undefined],
  ['POST', GRANTS, GRANTS, { client_id: 'x', audience: 'urn:x' }],
  ['GET', GRANT, `${GRANTS}/cgr_0000000000000000`, undefined],
  ['PATCH', GRANT, `${GRANTS}/cgr_0000000000000000`, { scope: [] }],
  ['DELETE', GRANT, `${GRANTS}/cgr_0000000000000000`, undefined],
  ['GET', ACCESS, `${ACCESS}?client_id=x&audience=urn%3Ax`, undefined],
  ['GET', MIGRATIONS, MIGRATIONS, undefined],
  ['PATCH', MIGRATIONS, MIGRATIONS, { create_permissive_third_party_clients_by_default: false }],
  ['GET', MIGRATION_REPORT, MIGRATION_REPORT, undefined],
  ['GET', ACLS, ACLS, undefined],
  ['POST', ACLS, ACLS, { description: 'x', active: false, priority: 1, rule: { action: { log: true }, scope: 'dcr' } }],
  ['GET', ACL, `${ACLS}/acl_0000000000000000`, undefined],
  ['PUT', ACL, `${ACLS}/acl_0000000000000000`, { description: 'x', active: false, priority: 1, rule: { action: { log: true }, scope: 'dcr' } }],
  ['PATCH', ACL, `${ACLS}/acl_0000000000000000`, { priority: 1 }],
  ['DELETE', ACL, `${ACLS}/acl_0000000000000000`, undefined],
  ['GET', LOGS, LOGS, undefined],
  ['GET', LOG, `${LOGS}/123`, undefined],
  ['GET', CONNECTIONS, CONNECTIONS, undefined],
  ['POST', CONNECTIONS, CONNECTIONS, { name: 'x', strategy: 'auth0' }],
  ['GET', CONNECTION, `${CONNECTIONS}/con_0000000000000000`, undefined],
  ['PATCH', CONNECTION, `${CONNECTIONS}/con_0000000000000000`, { is_domain_connection: true }],
  ['DELETE', CONNECTION, `${CONNECTIONS}/con_0000000000000000`, undefined],
  ['GET', CONNECTION_CLIENTS, `${CONNECTIONS}/con_0000000000000000/clients`, undefined],
  ['PATCH', CONNECTION_CLIENTS, `${CONNECTIONS}/con_0000000000000000/clients`, [{ client_id: 'x', status: true }]],
  ['GET', USERS, USERS, undefined],
  ['POST', USERS, USERS, { connection: 'x', email: 'x@example.com', password: 'x' }],
  ['GET', USER, `${USERS}/auth0%7Cx`, undefined],
  ['PATCH', USER, `${USERS}/auth0%7Cx`, { blocked: true }],
  ['DELETE', USER, `${USERS}/auth0%7Cx`, undefined],
  ['GET', USER_GRANTS, USER_GRANTS, undefined],
  ['DELETE', USER_GRANTS, `${USER_GRANTS}?user_id=auth0%7Cx`, undefined],
  ['DELETE', USER_GRANT, `${USER_GRANTS}/000000000000000000000000`, undefined],
  ['GET', RULES, RULES, undefined],
  ['POST', RULES, RULES, { name: 'x', script: 'x' }],
  ['GET', RULE, `${RULES}/rul_0000000000000000`, undefined],
  ['PATCH', RULE, `${RULES}/rul_0000000000000000`, { enabled: false }],
  ['DELETE', RULE, `${RULES}/rul_0000000000000000`, undefined],
] as const;

/**
 * Documented statuses no test provokes, with the reason. Everything else documented must have been
 * seen in a real response.
 */
export const NOT_PROVOKED: string[] = [
  // The probes need neither a tenant nor (/healthz) the database, and a database outage makes /readyz
  // answer 503: only a fault in the framework itself would give these 500s.
  'GET /healthz → 500',
  'GET /readyz → 500',
  // /metrics reads counters in memory (and the pool's figures, not the database): no fault of the
  // database reaches it.
  'GET /metrics → 500',
];

// ---------------------------------------------------------------------------------------------------
// Who shows what: every documented status has exactly one contract file that must provoke it
// ---------------------------------------------------------------------------------------------------

/** The documented operations (`METHOD /template`) each contract file (`test/contract/<suite>.e2e-spec.ts`) exercises. */
export const CONTRACT_SUITES = {
  routes: ['GET /healthz', 'GET /readyz', 'GET /metrics', 'GET /docs', 'GET /docs/redoc.standalone.js', 'GET /docs/init.js', 'GET /docs/openapi.yaml'],
  authentication: [
    'GET /.well-known/jwks.json',
    `POST ${TOKEN}`,
    'GET /.well-known/openid-configuration',
    'GET /.well-known/oauth-authorization-server',
    `POST ${REGISTER}`,
    `POST ${REVOKE}`,
    `GET ${USERINFO}`,
    ...RESTRICTED_OPERATIONS,
  ],
  unemulated: ALL_UNEMULATED_METHODS.map((m) => `${m} ${UNEMULATED}`),
  clients: [`GET ${CLIENTS}`, `POST ${CLIENTS}`, `GET ${CLIENT}`, `PATCH ${CLIENT}`, `DELETE ${CLIENT}`, `POST ${ROTATE}`],
  'tenant-settings': [`GET ${SETTINGS}`, `PATCH ${SETTINGS}`],
  'resource-servers': [`GET ${APIS}`, `POST ${APIS}`, `GET ${API}`, `PATCH ${API}`, `DELETE ${API}`],
  'client-grants': [`GET ${GRANTS}`, `POST ${GRANTS}`, `GET ${GRANT}`, `PATCH ${GRANT}`, `DELETE ${GRANT}`],
  'network-acls': [`GET ${ACLS}`, `POST ${ACLS}`, `GET ${ACL}`, `PUT ${ACL}`, `PATCH ${ACL}`, `DELETE ${ACL}`],
  logs: [`GET ${LOGS}`, `GET ${LOG}`],
  rules: [`GET ${RULES}`, `POST ${RULES}`, `GET ${RULE}`, `PATCH ${RULE}`, `DELETE ${RULE}`],
  grants: [`GET ${USER_GRANTS}`, `DELETE ${USER_GRANTS}`, `DELETE ${USER_GRANT}`],
  users: [`GET ${USERS}`, `POST ${USERS}`, `GET ${USER}`, `PATCH ${USER}`, `DELETE ${USER}`],
  connections: [
    `GET ${CONNECTIONS}`,
    `POST ${CONNECTIONS}`,
    `GET ${CONNECTION}`,
    `PATCH ${CONNECTION}`,
    `DELETE ${CONNECTION}`,
    `GET ${CONNECTION_CLIENTS}`,
    `PATCH ${CONNECTION_CLIENTS}`,
  ],
  authorize: [`GET ${AUTHORIZE}`, `POST ${LOGIN}`, `POST ${CONSENT}`, `GET ${STYLESHEET}`],
  ext: [`POST ${LINT}`, `GET ${ACCESS}`, `GET ${MIGRATIONS}`, `PATCH ${MIGRATIONS}`],
  'migration-report': [`GET ${MIGRATION_REPORT}`],
  'control-plane': [
    `POST ${ACCOUNTS}`,
    `GET ${ACCOUNTS}`,
    `GET ${ACCOUNT}`,
    `DELETE ${ACCOUNT}`,
    `POST ${CONTROL_TENANTS}`,
    `GET ${CONTROL_TENANTS}`,
    `GET ${CONTROL_TENANT}`,
    `DELETE ${CONTROL_TENANT}`,
    `GET ${CLOCK}`,
    `PUT ${CLOCK}`,
  ],
  errors: [],
} satisfies Record<string, string[]>;
export type ContractSuite = keyof typeof CONTRACT_SUITES;

/**
 * Statuses one file provokes for operations the others exercise: errors.e2e-spec.ts takes the database
 * away (503 everywhere), breaks it otherwise (500 everywhere) and uses up the tenant's Management API
 * rate limit (429).
 */
const STATUS_OWNERS: { suite: ContractSuite; owns: (operation: string, status: string) => boolean }[] = [
  // x-edge-responses an operation documents too (431 where it has no other 4xx): shown on raw sockets.
  { suite: 'routes', owns: (_, status) => status === '431' },
  { suite: 'errors', owns: (_, status) => status === '500' },
  { suite: 'errors', owns: (_, status) => status === '503' },
  { suite: 'errors', owns: (operation, status) => status === '429' && /^[A-Z]+ \/(api\/v2|ext\/v1)\//.test(operation) },
];

/** The suite that must show every answer of x-edge-responses (given before any route, so no operation owns them). */
export const EDGE_OWNER: ContractSuite = 'routes';

/** Every suite that claims `operation → status`: exactly one, for a sound split (openapi.e2e-spec.ts checks it). */
export function ownersOf(operation: string, status: string): ContractSuite[] {
  const byStatus = STATUS_OWNERS.filter((o) => o.owns(operation, status)).map((o) => o.suite);
  if (byStatus.length > 0) return byStatus;
  return (Object.keys(CONTRACT_SUITES) as ContractSuite[]).filter((s) => (CONTRACT_SUITES[s] as readonly string[]).includes(operation));
}

/** `METHOD /template → status` for every status openapi.yaml documents. */
export function documentedStatuses(): string[] {
  return documentedOperations().flatMap((op) => {
    const [m, p] = op.split(' ');
    return Object.keys(doc.paths[p!][m!.toLowerCase()].responses).map((status) => `${op} → ${status}`);
  });
}

/**
 * The last describe of a contract file (Jest keeps declaration order within a file): the file must have
 * exercised every operation, and shown every status, that `suite` owns.
 */
export function describeCoverage(suite: ContractSuite): void {
  const owned = () =>
    documentedStatuses().filter((s) => {
      const [op, status] = s.split(' → ');
      const owners = ownersOf(op!, status!);
      return owners.length === 1 && owners[0] === suite;
    });
  describe(`coverage of openapi.yaml (${suite})`, () => {
    it('every documented path + method this file owns was exercised at least once', () => {
      const operations = [...new Set(owned().map((s) => s.split(' → ')[0]!))];
      expect(operations.filter((op) => !exercised.has(op))).toEqual([]);
    });

    if (suite === EDGE_OWNER) {
      it('every answer x-edge-responses documents was seen in a real response', () => {
        expect(documentedEdgeAnswers().length).toBeGreaterThan(0);
        expect(documentedEdgeAnswers().filter((a) => !exercisedEdge.has(a))).toEqual([]);
      });
    }

    it('every documented status this file owns was seen in a real response (but for NOT_PROVOKED)', () => {
      const mine = owned();
      expect(mine.filter((s) => !exercisedStatuses.has(s)).sort()).toEqual(NOT_PROVOKED.filter((s) => mine.includes(s)).sort());
      // The exceptions may only shrink, too.
      expect(NOT_PROVOKED.filter((s) => mine.includes(s) && exercisedStatuses.has(s))).toEqual([]);
    });
  });
}

/** `describeCoverage('<suite>')` calls in the contract files, by file name: to check statically that each suite has one file. */
export function coverageDeclarations(): Map<string, string[]> {
  const dir = join(__dirname, '..');
  const out = new Map<string, string[]>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.e2e-spec.ts'))) {
    const text = readFileSync(join(dir, file), 'utf8');
    out.set(
      file,
      [...text.matchAll(/^describeCoverage\('([^']+)'\);$/gm)].map((m) => m[1]!),
    );
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Calling the app
// ---------------------------------------------------------------------------------------------------

export const form = (o: Record<string, string>) => new URLSearchParams(o).toString();
export const formHeaders = { 'content-type': 'application/x-www-form-urlencoded' };
export const jsonHeaders = { 'content-type': 'application/json' };
export const xmlHeaders = { 'content-type': 'application/xml' };
/** Items sorted by `id`, for comparing lists whose order depends on same-millisecond creation. */
export const byId = (items: Json[]): Json[] => [...items].sort((a, b) => String(a.id).localeCompare(String(b.id)));

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A fresh app for one contract file (useTestApp), with the calls its tests make. */
export function useContractApp(options?: TestAppOptions) {
  const handle = useTestApp(options);
  const { t } = handle;
  // Management API calls: the admin token (every emulated scope) unless `bearer` says otherwise
  // (`null`: no Authorization header at all).
  const api = (method: Method, url: string, opts: { payload?: unknown; bearer?: string | null; headers?: Record<string, string> } = {}) =>
    t.inject({
      method,
      url,
      headers: { ...(opts.bearer === null ? {} : { authorization: `Bearer ${opts.bearer ?? handle.token}` }), ...opts.headers },
      ...(opts.payload === undefined ? {} : { payload: opts.payload as string | object }),
    });
  const narrowTokens = new Map<string, Promise<string>>();
  /** POST `body` to a collection and expect 201. */
  const create =
    (collection: string) =>
    async (body: Record<string, unknown>): Promise<Json> => {
      const res = await api('POST', collection, { payload: body });
      expect({ status: res.statusCode, body: res.json() }).toEqual({ status: 201, body: expect.anything() });
      return res.json() as Json;
    };
  return {
    t,
    /** The admin application's token (every emulated scope). */
    get token(): string {
      return handle.token;
    },
    api,
    /** A token of the admin application narrowed to `scope` (space-separated). */
    tokenWith(scope: string): Promise<string> {
      let p = narrowTokens.get(scope);
      if (!p) narrowTokens.set(scope, (p = t.token(t.main, scope)));
      return p;
    },
    /** The admin application's client credentials for /oauth/token. */
    credentials: () => ({
      grant_type: 'client_credentials',
      client_id: t.main.admin.clientId,
      client_secret: t.main.admin.clientSecret,
      audience: t.main.tenant.managementAudience,
    }),
    /** 400 for malformed JSON, 413 over 1 MiB and 415 for a type the server cannot parse, each as documented. */
    async expectUnparseableBodies(method: Method, template: string, url: string, payloads: { malformed: string; xml: string }): Promise<void> {
      for (const [status, headers, payload] of [
        [400, jsonHeaders, payloads.malformed],
        [413, jsonHeaders, HUGE],
        [415, xmlHeaders, payloads.xml],
      ] as const) {
        const res = await api(method, url, { headers, payload });
        expect(res.statusCode).toBe(status);
        expectMatchesContract(method, template, res);
      }
    },
    newClient: create(CLIENTS),
    newApi: create(APIS),
    newGrant: create(GRANTS),
  };
}
export type ContractApp = ReturnType<typeof useContractApp>;
