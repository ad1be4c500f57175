import { readFileSync } from 'fs';
import { join } from 'path';
import { parse } from 'yaml';
import Ajv2020 from 'ajv/dist/2020';
import type { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import type { LightMyRequestResponse } from 'fastify';
import { DataSource } from 'typeorm';
import { PUBLIC_KEY, SCOPES_KEY } from '@gatehouse/management-auth';
import { ACL_SCOPES, MANAGEMENT_API_SCOPES, SECURITY_MODES, TENANT_FLAGS } from '@gatehouse/policy';
import type { AccessReason, ClientPolicy, UserPolicy } from '@gatehouse/policy';
import { SYSTEM_API_UPDATABLE } from '@gatehouse/policy';
import { createTestApp, TenantHandle, TestApp } from '@gatehouse/testing';
import { matchesUrlFormat, nullableProperties } from '@gatehouse/http';
import { getMetadataStorage } from 'class-validator';
import type { UrlFormat } from '@gatehouse/http';
import { LOG_EVENT_TYPES } from '@gatehouse/logs';
import { ACCEPTED_CLIENT_AUTH_METHODS, ACCEPTED_GRANT_TYPES } from '@gatehouse/authentication';
import {
  APP_TYPES,
  ASYNC_APPROVAL_CHANNELS,
  COMPLIANCE_LEVELS,
  JWT_ALGS,
  ORGANIZATION_DISCOVERY_METHODS,
  ORGANIZATION_REQUIRE_BEHAVIORS,
  ORGANIZATION_USAGES as CLIENT_ORGANIZATION_USAGES,
  REDIRECTION_POLICIES,
  TOKEN_ENDPOINT_AUTH_METHODS,
  CreateClientDto,
  UpdateClientDto,
} from '../../libs/clients/src/dto/client.dto';
import { DEFAULT_FOR, ORGANIZATION_USAGES, SUBJECT_TYPES } from '../../libs/client-grants/src/client-grant.dto';
import {
  CONSENT_POLICIES,
  POP_MECHANISMS,
  POP_REQUIRED_FOR,
  SIGNING_ALGS,
  TOKEN_DIALECTS,
  TOKEN_ENCRYPTION_ALGS,
  TOKEN_ENCRYPTION_FORMATS,
} from '../../libs/resource-servers/src/resource-server.dto';
import { DCR_LIMIT_PER_SECOND } from '../../libs/registration/src/registration.service';
import { SUPPORTED_LOCALES } from '../../libs/tenant-settings/src/tenant-settings.dto';

/**
 * The contract test: real responses (errors included) from the app production runs, checked against
 * openapi.yaml. Every documented operation must be exercised at least once (last test), and every route
 * the server registers must be documented.
 */

// ---------------------------------------------------------------------------------------------------
// Loading the contract
// ---------------------------------------------------------------------------------------------------

// The document is untyped YAML; `any` keeps the traversal code readable.
type Json = Record<string, any>;

const doc: Json = parse(readFileSync(join(__dirname, '..', '..', 'openapi.yaml'), 'utf8'));

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
const COMPONENTS_ID = 'urn:gatehouse:openapi:components';

/** Follow an OpenAPI `$ref` (local JSON pointer) to the object it names; non-refs are returned as-is. */
function deref(node: Json): Json {
  let current = node;
  for (let hops = 0; current && typeof current.$ref === 'string'; hops++) {
    if (hops > 10) throw new Error(`$ref cycle at ${node.$ref}`);
    current = pointer(current.$ref);
  }
  return current;
}

function pointer(ref: string): Json {
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
function validatorFor(schema: Json): ValidateFunction {
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

function documentedOperations(): string[] {
  return Object.entries(doc.paths as Json).flatMap(([template, item]) =>
    HTTP_METHODS.filter((m) => item[m]).map((m) => `${m.toUpperCase()} ${template}`),
  );
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
function expectMatchesContract(method: string, pathTemplate: string, res: LightMyRequestResponse): void {
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
      const allow = String(res.headers.allow ?? '').toUpperCase().split(/\s*,\s*/);
      for (const m of HTTP_METHODS.filter((x) => item[x])) {
        if (!allow.includes(m.toUpperCase())) problems.push(`Allow header "${res.headers.allow}" misses documented ${m.toUpperCase()}`);
      }
    }
  }

  if (response) {
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
      const contentType = String(res.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
      const media = content[contentType];
      if (!media) {
        problems.push(`content type "${contentType}" is not documented (documented: ${Object.keys(content).join(', ')})`);
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

  expect({ [`${where} → ${status}`]: problems }).toEqual({ [`${where} → ${status}`]: [] });
  if (operation) {
    exercised.add(where);
    exercisedStatuses.add(`${where} → ${status}`);
  }
}

/** Check a value against one named schema of `components.schemas` (e.g. a body the operation schema only bounds loosely). */
function expectSchema(name: string, value: unknown): void {
  const check = validatorFor(schemaRef(name));
  expect({ [name]: check(value) ? [] : check.errors }).toEqual({ [name]: [] });
}

const schemaRefs = new Map<string, Json>();
function schemaRef(name: string): Json {
  if (!doc.components.schemas[name]) throw new Error(`no schema ${name}`);
  let ref = schemaRefs.get(name);
  if (!ref) schemaRefs.set(name, (ref = { $ref: `#/components/schemas/${name}` }));
  return ref;
}

/** Check a request body the server accepted against the documented request body. */
function expectRequestMatchesContract(method: string, pathTemplate: string, contentType: string, body: unknown): void {
  const op = doc.paths[pathTemplate][method.toLowerCase()];
  const media = deref(op.requestBody).content[contentType];
  expect(media).toBeDefined();
  const check = validatorFor(media.schema);
  expect({ valid: check(body), errors: check.errors ?? null }).toEqual({ valid: true, errors: null });
}

/** The documented request body schema refuses `body` too (for payloads the server refuses as malformed). */
function expectRequestRejectedByContract(method: string, pathTemplate: string, body: unknown): void {
  const op = doc.paths[pathTemplate][method.toLowerCase()];
  const check = validatorFor(deref(op.requestBody).content['application/json'].schema);
  expect({ body, validAccordingToContract: check(body) }).toEqual({ body, validAccordingToContract: false });
}

interface RegisteredRoute {
  method: string;
  shape: string;
  route: string;
  /** @Public(): no token needed. */
  isPublic: boolean;
  /** @Scopes(): the token needs any one of these. */
  scopes: string[];
}

/** Every (method, path) Nest registered, from controller metadata, with `:id` / `*` as `{}`. */
function registeredRoutes(t: TestApp): RegisteredRoute[] {
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

function shapeOf(path: string): string {
  return path.replace(/\{[^}]+\}/g, '{}').replace(/:[^/]+/g, '{}').replace(/\*/g, '{}').replace(/\/$/, '');
}

// ---------------------------------------------------------------------------------------------------
// The document itself
// ---------------------------------------------------------------------------------------------------

describe('openapi.yaml', () => {
  it('is OpenAPI 3.1 with unique operation ids and resolvable $refs', () => {
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    const ids = documentedOperations().map((op) => {
      const [m, p] = op.split(' ');
      return doc.paths[p!][m!.toLowerCase()].operationId as string;
    });
    expect(ids.every((id) => typeof id === 'string' && id.length > 0)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    const unresolved: string[] = [];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) return node.forEach(walk);
      if (!node || typeof node !== 'object') return;
      const ref = (node as Json).$ref;
      if (typeof ref === 'string') {
        try {
          pointer(ref);
        } catch {
          unresolved.push(ref);
        }
      }
      Object.values(node).forEach(walk);
    };
    walk(doc);
    expect(unresolved).toEqual([]);
  });

  it('every schema compiles under JSON Schema 2020-12 (strict)', () => {
    const schemas: Json[] = Object.values(doc.components.schemas);
    const visitResponse = (r: Json) => {
      const response = deref(r);
      for (const h of Object.values((response.headers ?? {}) as Json)) schemas.push(deref(h).schema);
      for (const media of Object.values((response.content ?? {}) as Json)) if (media.schema) schemas.push(media.schema);
    };
    for (const item of Object.values(doc.paths as Json)) {
      for (const p of item.parameters ?? []) schemas.push(deref(p).schema);
      for (const m of HTTP_METHODS) {
        const op = item[m];
        if (!op) continue;
        for (const r of Object.values((op.responses ?? {}) as Json)) visitResponse(r);
        if (op.requestBody) for (const media of Object.values(deref(op.requestBody).content as Json)) schemas.push(media.schema);
      }
    }
    for (const r of Object.values(doc['x-unmatched-route-responses'] as Json)) visitResponse(r);
    for (const s of schemas) expect(() => validatorFor(s)).not.toThrow();
    expect(schemas.length).toBeGreaterThan(10);
  });

  it('declares path parameters for every templated path', () => {
    for (const [template, item] of Object.entries(doc.paths as Json)) {
      const names = [...template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
      for (const m of HTTP_METHODS.filter((x) => item[x])) {
        const params = [...(item.parameters ?? []), ...(item[m].parameters ?? [])].map(deref).filter((p) => p.in === 'path');
        expect({ [`${m} ${template}`]: params.map((p) => p.name).sort() }).toEqual({ [`${m} ${template}`]: [...names].sort() });
        expect(params.every((p) => p.required === true)).toBe(true);
      }
    }
  });

  it('the oauth2 scheme offers exactly the Management API scopes Gatehouse emulates', () => {
    const { bearerAuth, oAuth2ClientCredentials } = doc.components.securitySchemes;
    expect(bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
    expect(oAuth2ClientCredentials.flows.clientCredentials.tokenUrl).toBe('/oauth/token');
    expect(Object.keys(oAuth2ClientCredentials.flows.clientCredentials.scopes).sort()).toEqual([...MANAGEMENT_API_SCOPES].sort());
  });

  it("documented enums are the server's own tables", () => {
    const schemas = doc.components.schemas;
    const settings = schemas.ClientSettings.properties;
    expect(schemas.AppType.enum).toEqual(APP_TYPES);
    expect(schemas.TokenEndpointAuthMethod.enum).toEqual(TOKEN_ENDPOINT_AUTH_METHODS);
    expect(schemas.RedirectionPolicy.enum).toEqual(REDIRECTION_POLICIES);
    // Nullable client properties list `null` among their values (a PATCH with null clears them).
    expect(settings.compliance_level.enum).toEqual([...COMPLIANCE_LEVELS, null]);
    expect(settings.organization_usage.enum).toEqual([...CLIENT_ORGANIZATION_USAGES, null]);
    expect(settings.organization_require_behavior.enum).toEqual([...ORGANIZATION_REQUIRE_BEHAVIORS, null]);
    expect(settings.organization_discovery_methods.items.enum).toEqual(ORGANIZATION_DISCOVERY_METHODS);
    expect(settings.async_approval_notification_channels.items.enum).toEqual(ASYNC_APPROVAL_CHANNELS);
    expect(schemas.JwtConfiguration.properties.alg.enum).toEqual([...JWT_ALGS, null]);
    expect(schemas.ThirdPartySecurityMode.enum).toEqual(SECURITY_MODES);
    expect(schemas.LintMode.enum).toEqual([...SECURITY_MODES, 'first_party']);
    expect(Object.keys(schemas.TenantFlags.properties)).toEqual([...TENANT_FLAGS]);
    expect(schemas.TenantLocale.enum).toEqual([...SUPPORTED_LOCALES]);
    expect(schemas.ClientGrantSubjectType.enum).toEqual(SUBJECT_TYPES);
    expect(schemas.ClientGrantDefaultFor.enum).toEqual(DEFAULT_FOR);
    expect(schemas.OrganizationUsage.enum).toEqual(ORGANIZATION_USAGES);
    const apiSettings = schemas.ResourceServerSettings.properties;
    expect(apiSettings.signing_alg.enum).toEqual(SIGNING_ALGS);
    expect(apiSettings.token_dialect.enum).toEqual(TOKEN_DIALECTS);
    expect(apiSettings.consent_policy.enum).toEqual([...CONSENT_POLICIES, null]);
    expect(apiSettings.proof_of_possession.properties.mechanism.enum).toEqual(POP_MECHANISMS);
    expect(apiSettings.proof_of_possession.properties.required_for.enum).toEqual(POP_REQUIRED_FOR);
    expect(apiSettings.token_encryption.properties.format.enum).toEqual(TOKEN_ENCRYPTION_FORMATS);
    expect(apiSettings.token_encryption.properties.encryption_key.properties.alg.enum).toEqual(TOKEN_ENCRYPTION_ALGS);
    expect(schemas.NetworkAclScope.enum).toEqual([...ACL_SCOPES]);
    expect(schemas.LogEventType.enum).toEqual(Object.keys(LOG_EVENT_TYPES));
    // Discovery says what /oauth/token accepts, from the very lists the token service enforces.
    const discovery = schemas.AuthorizationServerMetadata.properties;
    expect(discovery.grant_types_supported.allOf[1].items.enum).toEqual(ACCEPTED_GRANT_TYPES);
    expect(discovery.token_endpoint_auth_methods_supported.allOf[1].items.enum).toEqual(ACCEPTED_CLIENT_AUTH_METHODS);
    expect(doc.components.headers.RegistrationRateLimitLimit.schema.const).toBe(DCR_LIMIT_PER_SECOND);
    // Union types have no runtime value: these records are exhaustive by type (tsc), and the schemas must match them.
    const reasons: Record<AccessReason, true> = {
      granted_by_client_grant: true,
      granted_by_default_permission: true,
      allowed_by_api_policy: true,
      api_policy_deny_all: true,
      system_api_third_party: true,
      no_client_grant: true,
      scopes_not_granted: true,
    };
    const userPolicies: Record<UserPolicy, true> = { allow_all: true, require_client_grant: true, deny_all: true };
    const clientPolicies: Record<ClientPolicy, true> = { require_client_grant: true, deny_all: true };
    expect([...schemas.AccessReason.enum].sort()).toEqual(Object.keys(reasons).sort());
    expect([...schemas.UserAccessPolicy.enum].sort()).toEqual(Object.keys(userPolicies).sort());
    expect([...schemas.ClientAccessPolicy.enum].sort()).toEqual(Object.keys(clientPolicies).sort());
  });

  it('the client request schemas name exactly the DTO properties, nullable exactly where the DTO is @Nullable', () => {
    for (const [schema, dto] of [
      ['CreateClientRequest', CreateClientDto],
      ['UpdateClientRequest', UpdateClientDto],
    ] as const) {
      const fromDto = [...new Set(getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false).map((m) => m.propertyName))].sort();
      const documented = [...new Set([...Object.keys(doc.components.schemas.ClientSettings.properties), ...Object.keys(doc.components.schemas[schema].properties)])].sort();
      expect({ schema, properties: documented }).toEqual({ schema, properties: fromDto });
      // `null` is valid for a property exactly when the pipe lets it through.
      const check = validatorFor(schemaRef(schema));
      const nullable = nullableProperties(dto);
      const base = schema === 'CreateClientRequest' ? { name: 'x' } : {};
      const wrong = fromDto.filter((p) => p !== 'name' && check({ ...base, [p]: null }) !== nullable.has(p));
      expect({ schema, nullabilityDiffers: wrong }).toEqual({ schema, nullabilityDiffers: [] });
    }
  });

  it('the client schemas’ examples match them', () => {
    for (const name of ['CreateClientRequest', 'UpdateClientRequest', 'Client']) {
      const examples: unknown[] = doc.components.schemas[name].examples ?? [];
      expect(examples.length).toBeGreaterThan(0);
      for (const example of examples) expectSchema(name, example);
    }
  });

  it('names the properties a system API accepts where the server reads them', () => {
    const texts = [doc.paths['/api/v2/resource-servers/{id}'].patch.description, doc.components.schemas.UpdateResourceServerRequest.description];
    for (const text of texts) for (const p of SYSTEM_API_UPDATABLE) expect({ text, mentions: p, found: String(text).includes(`\`${p}\``) }).toEqual({ text, mentions: p, found: true });
  });

  it('every /api/v2 and /ext/v1 operation needs a token and documents 401, 403 and 429 with rate-limit headers', () => {
    const guarded = documentedOperations().filter((o) => /^\/(api\/v2|ext\/v1)\//.test(o.split(' ')[1]!));
    expect(guarded.length).toBeGreaterThan(10);
    for (const op of guarded) {
      const [m, p] = op.split(' ');
      const operation = doc.paths[p!][m!.toLowerCase()];
      expect({ op, security: operation.security ?? doc.security }).toEqual({ op, security: expect.arrayContaining([{ bearerAuth: [] }]) });
      for (const status of ['401', '403', '429']) {
        const headers = Object.keys(deref(operation.responses[status] ?? {}).headers ?? {});
        expect({ op, status, headers }).toEqual({
          op,
          status,
          headers: expect.arrayContaining(['X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset']),
        });
      }
      expect(Object.keys(deref(operation.responses['429']).headers)).toContain('Retry-After');
    }
  });
});

// ---------------------------------------------------------------------------------------------------
// Real responses
// ---------------------------------------------------------------------------------------------------

const TOKEN = '/oauth/token';
const UNEMULATED = '/api/v2/{unemulatedPath}';
const CLIENTS = '/api/v2/clients';
const CLIENT = '/api/v2/clients/{id}';
const ROTATE = '/api/v2/clients/{id}/rotate-secret';
const SETTINGS = '/api/v2/tenants/settings';
const LINT = '/ext/v1/lint/client';
const APIS = '/api/v2/resource-servers';
const API = '/api/v2/resource-servers/{id}';
const GRANTS = '/api/v2/client-grants';
const GRANT = '/api/v2/client-grants/{id}';
const ACLS = '/api/v2/network-acls';
const ACL = '/api/v2/network-acls/{id}';
const LOGS = '/api/v2/logs';
const LOG = '/api/v2/logs/{id}';
const ACCESS = '/ext/v1/access';
const MIGRATIONS = '/ext/v1/migrations';
const REGISTER = '/oidc/register';
const WRITE_METHODS = ['POST', 'PUT', 'PATCH'] as const;
const ALL_UNEMULATED_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
/** Just over the 1 MiB body limit. */
const HUGE = JSON.stringify({ padding: 'x'.repeat(1024 * 1024) });

describe('responses match openapi.yaml', () => {
  let t: TestApp;
  let token: string;
  beforeAll(async () => {
    t = await createTestApp();
    token = await t.token();
  });
  afterAll(() => t.close());

  const credentials = () => ({
    grant_type: 'client_credentials',
    client_id: t.main.admin.clientId,
    client_secret: t.main.admin.clientSecret,
    audience: t.main.tenant.managementAudience,
  });
  const form = (o: Record<string, string>) => new URLSearchParams(o).toString();
  const formHeaders = { 'content-type': 'application/x-www-form-urlencoded' };

  // Management API calls: the admin token (every emulated scope) unless `bearer` says otherwise
  // (`null`: no Authorization header at all).
  type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  const api = (method: Method, url: string, opts: { payload?: unknown; bearer?: string | null; headers?: Record<string, string> } = {}) =>
    t.inject({
      method,
      url,
      headers: { ...(opts.bearer === null ? {} : { authorization: `Bearer ${opts.bearer ?? token}` }), ...opts.headers },
      ...(opts.payload === undefined ? {} : { payload: opts.payload as string | object }),
    });
  const narrowTokens = new Map<string, Promise<string>>();
  /** A token of the admin application narrowed to `scope` (space-separated). */
  const tokenWith = (scope: string): Promise<string> => {
    let p = narrowTokens.get(scope);
    if (!p) narrowTokens.set(scope, (p = t.token(t.main, scope)));
    return p;
  };
  const newClient = async (body: Record<string, unknown>): Promise<Json> => {
    const res = await api('POST', CLIENTS, { payload: body });
    expect({ status: res.statusCode, body: res.json() }).toEqual({ status: 201, body: expect.anything() });
    return res.json() as Json;
  };
  const newApi = async (body: Record<string, unknown>): Promise<Json> => {
    const res = await api('POST', APIS, { payload: body });
    expect({ status: res.statusCode, body: res.json() }).toEqual({ status: 201, body: expect.anything() });
    return res.json() as Json;
  };
  const newGrant = async (body: Record<string, unknown>): Promise<Json> => {
    const res = await api('POST', GRANTS, { payload: body });
    expect({ status: res.statusCode, body: res.json() }).toEqual({ status: 201, body: expect.anything() });
    return res.json() as Json;
  };
  /** Items sorted by `id`, for comparing lists whose order depends on same-millisecond creation. */
  const byId = (items: Json[]): Json[] => [...items].sort((a, b) => String(a.id).localeCompare(String(b.id)));
  const jsonHeaders = { 'content-type': 'application/json' };
  const xmlHeaders = { 'content-type': 'application/xml' };

  describe('the checker itself', () => {
    /** The same response with another body. */
    const withBody = (res: LightMyRequestResponse, body: string): LightMyRequestResponse =>
      Object.defineProperty(Object.create(res), 'body', { value: body });

    it('fails on an undocumented status, a body off the schema, a missing header and a wrong template', async () => {
      const health = await t.inject({ method: 'GET', url: '/healthz' });
      expect(() => expectMatchesContract('GET', '/healthz', withBody(health, '{"status":"ok","extra":1}'))).toThrow(/does not match/);
      expect(() => expectMatchesContract('GET', '/readyz', health)).toThrow(/does not match \/readyz/);
      expect(() => expectMatchesContract('POST', '/healthz', health)).toThrow(/request was GET/);

      const denied = await t.inject({ method: 'GET', url: '/api/v2/rules', headers: { authorization: `Bearer ${token}` } });
      expect(denied.statusCode).toBe(403);
      expect(() => expectMatchesContract('GET', '/api/v2/{unemulatedPath}', withBody(denied, '{"statusCode":403}'))).toThrow(/must have required property/);
      const noHeaders = Object.defineProperty(Object.create(denied), 'headers', { value: { 'content-type': 'application/json' } });
      expect(() => expectMatchesContract('GET', '/api/v2/{unemulatedPath}', noHeaders)).toThrow(/missing required header X-RateLimit-Limit/);

      const missing = await t.inject({ method: 'GET', url: '/nope' });
      expect(() => expectMatchesContract('GET', '/healthz', missing)).toThrow(/does not document status 404/);
      expect(() => expectMatchesContract('GET', '/api/v2/rules', denied)).toThrow(/is documented as \/api\/v2\/\{unemulatedPath\}/);
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

    it('GET /.well-known/jwks.json', async () => {
      const res = await t.inject({ method: 'GET', url: '/.well-known/jwks.json' });
      expect(res.statusCode).toBe(200);
      expectMatchesContract('GET', '/.well-known/jwks.json', res);
    });
  });

  describe('POST /oauth/token', () => {
    it('200 with a JSON body', async () => {
      const body = credentials();
      expectRequestMatchesContract('POST', TOKEN, 'application/json', body);
      const res = await t.inject({ method: 'POST', url: TOKEN, payload: body });
      expect(res.statusCode).toBe(200);
      expect(res.json().scope).toBe(MANAGEMENT_API_SCOPES.join(' '));
      expectMatchesContract('POST', TOKEN, res);
    });

    it('200 with a form body and a narrowed scope', async () => {
      const body = { ...credentials(), scope: 'read:clients' };
      expectRequestMatchesContract('POST', TOKEN, 'application/x-www-form-urlencoded', body);
      const res = await t.inject({ method: 'POST', url: TOKEN, headers: formHeaders, payload: form(body) });
      expect(res.statusCode).toBe(200);
      expect(res.json().scope).toBe('read:clients');
      expectMatchesContract('POST', TOKEN, res);
    });

    it('200 with HTTP Basic client authentication', async () => {
      const { clientId, clientSecret } = t.main.admin;
      const basic = Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString('base64');
      const body = { grant_type: 'client_credentials', audience: t.main.tenant.managementAudience };
      expectRequestMatchesContract('POST', TOKEN, 'application/x-www-form-urlencoded', body);
      const res = await t.inject({ method: 'POST', url: TOKEN, headers: { ...formHeaders, authorization: `Basic ${basic}` }, payload: form(body) });
      expect(res.statusCode).toBe(200);
      expectMatchesContract('POST', TOKEN, res);
    });

    it.each([
      ['no grant_type', 400, 'invalid_request', { grant_type: '' }],
      ['an unsupported grant_type', 400, 'unsupported_grant_type', { grant_type: 'password' }],
      ['no client_id', 400, 'invalid_request', { client_id: '' }],
      ['a wrong secret', 401, 'invalid_client', { client_secret: 'not-the-secret' }],
      ['an unknown client', 401, 'invalid_client', { client_id: 'unknownclientid0000000000000000' }],
      ['no audience', 403, 'access_denied', { audience: '' }],
      ['an unknown audience', 403, 'access_denied', { audience: 'https://elsewhere.example/api/' }],
      ['only scopes outside the grant', 403, 'access_denied', { scope: 'read:rules' }],
    ])('%s → %d %s', async (_, status, error, override) => {
      const res = await t.inject({ method: 'POST', url: TOKEN, headers: formHeaders, payload: form({ ...credentials(), ...override }) });
      expect(res.statusCode).toBe(status);
      expect(res.json().error).toBe(error);
      expect(res.headers['cache-control']).toBe('no-store');
      expectMatchesContract('POST', TOKEN, res);
    });

    it('400 invalid_request for two client authentication methods at once', async () => {
      const basic = Buffer.from(`${t.main.admin.clientId}:${t.main.admin.clientSecret}`).toString('base64');
      const res = await t.inject({ method: 'POST', url: TOKEN, headers: { authorization: `Basic ${basic}` }, payload: credentials() });
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toBe('invalid_request');
      expectMatchesContract('POST', TOKEN, res);
    });

    it('401 invalid_client for a malformed Basic header', async () => {
      const res = await t.inject({
        method: 'POST',
        url: TOKEN,
        headers: { ...formHeaders, authorization: `Basic ${Buffer.from('no-colon').toString('base64')}` },
        payload: form({ grant_type: 'client_credentials', audience: t.main.tenant.managementAudience }),
      });
      expect(res.statusCode).toBe(401);
      expectMatchesContract('POST', TOKEN, res);
    });

    it('400 invalid_body (Auth0 shape) for malformed JSON', async () => {
      const res = await t.inject({ method: 'POST', url: TOKEN, headers: { 'content-type': 'application/json' }, payload: '{"grant_type":' });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ statusCode: 400, errorCode: 'invalid_body' });
      expectMatchesContract('POST', TOKEN, res);
    });

    it('413 for a body over 1 MiB', async () => {
      const res = await t.inject({ method: 'POST', url: TOKEN, headers: { 'content-type': 'application/json' }, payload: HUGE });
      expect(res.statusCode).toBe(413);
      expectMatchesContract('POST', TOKEN, res);
    });

    it('415 for a body the server cannot parse', async () => {
      const res = await t.inject({ method: 'POST', url: TOKEN, headers: { 'content-type': 'application/xml' }, payload: '<grant_type/>' });
      expect(res.statusCode).toBe(415);
      expectMatchesContract('POST', TOKEN, res);
    });
  });

  describe('/api/v2/{unemulatedPath}', () => {
    it.each(ALL_UNEMULATED_METHODS)('%s without a token → 401 missing_authentication', async (method) => {
      const res = await t.inject({ method, url: '/api/v2/rules', ...(method === 'GET' || method === 'DELETE' ? {} : { payload: {} }) });
      expect(res.statusCode).toBe(401);
      expect(res.json().errorCode).toBe('missing_authentication');
      expectMatchesContract(method, UNEMULATED, res);
    });

    it('GET with a token that fails verification → 401 invalid_token', async () => {
      const [h, p] = token.split('.');
      const res = await t.inject({ method: 'GET', url: '/api/v2/rules', headers: { authorization: `Bearer ${h}.${p}.AAAA` } });
      expect(res.statusCode).toBe(401);
      expectMatchesContract('GET', UNEMULATED, res);
    });

    it.each([
      ['GET', '/api/v2/rules', 'read:rules'],
      ['GET', '/api/v2/roles/rol_123/users?page=0', 'read:roles'],
      ['POST', '/api/v2/actions/actions', 'create:actions'],
      ['PUT', '/api/v2/rules-configs/KEY', 'update:rules_configs'],
      ['PATCH', '/api/v2/rules/rul_123', 'update:rules'],
      ['DELETE', '/api/v2/log-streams/lst_1', 'delete:log_streams'],
    ] as const)('%s %s with a token → 403 insufficient_scope naming %s', async (method, url, scope) => {
      const res = await t.inject({
        method,
        url,
        headers: { authorization: `Bearer ${token}` },
        ...(method === 'GET' || method === 'DELETE' ? {} : { payload: { name: 'x' } }),
      });
      expect(res.statusCode).toBe(403);
      expect(res.json().message).toBe(`Insufficient scope, expected any of: ${scope}`);
      expectMatchesContract(method, UNEMULATED, res);
    });

    it.each([
      ['GET', '/api/v2/clients/abc/rotate-secret', ['POST']],
      ['POST', '/api/v2/clients/abc', ['GET', 'PATCH', 'DELETE']],
      ['PUT', '/api/v2/resource-servers/abc', ['GET', 'PATCH', 'DELETE']],
      ['PATCH', '/api/v2/client-grants', ['GET', 'POST']],
      ['DELETE', '/api/v2/tenants/settings', ['GET', 'PATCH']],
    ] as const)('%s %s (an emulated path, another method) → 405 from the catch-all, Allow naming %j', async (method, url, allowed) => {
      const payload = method === 'GET' || method === 'DELETE' ? {} : { payload: { name: 'x' } };
      const res = await t.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...payload });
      expect(res.statusCode).toBe(405);
      expect(res.json().errorCode).toBe('method_not_allowed');
      expect(String(res.headers.allow).split(/\s*,\s*/)).toEqual(expect.arrayContaining([...allowed]));
      expectMatchesContract(method, UNEMULATED, res);
      // Authentication comes first, as on every Management API route.
      const anonymous = await t.inject({ method, url, ...payload });
      expect(anonymous.statusCode).toBe(401);
      expectMatchesContract(method, UNEMULATED, anonymous);
    });

    it.each(WRITE_METHODS)('%s with malformed JSON → 400 invalid_body', async (method) => {
      const res = await t.inject({
        method,
        url: '/api/v2/rules',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        payload: '{not json',
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().errorCode).toBe('invalid_body');
      expectMatchesContract(method, UNEMULATED, res);
    });

    it.each(WRITE_METHODS)('%s with a body over 1 MiB → 413', async (method) => {
      const res = await t.inject({
        method,
        url: '/api/v2/rules',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        payload: HUGE,
      });
      expect(res.statusCode).toBe(413);
      expectMatchesContract(method, UNEMULATED, res);
    });

    it.each(WRITE_METHODS)('%s with a body the server cannot parse → 415', async (method) => {
      const res = await t.inject({
        method,
        url: '/api/v2/rules',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/xml' },
        payload: '<name>x</name>',
      });
      expect(res.statusCode).toBe(415);
      expectMatchesContract(method, UNEMULATED, res);
    });
  });

  describe('GET /api/v2/clients', () => {
    let firstParty: Json;
    let strict: Json;
    beforeAll(async () => {
      firstParty = await newClient({ name: 'list: first-party', app_type: 'regular_web' });
      strict = await newClient({ name: 'list: strict', is_first_party: false, app_type: 'spa', callbacks: ['https://partner.example/cb'] });
    });

    it('200: a bare array of whole clients, with secrets only for read:client_keys', async () => {
      const res = await api('GET', `${CLIENTS}?per_page=100`);
      expect(res.statusCode).toBe(200);
      expectMatchesContract('GET', CLIENTS, res);
      const list = res.json() as Json[];
      expect(list.map((c) => c.client_id)).toEqual(expect.arrayContaining([firstParty.client_id, strict.client_id]));
      for (const c of list) {
        expectSchema('Client', c);
        expect(c.client_secret).toEqual(expect.any(String));
      }

      const narrow = await api('GET', `${CLIENTS}?per_page=100`, { bearer: await tokenWith('read:clients') });
      expect(narrow.statusCode).toBe(200);
      expectMatchesContract('GET', CLIENTS, narrow);
      for (const c of narrow.json() as Json[]) {
        expectSchema('Client', c);
        expect(c).not.toHaveProperty('client_secret');
      }
    });

    it('200: include_totals=true answers exactly {start, limit, total, clients}; a page past the end is empty', async () => {
      const res = await api('GET', `${CLIENTS}?include_totals=true&page=0&per_page=2`);
      expect(res.statusCode).toBe(200);
      expectMatchesContract('GET', CLIENTS, res);
      const body = res.json();
      expect(Object.keys(body).sort()).toEqual(['clients', 'limit', 'start', 'total']);
      expect(body).toMatchObject({ start: 0, limit: 2 });
      expect(body.total).toBeGreaterThanOrEqual(3);
      expect(body.clients).toHaveLength(2);
      body.clients.forEach((c: Json) => expectSchema('Client', c));

      const past = await api('GET', `${CLIENTS}?include_totals=true&page=1000&per_page=100`);
      expect(past.statusCode).toBe(200);
      expect(past.json()).toEqual({ start: 100000, limit: 100, total: body.total, clients: [] });
      expectMatchesContract('GET', CLIENTS, past);
    });

    it('200: checkpoint pages (take/from) walk the list in order and the last one has no next', async () => {
      const all = ((await api('GET', `${CLIENTS}?per_page=100`)).json() as Json[]).map((c) => c.client_id);
      const seen: string[] = [];
      let url = `${CLIENTS}?take=2`;
      for (let i = 0; i < 60; i++) {
        const res = await api('GET', url);
        expect(res.statusCode).toBe(200);
        expectMatchesContract('GET', CLIENTS, res);
        const body = res.json();
        body.clients.forEach((c: Json) => expectSchema('Client', c));
        seen.push(...body.clients.map((c: Json) => c.client_id));
        if (!body.next) break;
        url = `${CLIENTS}?take=2&from=${encodeURIComponent(body.next)}`;
      }
      expect(seen).toEqual(all);
    });

    it('200: filters and fields select clients and properties', async () => {
      const res = await api('GET', `${CLIENTS}?is_first_party=false&app_type=spa,native&fields=client_id,third_party_security_mode`);
      expect(res.statusCode).toBe(200);
      expectMatchesContract('GET', CLIENTS, res);
      const list = res.json() as Json[];
      expect(list).toContainEqual({ client_id: strict.client_id, third_party_security_mode: 'strict' });
      for (const c of list) expect(Object.keys(c).sort()).toEqual(['client_id', 'third_party_security_mode']);

      const dropped = await api('GET', `${CLIENTS}?is_global=false&fields=client_secret,refresh_token&include_fields=false`);
      expect(dropped.statusCode).toBe(200);
      expectMatchesContract('GET', CLIENTS, dropped);
      for (const c of dropped.json() as Json[]) {
        expect(c).not.toHaveProperty('client_secret');
        expect(c).not.toHaveProperty('refresh_token');
        expect(c).toHaveProperty('client_id');
      }
    });

    it.each([
      'bogus=1',
      'per_page=0',
      'per_page=101',
      'page=-1',
      'page=two',
      'take=0',
      'take=101',
      'from=not-a-checkpoint',
      'take=2&per_page=101',
      'include_totals=maybe',
      'is_first_party=yes',
      'include_fields=perhaps&fields=name',
    ])('400 invalid_query_string for ?%s', async (query) => {
      const res = await api('GET', `${CLIENTS}?${query}`);
      expect(res.statusCode).toBe(400);
      expect(res.json().errorCode).toBe('invalid_query_string');
      expectMatchesContract('GET', CLIENTS, res);
    });

    it('401 missing_authentication without a token', async () => {
      const res = await api('GET', CLIENTS, { bearer: null });
      expect(res.statusCode).toBe(401);
      expectMatchesContract('GET', CLIENTS, res);
    });

    it('403 insufficient_scope naming read:clients,read:client_keys', async () => {
      const res = await api('GET', CLIENTS, { bearer: await tokenWith('create:clients update:clients') });
      expect(res.statusCode).toBe(403);
      expect(res.json().message).toBe('Insufficient scope, expected any of: read:clients,read:client_keys');
      expectMatchesContract('GET', CLIENTS, res);
    });
  });

  describe('POST /api/v2/clients', () => {
    it('201: a minimal first-party client with Auth0 defaults and a 32-character id', async () => {
      const body = { name: 'create: minimal' };
      expectRequestMatchesContract('POST', CLIENTS, 'application/json', body);
      const res = await api('POST', CLIENTS, { payload: body });
      expect(res.statusCode).toBe(201);
      expectMatchesContract('POST', CLIENTS, res);
      const c = res.json();
      expect(c.client_id).toMatch(/^[A-Za-z0-9]{32}$/);
      expect(c).toMatchObject({ is_first_party: true, global: false, oidc_conformant: false, client_secret: expect.any(String) });
      expect(c).not.toHaveProperty('third_party_security_mode');
    });

    it('201: a third-party client without a mode is strict (after the October 2026 flip) with a tpc_ id', async () => {
      const body = { name: 'create: partner', is_first_party: false, app_type: 'spa', callbacks: ['https://partner.example/cb'] };
      expectRequestMatchesContract('POST', CLIENTS, 'application/json', body);
      const res = await api('POST', CLIENTS, { payload: body });
      expect(res.statusCode).toBe(201);
      expectMatchesContract('POST', CLIENTS, res);
      expect(res.json()).toMatchObject({
        client_id: expect.stringMatching(/^tpc_[A-Za-z0-9]{22}$/),
        third_party_security_mode: 'strict',
        grant_types: ['authorization_code'],
        redirection_policy: 'open_redirect_protection',
      });
    });

    it('201: an explicitly strict client setting every kind of curated property', async () => {
      const body = {
        name: 'create: curated',
        description: 'strict, explicit',
        logo_uri: 'https://partner.example/logo.png',
        is_first_party: false,
        third_party_security_mode: 'strict',
        app_type: 'regular_web',
        callbacks: ['https://partner.example/cb'],
        allowed_origins: ['https://partner.example'],
        web_origins: ['https://partner.example'],
        grant_types: ['authorization_code', 'refresh_token'],
        token_endpoint_auth_method: 'client_secret_basic',
        client_metadata: { team: 'partners' },
        jwt_configuration: { alg: 'RS256', lifetime_in_seconds: 600 },
        refresh_token: { rotation_type: 'rotating', expiration_type: 'expiring', token_lifetime: 86400, idle_token_lifetime: 3600 },
        require_proof_of_possession: false,
        redirection_policy: 'allow_always',
      };
      expectRequestMatchesContract('POST', CLIENTS, 'application/json', body);
      const res = await api('POST', CLIENTS, { payload: body });
      expect(res.statusCode).toBe(201);
      expectMatchesContract('POST', CLIENTS, res);
      expect(res.json()).toMatchObject({ ...body, jwt_configuration: { alg: 'RS256', lifetime_in_seconds: 600 } });
    });

    it('201 without client_secret when the token lacks read:client_keys', async () => {
      const res = await api('POST', CLIENTS, { payload: { name: 'create: no keys' }, bearer: await tokenWith('create:clients') });
      expect(res.statusCode).toBe(201);
      expectMatchesContract('POST', CLIENTS, res);
      expect(res.json()).not.toHaveProperty('client_secret');
    });

    it('201: null means not set; the newer properties are stored and echoed', async () => {
      const body = {
        name: 'create: newer properties',
        app_type: 'regular_web',
        callbacks: ['https://*.app.example/{organization_name}/cb', 'http://localhost:3000/cb'],
        par_request_expiry: null,
        token_endpoint_auth_method: null,
        organization_usage: null,
        fedcm_login: { google: { is_enabled: true } },
        token_quota: { client_credentials: { enforce: true, per_day: 100 } },
        anonymous_sessions: { enabled: false },
        async_approval_notification_channels: ['email'],
        oidc_logout: { backchannel_logout_urls: ['https://app.example/logout'] },
        session_transfer: { can_create_session_transfer_token: true },
      };
      expectRequestMatchesContract('POST', CLIENTS, 'application/json', body);
      const res = await api('POST', CLIENTS, { payload: body });
      expect(res.statusCode).toBe(201);
      expectMatchesContract('POST', CLIENTS, res);
      const c = res.json();
      for (const unset of ['par_request_expiry', 'token_endpoint_auth_method', 'organization_usage']) expect(c).not.toHaveProperty(unset);
      expect(c).toMatchObject({
        fedcm_login: body.fedcm_login,
        token_quota: body.token_quota,
        anonymous_sessions: body.anonymous_sessions,
        async_approval_notification_channels: ['email'],
        oidc_backchannel_logout: { backchannel_logout_urls: ['https://app.example/logout'] },
        session_transfer: { can_create_session_transfer_token: true, enforce_device_binding: 'ip' },
      });
    });

    it('201: an application authenticating with keys has no client_secret, even for read:client_keys', async () => {
      const body = { name: 'create: keys', app_type: 'non_interactive', client_authentication_methods: { private_key_jwt: { credentials: [] } } };
      expectRequestMatchesContract('POST', CLIENTS, 'application/json', body);
      const res = await api('POST', CLIENTS, { payload: body });
      expect(res.statusCode).toBe(201);
      expectMatchesContract('POST', CLIENTS, res);
      expect(res.json()).not.toHaveProperty('client_secret');
      expect(res.json().signing_keys).toEqual(expect.any(Array));
    });

    it('201: a resource_server application linked to its API by resource_server_identifier', async () => {
      const body = { name: 'create: api app', app_type: 'resource_server', resource_server_identifier: 'https://contract.example/linked/' };
      expectRequestMatchesContract('POST', CLIENTS, 'application/json', body);
      const res = await api('POST', CLIENTS, { payload: body });
      expect(res.statusCode).toBe(201);
      expectMatchesContract('POST', CLIENTS, res);
      expect(res.json()).toMatchObject({ ...body, grant_types: [], oidc_conformant: true, jwt_configuration: { alg: 'RS256' } });
    });

    it.each([
      ['null for a property that cannot be null', { name: 'x', description: null }, 'description'],
      ['a name with < or >', { name: '<b>x</b>' }, 'name'],
      ['a callback that is not a URL', { name: 'x', callbacks: ['not a url'] }, 'callbacks'],
      ['a logo_uri that is not a URL', { name: 'x', logo_uri: 'logo.png' }, 'logo_uri'],
      ['an initiate_login_uri that is not https', { name: 'x', initiate_login_uri: 'http://app.example/login' }, 'initiate_login_uri'],
      ['a par_request_expiry under 10', { name: 'x', par_request_expiry: 5 }, 'par_request_expiry'],
      ['a par_request_expiry over 600', { name: 'x', par_request_expiry: 601 }, 'par_request_expiry'],
      ['an unknown notification channel', { name: 'x', async_approval_notification_channels: ['sms'] }, 'async_approval_notification_channels'],
      ['a resource_server_identifier over 600 characters', { name: 'x', resource_server_identifier: 'r'.repeat(601) }, 'resource_server_identifier'],
    ])('400 invalid_body naming the property for %s (refused by the documented schema too)', async (_, body, property) => {
      expectRequestRejectedByContract('POST', CLIENTS, body);
      const res = await api('POST', CLIENTS, { payload: body });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ errorCode: 'invalid_body', message: expect.stringContaining(`on property ${property}`) });
      expectMatchesContract('POST', CLIENTS, res);
    });

    it.each([
      ['an unknown property', { name: 'x', bogus: 1 }],
      ['no name', { app_type: 'spa' }],
      ['an empty name', { name: '' }],
      ['a name that is not a string', { name: 3 }],
      ['an unknown app_type', { name: 'x', app_type: 'desktop' }],
      ['an unknown jwt_configuration property', { name: 'x', jwt_configuration: { kid: 'k' } }],
      ['a description over 140 characters', { name: 'x', description: 'd'.repeat(141) }],
      ['a JSON array', [{ name: 'x' }]],
    ])('400 invalid_body for %s (refused by the documented schema too)', async (_, body) => {
      expectRequestRejectedByContract('POST', CLIENTS, body);
      const res = await api('POST', CLIENTS, { payload: body });
      expect(res.statusCode).toBe(400);
      expect(res.json().errorCode).toBe('invalid_body');
      expectMatchesContract('POST', CLIENTS, res);
    });

    it.each([
      ['a non-curated property on a strict client', { name: 'x', is_first_party: false, sso: true }, 'sso'],
      ['a grant type strict clients cannot have', { name: 'x', is_first_party: false, grant_types: ['implicit'] }, 'grant_types'],
      ['a wildcard callback on a strict client', { name: 'x', is_first_party: false, callbacks: ['https://*.partner.example/cb'] }, 'callbacks'],
      ['HS256 on a strict client', { name: 'x', is_first_party: false, jwt_configuration: { alg: 'HS256' } }, 'jwt_configuration.alg'],
      ['third_party_security_mode on a first-party client', { name: 'x', third_party_security_mode: 'strict' }, 'third_party_security_mode'],
    ])('400 invalid_body naming the property for %s (a mode rule, beyond the schema)', async (_, body, property) => {
      expectRequestMatchesContract('POST', CLIENTS, 'application/json', body);
      const res = await api('POST', CLIENTS, { payload: body });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ errorCode: 'invalid_body', message: expect.stringContaining(`on property ${property}`) });
      expectMatchesContract('POST', CLIENTS, res);
    });

    it('400 invalid_body for malformed JSON', async () => {
      const res = await api('POST', CLIENTS, { headers: jsonHeaders, payload: '{"name":' });
      expect(res.statusCode).toBe(400);
      expect(res.json().errorCode).toBe('invalid_body');
      expectMatchesContract('POST', CLIENTS, res);
    });

    it('401 missing_authentication without a token', async () => {
      const res = await api('POST', CLIENTS, { bearer: null, payload: { name: 'x' } });
      expect(res.statusCode).toBe(401);
      expectMatchesContract('POST', CLIENTS, res);
    });

    it('403 insufficient_scope without create:clients', async () => {
      const res = await api('POST', CLIENTS, { bearer: await tokenWith('read:clients'), payload: { name: 'x' } });
      expect(res.statusCode).toBe(403);
      expect(res.json()).toMatchObject({ errorCode: 'insufficient_scope', message: 'Insufficient scope, expected any of: create:clients' });
      expectMatchesContract('POST', CLIENTS, res);
    });

    it('403 operation_not_supported for a permissive client in an account that is not eligible', async () => {
      const body = { name: 'x', is_first_party: false, third_party_security_mode: 'permissive' };
      expectRequestMatchesContract('POST', CLIENTS, 'application/json', body);
      const res = await api('POST', CLIENTS, { payload: body });
      expect(res.statusCode).toBe(403);
      expect(res.json().errorCode).toBe('operation_not_supported');
      expectMatchesContract('POST', CLIENTS, res);
    });

    it('413 for a body over 1 MiB', async () => {
      const res = await api('POST', CLIENTS, { headers: jsonHeaders, payload: HUGE });
      expect(res.statusCode).toBe(413);
      expectMatchesContract('POST', CLIENTS, res);
    });

    it('415 for a body the server cannot parse', async () => {
      const res = await api('POST', CLIENTS, { headers: xmlHeaders, payload: '<name>x</name>' });
      expect(res.statusCode).toBe(415);
      expectMatchesContract('POST', CLIENTS, res);
    });
  });

  describe('GET /api/v2/clients/{id}', () => {
    let client: Json;
    beforeAll(async () => {
      client = await newClient({ name: 'get: strict', is_first_party: false, app_type: 'native', callbacks: ['com.partner.app://cb'] });
    });

    it('200: the whole client, with its secret and signing keys for read:client_keys only', async () => {
      const res = await api('GET', `${CLIENTS}/${client.client_id}`);
      expect(res.statusCode).toBe(200);
      expectMatchesContract('GET', CLIENT, res);
      expectSchema('Client', res.json());
      expect(res.json()).toEqual(client);

      const narrow = await api('GET', `${CLIENTS}/${client.client_id}`, { bearer: await tokenWith('read:clients') });
      expect(narrow.statusCode).toBe(200);
      expectMatchesContract('GET', CLIENT, narrow);
      expectSchema('Client', narrow.json());
      expect(client.signing_keys).toEqual([expect.objectContaining({ subject: '/CN=localhost' })]);
      const { client_secret: _secret, signing_keys: _keys, ...withoutKeys } = client;
      expect(narrow.json()).toEqual(withoutKeys);
    });

    it('200: fields keeps (or with include_fields=false drops) the named properties', async () => {
      const kept = await api('GET', `${CLIENTS}/${client.client_id}?fields=client_id,name,no_such_field`);
      expect(kept.statusCode).toBe(200);
      expectMatchesContract('GET', CLIENT, kept);
      expect(kept.json()).toEqual({ client_id: client.client_id, name: client.name });

      const dropped = await api('GET', `${CLIENTS}/${client.client_id}?fields=client_secret,refresh_token&include_fields=false`);
      expect(dropped.statusCode).toBe(200);
      expectMatchesContract('GET', CLIENT, dropped);
      expect(Object.keys(dropped.json()).sort()).toEqual(Object.keys(client).filter((k) => k !== 'client_secret' && k !== 'refresh_token').sort());
    });

    it('400 invalid_query_string for a include_fields that is not a boolean', async () => {
      const res = await api('GET', `${CLIENTS}/${client.client_id}?fields=name&include_fields=maybe`);
      expect(res.statusCode).toBe(400);
      expect(res.json().errorCode).toBe('invalid_query_string');
      expectMatchesContract('GET', CLIENT, res);
    });

    it('401 missing_authentication without a token', async () => {
      const res = await api('GET', `${CLIENTS}/${client.client_id}`, { bearer: null });
      expect(res.statusCode).toBe(401);
      expectMatchesContract('GET', CLIENT, res);
    });

    it('403 insufficient_scope without a read scope', async () => {
      const res = await api('GET', `${CLIENTS}/${client.client_id}`, { bearer: await tokenWith('update:clients') });
      expect(res.statusCode).toBe(403);
      expectMatchesContract('GET', CLIENT, res);
    });

    it('404 inexistent_client for an unknown id', async () => {
      const res = await api('GET', `${CLIENTS}/tpc_0000000000000000000000`);
      expect(res.statusCode).toBe(404);
      expect(res.json().errorCode).toBe('inexistent_client');
      expectMatchesContract('GET', CLIENT, res);
    });
  });

  describe('PATCH /api/v2/clients/{id}', () => {
    let firstParty: Json;
    let strict: Json;
    beforeAll(async () => {
      firstParty = await newClient({ name: 'patch: first-party' });
      strict = await newClient({ name: 'patch: strict', is_first_party: false, app_type: 'regular_web' });
    });

    it('200: sets properties and merges jwt_configuration', async () => {
      const body = { name: 'patch: renamed', callbacks: ['https://app.example/cb'], jwt_configuration: { lifetime_in_seconds: 600 } };
      expectRequestMatchesContract('PATCH', CLIENT, 'application/json', body);
      const res = await api('PATCH', `${CLIENTS}/${firstParty.client_id}`, { payload: body });
      expect(res.statusCode).toBe(200);
      expectMatchesContract('PATCH', CLIENT, res);
      expect(res.json()).toMatchObject({ ...body, jwt_configuration: { lifetime_in_seconds: 600, secret_encoded: false } });
    });

    it('200: repeating a strict client’s own mode is a no-op', async () => {
      const body = { third_party_security_mode: 'strict', description: 'still strict' };
      expectRequestMatchesContract('PATCH', CLIENT, 'application/json', body);
      const res = await api('PATCH', `${CLIENTS}/${strict.client_id}`, { payload: body });
      expect(res.statusCode).toBe(200);
      expectMatchesContract('PATCH', CLIENT, res);
      expect(res.json()).toMatchObject({ client_id: strict.client_id, third_party_security_mode: 'strict', description: 'still strict' });
    });

    it('200: client_secret can be set with update:client_keys', async () => {
      const body = { client_secret: 'a-chosen-secret-of-some-length-0123456789' };
      expectRequestMatchesContract('PATCH', CLIENT, 'application/json', body);
      const res = await api('PATCH', `${CLIENTS}/${firstParty.client_id}`, { payload: body });
      expect(res.statusCode).toBe(200);
      expectMatchesContract('PATCH', CLIENT, res);
      expect(res.json().client_secret).toBe(body.client_secret);
    });

    it('200: null clears a property (and a member of a merged object); the answer omits it', async () => {
      const c = await newClient({
        name: 'patch: clear me',
        organization_usage: 'allow',
        par_request_expiry: 60,
        cross_origin_loc: 'https://app.example/co',
        oidc_logout: { backchannel_logout_urls: ['https://app.example/logout'] },
        client_metadata: { team: 'a', keep: 'b' },
      });
      expect(c).toHaveProperty('oidc_backchannel_logout');
      const body = {
        organization_usage: null,
        par_request_expiry: null,
        cross_origin_loc: null,
        oidc_backchannel_logout: null,
        refresh_token: null,
        token_endpoint_auth_method: null,
        jwt_configuration: { lifetime_in_seconds: null },
        client_metadata: { team: null },
      };
      expectRequestMatchesContract('PATCH', CLIENT, 'application/json', body);
      const res = await api('PATCH', `${CLIENTS}/${c.client_id}`, { payload: body });
      expect(res.statusCode).toBe(200);
      expectMatchesContract('PATCH', CLIENT, res);
      const after = res.json();
      for (const gone of ['organization_usage', 'par_request_expiry', 'cross_origin_loc', 'oidc_logout', 'oidc_backchannel_logout', 'refresh_token']) {
        expect(after).not.toHaveProperty(gone);
      }
      expect(after.jwt_configuration).toEqual({ secret_encoded: false });
      expect(after.client_metadata).toEqual({ keep: 'b' });
      expectSchema('Client', (await api('GET', `${CLIENTS}/${c.client_id}`)).json());
    });

    it('200: switching to key authentication drops the secret', async () => {
      const c = await newClient({ name: 'patch: to keys', app_type: 'non_interactive' });
      expect(c.client_secret).toEqual(expect.any(String));
      const body = { client_authentication_methods: { private_key_jwt: { credentials: [] } } };
      expectRequestMatchesContract('PATCH', CLIENT, 'application/json', body);
      const res = await api('PATCH', `${CLIENTS}/${c.client_id}`, { payload: body });
      expect(res.statusCode).toBe(200);
      expectMatchesContract('PATCH', CLIENT, res);
      expect(res.json()).not.toHaveProperty('client_secret');
    });

    it.each([
      ['an unknown property', { bogus: true }],
      ['a name that is not a string', { name: 42 }],
      ['an unknown refresh_token property', { refresh_token: { lifetime: 1 } }],
      ['an unknown third_party_security_mode', { third_party_security_mode: 'lenient' }],
      ['null for a property that cannot be null', { name: null }],
      ['resource_server_identifier, which only a create takes', { resource_server_identifier: 'https://contract.example/x/' }],
    ])('400 invalid_body for %s (refused by the documented schema too)', async (_, body) => {
      expectRequestRejectedByContract('PATCH', CLIENT, body);
      const res = await api('PATCH', `${CLIENTS}/${firstParty.client_id}`, { payload: body });
      expect(res.statusCode).toBe(400);
      expect(res.json().errorCode).toBe('invalid_body');
      expectMatchesContract('PATCH', CLIENT, res);
    });

    it.each([
      ['making a first-party client third-party', 'firstParty', { is_first_party: false }, 'is_first_party'],
      ['making a third-party client first-party', 'strict', { is_first_party: true }, 'is_first_party'],
      ['changing the mode', 'strict', { third_party_security_mode: 'permissive' }, 'third_party_security_mode'],
      ['a mode on a first-party client', 'firstParty', { third_party_security_mode: 'strict' }, 'third_party_security_mode'],
      ['a non-curated property on a strict client', 'strict', { sso_disabled: true }, 'sso_disabled'],
      ['a fragment in a strict client’s web_origins', 'strict', { web_origins: ['https://partner.example/#x'] }, 'web_origins'],
    ] as const)('400 invalid_body naming the property for %s', async (_, which, body, property) => {
      expectRequestMatchesContract('PATCH', CLIENT, 'application/json', body);
      const id = (which === 'strict' ? strict : firstParty).client_id;
      const res = await api('PATCH', `${CLIENTS}/${id}`, { payload: body });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ errorCode: 'invalid_body', message: expect.stringContaining(`on property ${property}`) });
      expectMatchesContract('PATCH', CLIENT, res);
    });

    it('400 invalid_body for malformed JSON', async () => {
      const res = await api('PATCH', `${CLIENTS}/${firstParty.client_id}`, { headers: jsonHeaders, payload: '{"name":' });
      expect(res.statusCode).toBe(400);
      expectMatchesContract('PATCH', CLIENT, res);
    });

    it('401 missing_authentication without a token', async () => {
      const res = await api('PATCH', `${CLIENTS}/${firstParty.client_id}`, { bearer: null, payload: { name: 'x' } });
      expect(res.statusCode).toBe(401);
      expectMatchesContract('PATCH', CLIENT, res);
    });

    it('403 insufficient_scope without an update scope, and for client_secret without update:client_keys', async () => {
      const readOnly = await api('PATCH', `${CLIENTS}/${firstParty.client_id}`, { bearer: await tokenWith('read:clients'), payload: { name: 'x' } });
      expect(readOnly.statusCode).toBe(403);
      expect(readOnly.json().message).toBe('Insufficient scope, expected any of: update:clients,update:client_keys');
      expectMatchesContract('PATCH', CLIENT, readOnly);

      const secret = await api('PATCH', `${CLIENTS}/${firstParty.client_id}`, {
        bearer: await tokenWith('update:clients'),
        payload: { client_secret: 'another-chosen-secret-0123456789' },
      });
      expect(secret.statusCode).toBe(403);
      expect(secret.json().message).toBe('Insufficient scope, expected any of: update:client_keys');
      expectMatchesContract('PATCH', CLIENT, secret);
    });

    it('404 inexistent_client for an unknown id', async () => {
      const res = await api('PATCH', `${CLIENTS}/unknownclient0000000000000000000`, { payload: { name: 'x' } });
      expect(res.statusCode).toBe(404);
      expectMatchesContract('PATCH', CLIENT, res);
    });

    it('413 for a body over 1 MiB, 415 for one the server cannot parse', async () => {
      const big = await api('PATCH', `${CLIENTS}/${firstParty.client_id}`, { headers: jsonHeaders, payload: HUGE });
      expect(big.statusCode).toBe(413);
      expectMatchesContract('PATCH', CLIENT, big);
      const xml = await api('PATCH', `${CLIENTS}/${firstParty.client_id}`, { headers: xmlHeaders, payload: '<name>x</name>' });
      expect(xml.statusCode).toBe(415);
      expectMatchesContract('PATCH', CLIENT, xml);
    });
  });

  describe('DELETE /api/v2/clients/{id}', () => {
    it('204 without a body; then the client is gone (GET and DELETE: 404)', async () => {
      const c = await newClient({ name: 'delete: me' });
      const res = await api('DELETE', `${CLIENTS}/${c.client_id}`);
      expect(res.statusCode).toBe(204);
      expect(res.body).toBe('');
      expectMatchesContract('DELETE', CLIENT, res);

      const get = await api('GET', `${CLIENTS}/${c.client_id}`);
      expect(get.statusCode).toBe(404);
      expectMatchesContract('GET', CLIENT, get);
      const again = await api('DELETE', `${CLIENTS}/${c.client_id}`);
      expect(again.statusCode).toBe(404);
      expect(again.json().errorCode).toBe('inexistent_client');
      expectMatchesContract('DELETE', CLIENT, again);
    });

    it('400, 413 and 415 when a body is sent that cannot be parsed', async () => {
      const url = `${CLIENTS}/unknownclient0000000000000000000`;
      const bad = await api('DELETE', url, { headers: jsonHeaders, payload: '{not json' });
      expect(bad.statusCode).toBe(400);
      expectMatchesContract('DELETE', CLIENT, bad);
      const big = await api('DELETE', url, { headers: jsonHeaders, payload: HUGE });
      expect(big.statusCode).toBe(413);
      expectMatchesContract('DELETE', CLIENT, big);
      const xml = await api('DELETE', url, { headers: xmlHeaders, payload: '<x/>' });
      expect(xml.statusCode).toBe(415);
      expectMatchesContract('DELETE', CLIENT, xml);
    });

    it('401 without a token, 403 without delete:clients', async () => {
      const c = await newClient({ name: 'delete: guarded' });
      const anonymous = await api('DELETE', `${CLIENTS}/${c.client_id}`, { bearer: null });
      expect(anonymous.statusCode).toBe(401);
      expectMatchesContract('DELETE', CLIENT, anonymous);
      const narrow = await api('DELETE', `${CLIENTS}/${c.client_id}`, { bearer: await tokenWith('read:clients update:clients') });
      expect(narrow.statusCode).toBe(403);
      expect(narrow.json().message).toBe('Insufficient scope, expected any of: delete:clients');
      expectMatchesContract('DELETE', CLIENT, narrow);
      expect((await api('GET', `${CLIENTS}/${c.client_id}`)).statusCode).toBe(200);
    });
  });

  describe('POST /api/v2/clients/{id}/rotate-secret', () => {
    const rotate = (id: string, opts: Parameters<typeof api>[2] = {}) => api('POST', `${CLIENTS}/${id}/rotate-secret`, opts);

    it('200: the whole client with a new secret, even for a token that cannot read keys', async () => {
      const c = await newClient({ name: 'rotate: me', is_first_party: false, app_type: 'regular_web' });
      const res = await rotate(c.client_id, { bearer: await tokenWith('update:client_keys') });
      expect(res.statusCode).toBe(200);
      expectMatchesContract('POST', ROTATE, res);
      expectSchema('Client', res.json());
      const { client_secret: before, ...rest } = c;
      expect(res.json()).toEqual({ ...rest, client_secret: expect.any(String) });
      expect(res.json().client_secret).not.toBe(before);
    });

    it('200: the old secret stops working at once', async () => {
      const c = await newClient({ name: 'rotate: m2m', app_type: 'non_interactive', grant_types: ['client_credentials'] });
      const tokenWithSecret = (secret: string) =>
        t.inject({
          method: 'POST',
          url: TOKEN,
          payload: { grant_type: 'client_credentials', client_id: c.client_id, client_secret: secret, audience: t.main.tenant.managementAudience },
        });
      // The client has no grant on the Management API: a right secret gets access_denied, a wrong one invalid_client.
      expect((await tokenWithSecret(c.client_secret)).json().error).toBe('access_denied');
      const res = await rotate(c.client_id);
      expect(res.statusCode).toBe(200);
      expectMatchesContract('POST', ROTATE, res);
      const old = await tokenWithSecret(c.client_secret);
      expect(old.json().error).toBe('invalid_client');
      expectMatchesContract('POST', TOKEN, old);
      expect((await tokenWithSecret(res.json().client_secret)).json().error).toBe('access_denied');
    });

    it('400, 413 and 415 when a body is sent that cannot be parsed', async () => {
      const bad = await rotate('unknownclient0000000000000000000', { headers: jsonHeaders, payload: '{not json' });
      expect(bad.statusCode).toBe(400);
      expectMatchesContract('POST', ROTATE, bad);
      const big = await rotate('unknownclient0000000000000000000', { headers: jsonHeaders, payload: HUGE });
      expect(big.statusCode).toBe(413);
      expectMatchesContract('POST', ROTATE, big);
      const xml = await rotate('unknownclient0000000000000000000', { headers: xmlHeaders, payload: '<x/>' });
      expect(xml.statusCode).toBe(415);
      expectMatchesContract('POST', ROTATE, xml);
    });

    it('401 without a token', async () => {
      const res = await rotate('unknownclient0000000000000000000', { bearer: null });
      expect(res.statusCode).toBe(401);
      expectMatchesContract('POST', ROTATE, res);
    });

    it('403 insufficient_scope without update:client_keys', async () => {
      const res = await rotate('unknownclient0000000000000000000', { bearer: await tokenWith('update:clients read:client_keys') });
      expect(res.statusCode).toBe(403);
      expect(res.json()).toMatchObject({ errorCode: 'insufficient_scope', message: 'Insufficient scope, expected any of: update:client_keys' });
      expectMatchesContract('POST', ROTATE, res);
    });

    it('403 operation_not_supported for a client using private_key_jwt', async () => {
      const c = await newClient({
        name: 'rotate: pkjwt',
        is_first_party: false,
        app_type: 'regular_web',
        client_authentication_methods: { private_key_jwt: { credentials: [] } },
      });
      const res = await rotate(c.client_id);
      expect(res.statusCode).toBe(403);
      expect(res.json().errorCode).toBe('operation_not_supported');
      expectMatchesContract('POST', ROTATE, res);
    });

    it('404 inexistent_client for an unknown id', async () => {
      const res = await rotate('unknownclient0000000000000000000');
      expect(res.statusCode).toBe(404);
      expectMatchesContract('POST', ROTATE, res);
    });
  });

  describe('/api/v2/tenants/settings', () => {
    it('GET 200: a new tenant reports Auth0\'s defaults, and no unset lifetime, DCR mode or migration toggle', async () => {
      const res = await api('GET', SETTINGS);
      expect(res.statusCode).toBe(200);
      expectMatchesContract('GET', SETTINGS, res);
      expect(res.json()).toMatchObject({
        enabled_locales: ['en'],
        sandbox_version: '22',
        sandbox_versions_available: ['22', '18'],
        resource_parameter_profile: 'audience',
        flags: { enable_dynamic_client_registration: false, enable_sso: true },
      });
      for (const absent of ['session_lifetime', 'idle_session_lifetime', 'dynamic_client_registration_security_mode']) expect(res.json()).not.toHaveProperty(absent);
      expect(res.json().flags).not.toHaveProperty('create_permissive_third_party_clients_by_default');
    });

    it('GET 200 projected with fields/include_fields; 400 invalid_query_string for an unknown parameter', async () => {
      const projected = await api('GET', `${SETTINGS}?fields=friendly_name,flags&include_fields=true`);
      expect(projected.statusCode).toBe(200);
      expect(Object.keys(projected.json()).sort()).toEqual(['flags', 'friendly_name']);
      const bad = await api('GET', `${SETTINGS}?per_page=5`);
      expect(bad.statusCode).toBe(400);
      expect(bad.json().errorCode).toBe('invalid_query_string');
      expectMatchesContract('GET', SETTINGS, bad);
    });

    it('GET 401 without a token, 403 without read:tenant_settings', async () => {
      const anonymous = await api('GET', SETTINGS, { bearer: null });
      expect(anonymous.statusCode).toBe(401);
      expectMatchesContract('GET', SETTINGS, anonymous);
      const narrow = await api('GET', SETTINGS, { bearer: await tokenWith('update:tenant_settings') });
      expect(narrow.statusCode).toBe(403);
      expect(narrow.json().message).toBe('Insufficient scope, expected any of: read:tenant_settings');
      expectMatchesContract('GET', SETTINGS, narrow);
    });

    it('PATCH 200: sets settings, converts minutes to hours and merges flags', async () => {
      const body = {
        friendly_name: 'Contract Co',
        support_email: 'support@contract.example',
        session_lifetime_in_minutes: 90,
        enabled_locales: ['en', 'fr'],
        resource_parameter_profile: 'compatibility',
        dynamic_client_registration_security_mode: 'strict',
        flags: { enable_dynamic_client_registration: true, enable_sso: true },
      };
      expectRequestMatchesContract('PATCH', SETTINGS, 'application/json', body);
      const res = await api('PATCH', SETTINGS, { payload: body });
      expect(res.statusCode).toBe(200);
      expectMatchesContract('PATCH', SETTINGS, res);
      const { session_lifetime_in_minutes: _minutes, ...rest } = body;
      expect(res.json()).toMatchObject({ ...rest, session_lifetime: 1.5, flags: body.flags });

      // A read reports the same settings, with the sandbox versions and without the PATCH-answer flags.
      const read = await api('GET', SETTINGS);
      const { sandbox_versions_available: available, flags: readFlags, ...readRest } = read.json();
      const { flags: patchFlags, ...patchRest } = res.json();
      expect(available).toEqual(['22', '18']);
      expect(readRest).toEqual(patchRest);
      const { cannot_change_enforce_client_authentication_on_passwordless_start: _c, enforce_client_authentication_on_passwordless_start: _e, ...answerFlags } = patchFlags;
      expect(readFlags).toEqual(answerFlags);
      expectMatchesContract('GET', SETTINGS, read);

      // null clears what Auth0's schema lets it clear (terraform sends it for every block it does not manage).
      const nulls = { country_codes: null, default_token_quota: null, mtls: null, skip_non_verifiable_callback_uri_confirmation_prompt: null };
      expectRequestMatchesContract('PATCH', SETTINGS, 'application/json', nulls);
      const cleared = await api('PATCH', SETTINGS, { payload: nulls });
      expect(cleared.statusCode).toBe(200);
      expectMatchesContract('PATCH', SETTINGS, cleared);

      const off = { flags: { enable_dynamic_client_registration: false } };
      expectRequestMatchesContract('PATCH', SETTINGS, 'application/json', off);
      const restored = await api('PATCH', SETTINGS, { payload: off });
      expect(restored.statusCode).toBe(200);
      expect(restored.json().flags).toMatchObject({ enable_dynamic_client_registration: false, enable_sso: true });
      expectMatchesContract('PATCH', SETTINGS, restored);
    });

    it.each([
      ['an unknown property', { bogus: 1 }],
      ['an unknown flag', { flags: { no_such_flag: true } }],
      ['a flag that is not a boolean', { flags: { enable_sso: 'yes' } }],
      ['minutes below 1', { idle_session_lifetime_in_minutes: 0 }],
      ['an unknown resource_parameter_profile', { resource_parameter_profile: 'resource' }],
      ['the migration toggle as a flag', { flags: { create_permissive_third_party_clients_by_default: false } }],
      ['null where Auth0 refuses it', { friendly_name: null }],
      ['hours that are not whole', { session_lifetime: 1.5 }],
      ['an unknown locale', { enabled_locales: ['xx'] }],
      ['no property at all', {}],
    ])('PATCH 400 invalid_body for %s (refused by the documented schema too)', async (_, body) => {
      expectRequestRejectedByContract('PATCH', SETTINGS, body);
      const res = await api('PATCH', SETTINGS, { payload: body });
      expect(res.statusCode).toBe(400);
      expect(res.json().errorCode).toBe('invalid_body');
      expectMatchesContract('PATCH', SETTINGS, res);
    });

    it.each([
      ['permissive DCR for an account that is not eligible', { dynamic_client_registration_security_mode: 'permissive' }, 'dynamic_client_registration_security_mode'],
    ])('PATCH 400 invalid_body naming the property for %s', async (_, body, property) => {
      expectRequestMatchesContract('PATCH', SETTINGS, 'application/json', body);
      const res = await api('PATCH', SETTINGS, { payload: body });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ errorCode: 'invalid_body', message: expect.stringContaining(`on property ${property}`) });
      expectMatchesContract('PATCH', SETTINGS, res);
    });

    it('PATCH 400 for malformed JSON, 413 over 1 MiB, 415 for an unparseable type', async () => {
      const bad = await api('PATCH', SETTINGS, { headers: jsonHeaders, payload: '{"friendly_name":' });
      expect(bad.statusCode).toBe(400);
      expectMatchesContract('PATCH', SETTINGS, bad);
      const big = await api('PATCH', SETTINGS, { headers: jsonHeaders, payload: HUGE });
      expect(big.statusCode).toBe(413);
      expectMatchesContract('PATCH', SETTINGS, big);
      const xml = await api('PATCH', SETTINGS, { headers: xmlHeaders, payload: '<friendly_name/>' });
      expect(xml.statusCode).toBe(415);
      expectMatchesContract('PATCH', SETTINGS, xml);
    });

    it('PATCH 401 without a token, 403 without update:tenant_settings', async () => {
      const anonymous = await api('PATCH', SETTINGS, { bearer: null, payload: { friendly_name: 'x' } });
      expect(anonymous.statusCode).toBe(401);
      expectMatchesContract('PATCH', SETTINGS, anonymous);
      const narrow = await api('PATCH', SETTINGS, { bearer: await tokenWith('read:tenant_settings'), payload: { friendly_name: 'x' } });
      expect(narrow.statusCode).toBe(403);
      expect(narrow.json().message).toBe('Insufficient scope, expected any of: update:tenant_settings');
      expectMatchesContract('PATCH', SETTINGS, narrow);
    });
  });

  describe('/ext/v1/migrations', () => {
    const on = { create_permissive_third_party_clients_by_default: true };
    const off = { create_permissive_third_party_clients_by_default: false };

    it('GET 200: the toggle as it takes effect (false: an ineligible account, after the flip)', async () => {
      const res = await api('GET', MIGRATIONS);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual(off);
      expectMatchesContract('GET', MIGRATIONS, res);
    });

    it('GET 401 without a token, 403 without read:tenant_settings', async () => {
      const anonymous = await api('GET', MIGRATIONS, { bearer: null });
      expect(anonymous.statusCode).toBe(401);
      expectMatchesContract('GET', MIGRATIONS, anonymous);
      const narrow = await api('GET', MIGRATIONS, { bearer: await tokenWith('update:tenant_settings') });
      expect(narrow.statusCode).toBe(403);
      expect(narrow.json().message).toBe('Insufficient scope, expected any of: read:tenant_settings');
      expectMatchesContract('GET', MIGRATIONS, narrow);
    });

    it('PATCH 200: turning it off is always accepted', async () => {
      expectRequestMatchesContract('PATCH', MIGRATIONS, 'application/json', off);
      const res = await api('PATCH', MIGRATIONS, { payload: off });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual(off);
      expectMatchesContract('PATCH', MIGRATIONS, res);
    });

    it('PATCH 400 invalid_body naming the toggle when it cannot be turned on (ineligible account, after the flip)', async () => {
      expectRequestMatchesContract('PATCH', MIGRATIONS, 'application/json', on);
      const res = await api('PATCH', MIGRATIONS, { payload: on });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ errorCode: 'invalid_body', message: expect.stringContaining('on property create_permissive_third_party_clients_by_default') });
      expectMatchesContract('PATCH', MIGRATIONS, res);
    });

    it.each([
      ['an empty body', {}],
      ['an unknown property', { ...off, bogus: 1 }],
      ['a value that is not a boolean', { create_permissive_third_party_clients_by_default: 'no' }],
    ])('PATCH 400 invalid_body for %s (refused by the documented schema too)', async (_, body) => {
      expectRequestRejectedByContract('PATCH', MIGRATIONS, body);
      const res = await api('PATCH', MIGRATIONS, { payload: body });
      expect(res.statusCode).toBe(400);
      expect(res.json().errorCode).toBe('invalid_body');
      expectMatchesContract('PATCH', MIGRATIONS, res);
    });

    it('PATCH 413 over 1 MiB, 415 for an unparseable type', async () => {
      const big = await api('PATCH', MIGRATIONS, { headers: jsonHeaders, payload: HUGE });
      expect(big.statusCode).toBe(413);
      expectMatchesContract('PATCH', MIGRATIONS, big);
      const xml = await api('PATCH', MIGRATIONS, { headers: xmlHeaders, payload: '<off/>' });
      expect(xml.statusCode).toBe(415);
      expectMatchesContract('PATCH', MIGRATIONS, xml);
    });

    it('PATCH 401 without a token, 403 without update:tenant_settings', async () => {
      const anonymous = await api('PATCH', MIGRATIONS, { bearer: null, payload: off });
      expect(anonymous.statusCode).toBe(401);
      expectMatchesContract('PATCH', MIGRATIONS, anonymous);
      const narrow = await api('PATCH', MIGRATIONS, { bearer: await tokenWith('read:tenant_settings'), payload: off });
      expect(narrow.statusCode).toBe(403);
      expect(narrow.json().message).toBe('Insufficient scope, expected any of: update:tenant_settings');
      expectMatchesContract('PATCH', MIGRATIONS, narrow);
    });
  });

  describe('GET /api/v2/resource-servers', () => {
    let custom: Json;
    let other: Json;
    beforeAll(async () => {
      custom = await newApi({ identifier: 'https://contract.example/list/', name: 'list: custom', scopes: [{ value: 'read:list', description: 'Read the list' }] });
      other = await newApi({ identifier: 'urn:contract:list-other' });
    });

    it('200: a bare array holding the system API (the My Account API is not activated yet) and the custom ones', async () => {
      const res = await api('GET', `${APIS}?per_page=100`);
      expect(res.statusCode).toBe(200);
      expectMatchesContract('GET', APIS, res);
      const list = res.json() as Json[];
      list.forEach((a) => expectSchema('ResourceServer', a));
      const system = list.filter((a) => a.is_system);
      expect(system.map((a) => a.name).sort()).toEqual(['Auth0 Management API']);
      const management = system.find((a) => a.name === 'Auth0 Management API')!;
      expect(management.identifier).toBe(t.main.tenant.managementAudience);
      expect(management.scopes.map((s: Json) => s.value).sort()).toEqual([...MANAGEMENT_API_SCOPES].sort());
      expect(list).toEqual(expect.arrayContaining([custom, other]));
    });

    it('200: include_totals=true answers exactly {start, limit, total, resource_servers}; a page past the end is empty', async () => {
      const res = await api('GET', `${APIS}?include_totals=true&page=0&per_page=2`);
      expect(res.statusCode).toBe(200);
      expectMatchesContract('GET', APIS, res);
      const body = res.json();
      expect(Object.keys(body).sort()).toEqual(['limit', 'resource_servers', 'start', 'total']);
      expect(body).toMatchObject({ start: 0, limit: 2 });
      expect(body.total).toBeGreaterThanOrEqual(3); // the Management API and the two custom ones
      expect(body.resource_servers).toHaveLength(2);
      body.resource_servers.forEach((a: Json) => expectSchema('ResourceServer', a));

      const past = await api('GET', `${APIS}?include_totals=true&page=1000&per_page=100`);
      expect(past.statusCode).toBe(200);
      expect(past.json()).toEqual({ start: 100000, limit: 100, total: body.total, resource_servers: [] });
      expectMatchesContract('GET', APIS, past);
    });

    it('200: checkpoint pages walk the list in order (include_totals ignored) and the last one has no next', async () => {
      const all = ((await api('GET', `${APIS}?per_page=100`)).json() as Json[]).map((a) => a.id);
      const seen: string[] = [];
      let url = `${APIS}?take=1&include_totals=true`;
      for (let i = 0; i < 60; i++) {
        const res = await api('GET', url);
        expect(res.statusCode).toBe(200);
        expectMatchesContract('GET', APIS, res);
        const body = res.json();
        expect(body).not.toHaveProperty('total');
        body.resource_servers.forEach((a: Json) => expectSchema('ResourceServer', a));
        seen.push(...body.resource_servers.map((a: Json) => a.id));
        if (!body.next) break;
        url = `${APIS}?take=1&from=${encodeURIComponent(body.next)}`;
      }
      expect(seen).toEqual(all);
    });

    it('200: with checkpoint and offset parameters both sent, checkpoint wins and the others are ignored', async () => {
      const res = await api('GET', `${APIS}?include_totals=true&page=3&per_page=50&take=2`);
      expect(res.statusCode).toBe(200);
      expectMatchesContract('GET', APIS, res);
      const body = res.json();
      expect(Object.keys(body).filter((k) => k !== 'next')).toEqual(['resource_servers']);
      expect(body.resource_servers).toHaveLength(2);
      expect(body.next).toEqual(expect.any(String));
    });

    it('200: identifiers (repeated or comma-separated) filters, fields projects', async () => {
      const repeated = await api('GET', `${APIS}?identifiers=${encodeURIComponent(custom.identifier)}&identifiers=${encodeURIComponent(other.identifier)}`);
      expect(repeated.statusCode).toBe(200);
      expectMatchesContract('GET', APIS, repeated);
      // Items created within the same millisecond are ordered by id: compare as sets.
      expect(byId(repeated.json())).toEqual(byId([custom, other]));

      const comma = await api('GET', `${APIS}?identifiers=${encodeURIComponent(`${other.identifier},urn:contract:nothing`)}&fields=id,identifier`);
      expect(comma.statusCode).toBe(200);
      expectMatchesContract('GET', APIS, comma);
      expect(comma.json()).toEqual([{ id: other.id, identifier: other.identifier }]);

      const dropped = await api('GET', `${APIS}?fields=scopes,subject_type_authorization&include_fields=false`);
      expect(dropped.statusCode).toBe(200);
      expectMatchesContract('GET', APIS, dropped);
      for (const a of dropped.json() as Json[]) {
        expect(a).not.toHaveProperty('scopes');
        expect(a).not.toHaveProperty('subject_type_authorization');
        expect(a).toHaveProperty('identifier');
      }
    });

    it.each([
      'bogus=1',
      'per_page=0',
      'per_page=101',
      'page=-1',
      'take=0',
      'take=101',
      'from=not-a-checkpoint',
      'take=2&page=-1',
      'include_totals=maybe',
      'include_fields=perhaps&fields=name',
    ])('400 invalid_query_string for ?%s', async (query) => {
      const res = await api('GET', `${APIS}?${query}`);
      expect(res.statusCode).toBe(400);
      expect(res.json().errorCode).toBe('invalid_query_string');
      expectMatchesContract('GET', APIS, res);
    });

    it('401 without a token, 403 without read:resource_servers', async () => {
      const anonymous = await api('GET', APIS, { bearer: null });
      expect(anonymous.statusCode).toBe(401);
      expectMatchesContract('GET', APIS, anonymous);
      const narrow = await api('GET', APIS, { bearer: await tokenWith('read:clients read:client_grants') });
      expect(narrow.statusCode).toBe(403);
      expect(narrow.json().message).toBe('Insufficient scope, expected any of: read:resource_servers');
      expectMatchesContract('GET', APIS, narrow);
    });
  });

  describe('POST /api/v2/resource-servers', () => {
    it('201: https://{domain}/me/ activates the My Account API, a system API; 403 for what a system API refuses', async () => {
      const identifier = `https://${t.main.tenant.domain}/me/`;
      const refused = { identifier, scopes: [{ value: 'read:me' }] };
      expectRequestMatchesContract('POST', APIS, 'application/json', refused);
      const no = await api('POST', APIS, { payload: refused });
      expect(no.statusCode).toBe(403);
      expect(no.json().errorCode).toBe('operation_not_supported');
      expectMatchesContract('POST', APIS, no);

      const body = { identifier, name: 'My Account', token_lifetime: 900 };
      expectRequestMatchesContract('POST', APIS, 'application/json', body);
      const res = await api('POST', APIS, { payload: body });
      expect(res.statusCode).toBe(201);
      expectMatchesContract('POST', APIS, res);
      expect(res.json()).toMatchObject({
        name: 'Auth0 My Account API',
        identifier,
        is_system: true,
        token_lifetime: 900,
        subject_type_authorization: { user: { policy: 'require_client_grant' }, client: { policy: 'deny_all' } },
      });
    });

    it("201: only an identifier, with Auth0's defaults and a 24-hex id", async () => {
      const body = { identifier: 'urn:contract:create-minimal' };
      expectRequestMatchesContract('POST', APIS, 'application/json', body);
      const res = await api('POST', APIS, { payload: body });
      expect(res.statusCode).toBe(201);
      expectMatchesContract('POST', APIS, res);
      expect(res.json()).toEqual({
        id: expect.stringMatching(/^[0-9a-f]{24}$/),
        name: body.identifier,
        identifier: body.identifier,
        signing_alg: 'RS256',
        token_lifetime: 86400,
        token_lifetime_for_web: 7200,
        allow_offline_access: false,
        skip_consent_for_verifiable_first_party_clients: false,
        subject_type_authorization: { user: { policy: 'allow_all' }, client: { policy: 'require_client_grant' } },
      });
    });

    it('201: every settable property; signing_secret and the token_encryption PEM are never returned; one policy keeps the other’s default', async () => {
      const body = {
        identifier: 'https://contract.example/create-full/',
        name: 'create: full',
        scopes: [{ value: 'read:full', description: 'Read everything' }, { value: 'write:full' }],
        signing_alg: 'HS256',
        signing_secret: 'a-signing-secret-of-some-length',
        allow_offline_access: true,
        allow_online_access: true,
        allow_online_access_with_ephemeral_sessions: false,
        token_lifetime: 3600,
        token_lifetime_for_web: 600,
        token_lifetime_for_anonymous_access_tokens: 300,
        skip_consent_for_verifiable_first_party_clients: true,
        enforce_policies: true,
        token_dialect: 'rfc9068_profile',
        subject_type_authorization: { user: { policy: 'require_client_grant' } },
        consent_policy: 'transactional-authorization-with-mfa',
        authorization_details: [{ type: 'payment_initiation' }],
        proof_of_possession: { mechanism: 'dpop', required: true, required_for: 'public_clients' },
        token_encryption: {
          format: 'compact-nested-jwe',
          encryption_key: { name: 'enc', alg: 'RSA-OAEP-256', kid: 'k1', pem: '-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----\n' },
        },
        authorization_policy: { policy_id: 'pol_1' },
      };
      expectRequestMatchesContract('POST', APIS, 'application/json', body);
      const res = await api('POST', APIS, { payload: body });
      expect(res.statusCode).toBe(201);
      expectMatchesContract('POST', APIS, res);
      const { signing_secret: _secret, ...visible } = body;
      expect(res.json()).toEqual({
        ...visible,
        id: expect.stringMatching(/^[0-9a-f]{24}$/),
        subject_type_authorization: { user: { policy: 'require_client_grant' }, client: { policy: 'require_client_grant' } },
        token_encryption: { format: 'compact-nested-jwe', encryption_key: { name: 'enc', alg: 'RSA-OAEP-256', kid: 'k1' } },
      });
      expect(JSON.stringify((await api('GET', `${APIS}/${res.json().id}`)).json())).not.toContain('BEGIN PUBLIC KEY');
    });

    it('201: a null where Auth0 allows one means "not set"', async () => {
      const body = { identifier: 'urn:contract:create-nulls', consent_policy: null, token_encryption: null, proof_of_possession: null, authorization_details: null };
      expectRequestMatchesContract('POST', APIS, 'application/json', body);
      const res = await api('POST', APIS, { payload: body });
      expect(res.statusCode).toBe(201);
      expectMatchesContract('POST', APIS, res);
      for (const k of ['consent_policy', 'token_encryption', 'proof_of_possession', 'authorization_details']) expect(res.json()).not.toHaveProperty(k);
    });

    it.each([
      ['an unknown property', { identifier: 'urn:contract:bad', bogus: 1 }],
      ['no identifier', { name: 'no identifier' }],
      ['an empty identifier', { identifier: '' }],
      ['a token_lifetime of 0', { identifier: 'urn:contract:bad', token_lifetime: 0 }],
      ['a token_lifetime over 30 days', { identifier: 'urn:contract:bad', token_lifetime: 2592001 }],
      ['an unknown signing_alg', { identifier: 'urn:contract:bad', signing_alg: 'none' }],
      ['a scope without a value', { identifier: 'urn:contract:bad', scopes: [{ description: 'nameless' }] }],
      ['an unknown property in a scope', { identifier: 'urn:contract:bad', scopes: [{ value: 'read:x', label: 'x' }] }],
      ['an unknown user policy', { identifier: 'urn:contract:bad', subject_type_authorization: { user: { policy: 'allow_some' } } }],
      ['a name with < or >', { identifier: 'urn:contract:bad', name: '<b>api</b>' }],
      ['a signing_secret under 16 characters', { identifier: 'urn:contract:bad', signing_secret: 'short' }],
      ['allow_online_access that is not a boolean', { identifier: 'urn:contract:bad', allow_online_access: 'yes' }],
      ['an unknown consent_policy', { identifier: 'urn:contract:bad', consent_policy: 'always' }],
      ['a proof_of_possession without required', { identifier: 'urn:contract:bad', proof_of_possession: { mechanism: 'dpop' } }],
      ['a token_encryption key without its pem', { identifier: 'urn:contract:bad', token_encryption: { format: 'compact-nested-jwe', encryption_key: { alg: 'RSA-OAEP-256' } } }],
      ['an unknown token_encryption alg', { identifier: 'urn:contract:bad', token_encryption: { format: 'compact-nested-jwe', encryption_key: { alg: 'RSA1_5', pem: 'x' } } }],
      ['an authorization_policy without policy_id', { identifier: 'urn:contract:bad', authorization_policy: {} }],
      ['a null name', { identifier: 'urn:contract:bad', name: null }],
      ['allow_all as the client policy', { identifier: 'urn:contract:bad', subject_type_authorization: { client: { policy: 'allow_all' } } }],
      ['a JSON array', [{ identifier: 'urn:contract:bad' }]],
    ])('400 invalid_body for %s (refused by the documented schema too)', async (_, body) => {
      expectRequestRejectedByContract('POST', APIS, body);
      const res = await api('POST', APIS, { payload: body });
      expect(res.statusCode).toBe(400);
      expect(res.json().errorCode).toBe('invalid_body');
      expectMatchesContract('POST', APIS, res);
    });

    it('400 for malformed JSON, 413 over 1 MiB, 415 for an unparseable type', async () => {
      const bad = await api('POST', APIS, { headers: jsonHeaders, payload: '{"identifier":' });
      expect(bad.statusCode).toBe(400);
      expectMatchesContract('POST', APIS, bad);
      const big = await api('POST', APIS, { headers: jsonHeaders, payload: HUGE });
      expect(big.statusCode).toBe(413);
      expectMatchesContract('POST', APIS, big);
      const xml = await api('POST', APIS, { headers: xmlHeaders, payload: '<identifier/>' });
      expect(xml.statusCode).toBe(415);
      expectMatchesContract('POST', APIS, xml);
    });

    it('401 without a token, 403 without create:resource_servers', async () => {
      const body = { identifier: 'urn:contract:guarded' };
      const anonymous = await api('POST', APIS, { bearer: null, payload: body });
      expect(anonymous.statusCode).toBe(401);
      expectMatchesContract('POST', APIS, anonymous);
      const narrow = await api('POST', APIS, { bearer: await tokenWith('read:resource_servers update:resource_servers'), payload: body });
      expect(narrow.statusCode).toBe(403);
      expect(narrow.json().message).toBe('Insufficient scope, expected any of: create:resource_servers');
      expectMatchesContract('POST', APIS, narrow);
    });

    it('409 conflict for an identifier already taken, a system API’s included', async () => {
      const first = await newApi({ identifier: 'urn:contract:taken' });
      for (const identifier of [first.identifier, t.main.tenant.managementAudience]) {
        const res = await api('POST', APIS, { payload: { identifier, name: 'again' } });
        expect(res.statusCode).toBe(409);
        expect(res.json()).toMatchObject({ errorCode: 'conflict', message: expect.stringContaining(identifier) });
        expectMatchesContract('POST', APIS, res);
      }
    });
  });

  describe('GET /api/v2/resource-servers/{id}', () => {
    let custom: Json;
    beforeAll(async () => {
      custom = await newApi({ identifier: 'https://contract.example/get/', scopes: [{ value: 'read:get' }] });
    });

    it('200: by id, and by URL-encoded identifier', async () => {
      const byId = await api('GET', `${APIS}/${custom.id}`);
      expect(byId.statusCode).toBe(200);
      expectMatchesContract('GET', API, byId);
      expectSchema('ResourceServer', byId.json());
      expect(byId.json()).toEqual(custom);

      const byIdentifier = await api('GET', `${APIS}/${encodeURIComponent(custom.identifier)}`);
      expect(byIdentifier.statusCode).toBe(200);
      expectMatchesContract('GET', API, byIdentifier);
      expect(byIdentifier.json()).toEqual(custom);

      const system = await api('GET', `${APIS}/${encodeURIComponent(t.main.tenant.managementAudience)}`);
      expect(system.statusCode).toBe(200);
      expectMatchesContract('GET', API, system);
      expect(system.json()).toMatchObject({ name: 'Auth0 Management API', is_system: true });
    });

    it('200: fields keeps (or with include_fields=false drops) the named properties', async () => {
      const kept = await api('GET', `${APIS}/${custom.id}?fields=id,identifier,no_such_field`);
      expect(kept.statusCode).toBe(200);
      expectMatchesContract('GET', API, kept);
      expect(kept.json()).toEqual({ id: custom.id, identifier: custom.identifier });

      const dropped = await api('GET', `${APIS}/${custom.id}?fields=scopes&include_fields=false`);
      expect(dropped.statusCode).toBe(200);
      expectMatchesContract('GET', API, dropped);
      const { scopes: _scopes, ...rest } = custom;
      expect(dropped.json()).toEqual(rest);
    });

    it('400 invalid_query_string for an include_fields that is not a boolean', async () => {
      const res = await api('GET', `${APIS}/${custom.id}?fields=name&include_fields=maybe`);
      expect(res.statusCode).toBe(400);
      expect(res.json().errorCode).toBe('invalid_query_string');
      expectMatchesContract('GET', API, res);
    });

    it('401 without a token, 403 without read:resource_servers', async () => {
      const anonymous = await api('GET', `${APIS}/${custom.id}`, { bearer: null });
      expect(anonymous.statusCode).toBe(401);
      expectMatchesContract('GET', API, anonymous);
      const narrow = await api('GET', `${APIS}/${custom.id}`, { bearer: await tokenWith('update:resource_servers') });
      expect(narrow.statusCode).toBe(403);
      expect(narrow.json().message).toBe('Insufficient scope, expected any of: read:resource_servers');
      expectMatchesContract('GET', API, narrow);
    });

    it.each([
      ['an unknown id', '000000000000000000000000'],
      ['an unknown identifier', encodeURIComponent('https://contract.example/nowhere/')],
    ])('404 inexistent_resource_server for %s', async (_, id) => {
      const res = await api('GET', `${APIS}/${id}`);
      expect(res.statusCode).toBe(404);
      expect(res.json().errorCode).toBe('inexistent_resource_server');
      expectMatchesContract('GET', API, res);
    });
  });

  describe('PATCH /api/v2/resource-servers/{id}', () => {
    let custom: Json;
    let myAccount: Json;
    beforeAll(async () => {
      custom = await newApi({ identifier: 'https://contract.example/patch/', scopes: [{ value: 'read:patch' }] });
      // Activated by the POST suite above (or here, when run alone).
      myAccount =
        ((await api('GET', `${APIS}?per_page=100`)).json() as Json[]).find((a) => a.name === 'Auth0 My Account API') ??
        (await newApi({ identifier: `https://${t.main.tenant.domain}/me/` }));
    });

    it('200: replaces scopes, renames, and sets one policy keeping the other', async () => {
      const body = {
        name: 'patch: renamed',
        scopes: [{ value: 'read:patched', description: 'Read' }],
        subject_type_authorization: { client: { policy: 'deny_all' } },
      };
      expectRequestMatchesContract('PATCH', API, 'application/json', body);
      const res = await api('PATCH', `${APIS}/${custom.id}`, { payload: body });
      expect(res.statusCode).toBe(200);
      expectMatchesContract('PATCH', API, res);
      expect(res.json()).toEqual({
        ...custom,
        ...body,
        subject_type_authorization: { user: { policy: 'allow_all' }, client: { policy: 'deny_all' } },
      });
      const read = await api('GET', `${APIS}/${custom.id}`);
      expect(read.json()).toEqual(res.json());
    });

    it('200: null clears the properties Auth0 lets be null; new properties are stored and echoed', async () => {
      const set = {
        allow_online_access: true,
        consent_policy: 'transactional-authorization-with-mfa',
        proof_of_possession: { mechanism: 'mtls', required: false },
        authorization_details: [{ type: 'x' }],
        token_lifetime_for_anonymous_access_tokens: 120,
      };
      expectRequestMatchesContract('PATCH', API, 'application/json', set);
      const withAll = await api('PATCH', `${APIS}/${custom.id}`, { payload: set });
      expect(withAll.statusCode).toBe(200);
      expectMatchesContract('PATCH', API, withAll);
      expect(withAll.json()).toMatchObject(set);

      const clear = { consent_policy: null, proof_of_possession: null, authorization_details: null, token_lifetime_for_anonymous_access_tokens: null, token_encryption: null };
      expectRequestMatchesContract('PATCH', API, 'application/json', clear);
      const cleared = await api('PATCH', `${APIS}/${custom.id}`, { payload: clear });
      expect(cleared.statusCode).toBe(200);
      expectMatchesContract('PATCH', API, cleared);
      for (const k of Object.keys(clear)) expect(cleared.json()).not.toHaveProperty(k);
      expect(cleared.json()).toMatchObject({ allow_online_access: true });
      expect((await api('GET', `${APIS}/${custom.id}`)).json()).toEqual(cleared.json());
    });

    it.each(['scopes', 'name', 'allow_online_access', 'token_lifetime', 'subject_type_authorization'])(
      '400 invalid_body naming %s for a null Auth0 refuses',
      async (property) => {
        const body = { [property]: null };
        expectRequestRejectedByContract('PATCH', API, body);
        const res = await api('PATCH', `${APIS}/${custom.id}`, { payload: body });
        expect(res.statusCode).toBe(400);
        expect(res.json()).toMatchObject({ errorCode: 'invalid_body', message: expect.stringContaining(`on property ${property}`) });
        expectMatchesContract('PATCH', API, res);
      },
    );

    it('200: by URL-encoded identifier, and an empty body changes nothing', async () => {
      const before = (await api('GET', `${APIS}/${custom.id}`)).json();
      const res = await api('PATCH', `${APIS}/${encodeURIComponent(custom.identifier)}`, { payload: {} });
      expect(res.statusCode).toBe(200);
      expectMatchesContract('PATCH', API, res);
      expect(res.json()).toEqual(before);
    });

    it('200: a system API takes the updates Auth0 allows', async () => {
      const body = { token_lifetime: 900, token_lifetime_for_web: 300, skip_consent_for_verifiable_first_party_clients: true };
      expectRequestMatchesContract('PATCH', API, 'application/json', body);
      const res = await api('PATCH', `${APIS}/${myAccount.id}`, { payload: body });
      expect(res.statusCode).toBe(200);
      expectMatchesContract('PATCH', API, res);
      expect(res.json()).toEqual({ ...myAccount, ...body });
    });

    it.each([
      ['the identifier', { identifier: 'https://contract.example/moved/' }],
      ['an unknown property', { bogus: true }],
      ['a name that is not a string', { name: 7 }],
      ['a token_lifetime_for_web over 30 days', { token_lifetime_for_web: 2592001 }],
      ['an unknown client policy', { subject_type_authorization: { client: { policy: 'allow_all' } } }],
    ])('400 invalid_body for %s (refused by the documented schema too)', async (_, body) => {
      expectRequestRejectedByContract('PATCH', API, body);
      const res = await api('PATCH', `${APIS}/${custom.id}`, { payload: body });
      expect(res.statusCode).toBe(400);
      expect(res.json().errorCode).toBe('invalid_body');
      expectMatchesContract('PATCH', API, res);
    });

    it('400 for malformed JSON, 413 over 1 MiB, 415 for an unparseable type', async () => {
      const bad = await api('PATCH', `${APIS}/${custom.id}`, { headers: jsonHeaders, payload: '{"name":' });
      expect(bad.statusCode).toBe(400);
      expectMatchesContract('PATCH', API, bad);
      const big = await api('PATCH', `${APIS}/${custom.id}`, { headers: jsonHeaders, payload: HUGE });
      expect(big.statusCode).toBe(413);
      expectMatchesContract('PATCH', API, big);
      const xml = await api('PATCH', `${APIS}/${custom.id}`, { headers: xmlHeaders, payload: '<name/>' });
      expect(xml.statusCode).toBe(415);
      expectMatchesContract('PATCH', API, xml);
    });

    it('401 without a token, 403 insufficient_scope without update:resource_servers', async () => {
      const anonymous = await api('PATCH', `${APIS}/${custom.id}`, { bearer: null, payload: { name: 'x' } });
      expect(anonymous.statusCode).toBe(401);
      expectMatchesContract('PATCH', API, anonymous);
      const narrow = await api('PATCH', `${APIS}/${custom.id}`, { bearer: await tokenWith('read:resource_servers'), payload: { name: 'x' } });
      expect(narrow.statusCode).toBe(403);
      expect(narrow.json().message).toBe('Insufficient scope, expected any of: update:resource_servers');
      expectMatchesContract('PATCH', API, narrow);
    });

    it('403 operation_not_supported for a system API change Auth0 does not allow, naming what is allowed; nothing changes', async () => {
      const management = (await api('GET', `${APIS}/${encodeURIComponent(t.main.tenant.managementAudience)}`)).json();
      const body = { name: 'My management API', token_lifetime: 60 };
      expectRequestMatchesContract('PATCH', API, 'application/json', body);
      const res = await api('PATCH', `${APIS}/${management.id}`, { payload: body });
      expect(res.statusCode).toBe(403);
      expect(res.json().errorCode).toBe('operation_not_supported');
      for (const p of SYSTEM_API_UPDATABLE) expect(res.json().message).toContain(p);
      expectMatchesContract('PATCH', API, res);
      expect((await api('GET', `${APIS}/${management.id}`)).json()).toEqual(management);
    });

    it('404 inexistent_resource_server for an unknown id', async () => {
      const res = await api('PATCH', `${APIS}/000000000000000000000000`, { payload: { name: 'x' } });
      expect(res.statusCode).toBe(404);
      expect(res.json().errorCode).toBe('inexistent_resource_server');
      expectMatchesContract('PATCH', API, res);
    });
  });

  describe('DELETE /api/v2/resource-servers/{id}', () => {
    it('204 without a body, and the API’s client grants go with it; then 404', async () => {
      const doomed = await newApi({ identifier: 'https://contract.example/doomed/', scopes: [{ value: 'read:doomed' }] });
      const client = await newClient({ name: 'delete api: m2m', app_type: 'non_interactive', grant_types: ['client_credentials'] });
      const grant = await newGrant({ client_id: client.client_id, audience: doomed.identifier, scope: ['read:doomed'] });

      const res = await api('DELETE', `${APIS}/${doomed.id}`);
      expect(res.statusCode).toBe(204);
      expect(res.body).toBe('');
      expectMatchesContract('DELETE', API, res);

      const gone = await api('GET', `${GRANTS}/${grant.id}`);
      expect(gone.statusCode).toBe(404);
      expectMatchesContract('GET', GRANT, gone);
      const again = await api('DELETE', `${APIS}/${doomed.id}`);
      expect(again.statusCode).toBe(404);
      expect(again.json().errorCode).toBe('inexistent_resource_server');
      expectMatchesContract('DELETE', API, again);
    });

    it('204 by URL-encoded identifier', async () => {
      const doomed = await newApi({ identifier: 'https://contract.example/doomed-by-identifier/' });
      const res = await api('DELETE', `${APIS}/${encodeURIComponent(doomed.identifier)}`);
      expect(res.statusCode).toBe(204);
      expectMatchesContract('DELETE', API, res);
      expect((await api('GET', `${APIS}/${doomed.id}`)).statusCode).toBe(404);
    });

    it('400, 413 and 415 when a body is sent that cannot be parsed', async () => {
      const url = `${APIS}/000000000000000000000000`;
      const bad = await api('DELETE', url, { headers: jsonHeaders, payload: '{not json' });
      expect(bad.statusCode).toBe(400);
      expectMatchesContract('DELETE', API, bad);
      const big = await api('DELETE', url, { headers: jsonHeaders, payload: HUGE });
      expect(big.statusCode).toBe(413);
      expectMatchesContract('DELETE', API, big);
      const xml = await api('DELETE', url, { headers: xmlHeaders, payload: '<x/>' });
      expect(xml.statusCode).toBe(415);
      expectMatchesContract('DELETE', API, xml);
    });

    it('401 without a token, 403 without delete:resource_servers', async () => {
      const kept = await newApi({ identifier: 'urn:contract:delete-guarded' });
      const anonymous = await api('DELETE', `${APIS}/${kept.id}`, { bearer: null });
      expect(anonymous.statusCode).toBe(401);
      expectMatchesContract('DELETE', API, anonymous);
      const narrow = await api('DELETE', `${APIS}/${kept.id}`, { bearer: await tokenWith('read:resource_servers update:resource_servers') });
      expect(narrow.statusCode).toBe(403);
      expect(narrow.json().message).toBe('Insufficient scope, expected any of: delete:resource_servers');
      expectMatchesContract('DELETE', API, narrow);
      expect((await api('GET', `${APIS}/${kept.id}`)).statusCode).toBe(200);
    });

    it.each(['Auth0 Management API', 'Auth0 My Account API'])('403 operation_not_supported for the system API %s', async (name) => {
      const system = ((await api('GET', `${APIS}?per_page=100`)).json() as Json[]).find((a) => a.name === name)!;
      const res = await api('DELETE', `${APIS}/${system.id}`);
      expect(res.statusCode).toBe(403);
      expect(res.json().errorCode).toBe('operation_not_supported');
      expectMatchesContract('DELETE', API, res);
      expect((await api('GET', `${APIS}/${system.id}`)).statusCode).toBe(200);
    });
  });

  describe('POST /api/v2/client-grants', () => {
    const audience = 'https://contract.example/grants-create/';
    let m2m: Json;
    let partner: Json;
    beforeAll(async () => {
      await newApi({ identifier: audience, scopes: [{ value: 'read:g' }, { value: 'write:g' }] });
      m2m = await newClient({ name: 'grants: m2m', app_type: 'non_interactive', grant_types: ['client_credentials'] });
      partner = await newClient({ name: 'grants: partner', is_first_party: false, app_type: 'regular_web', callbacks: ['https://partner.example/cb'] });
    });

    it('201: a per-application grant, subject_type client by default', async () => {
      const body = { client_id: m2m.client_id, audience, scope: ['read:g'] };
      expectRequestMatchesContract('POST', GRANTS, 'application/json', body);
      const res = await api('POST', GRANTS, { payload: body });
      expect(res.statusCode).toBe(201);
      expectMatchesContract('POST', GRANTS, res);
      expect(res.json()).toEqual({
        id: expect.stringMatching(/^cgr_[A-Za-z0-9]{16}$/),
        ...body,
        subject_type: 'client',
      });
      // Auth0 sends allow_any_organization only once set, and is_system only on its own grants.
      expect(res.json()).not.toHaveProperty('allow_any_organization');
      expect(res.json()).not.toHaveProperty('is_system');
    });

    it('201: a default permission for third-party applications, with every optional property', async () => {
      const body = {
        default_for: 'third_party_clients',
        audience,
        scope: ['read:g', 'write:g'],
        subject_type: 'user',
        organization_usage: 'allow',
        allow_any_organization: true,
        authorization_details_types: ['payment_initiation'],
        allow_all_scopes: false,
      };
      expectRequestMatchesContract('POST', GRANTS, 'application/json', body);
      const res = await api('POST', GRANTS, { payload: body });
      expect(res.statusCode).toBe(201);
      expectMatchesContract('POST', GRANTS, res);
      expect(res.json()).toEqual({ id: expect.stringMatching(/^cgr_/), ...body });
      expect(res.json()).not.toHaveProperty('client_id');
    });

    it('201: a third-party application on a custom API, without scopes', async () => {
      const body = { client_id: partner.client_id, audience };
      expectRequestMatchesContract('POST', GRANTS, 'application/json', body);
      const res = await api('POST', GRANTS, { payload: body });
      expect(res.statusCode).toBe(201);
      expectMatchesContract('POST', GRANTS, res);
      expect(res.json()).toMatchObject({ ...body, scope: [], subject_type: 'client' });
    });

    it.each([
      ['both client_id and default_for', () => ({ client_id: m2m.client_id, default_for: 'third_party_clients', audience })],
      ['neither client_id nor default_for', () => ({ audience, scope: ['read:g'] })],
      ['no audience', () => ({ client_id: m2m.client_id })],
      ['an unknown property', () => ({ client_id: m2m.client_id, audience, is_system: true })],
      ['an unknown default_for', () => ({ default_for: 'first_party_clients', audience })],
      ['an unknown subject_type', () => ({ client_id: m2m.client_id, audience, subject_type: 'robot' })],
      ['a scope that is not an array', () => ({ client_id: m2m.client_id, audience, scope: 'read:g' })],
      ['an unknown organization_usage', () => ({ client_id: m2m.client_id, audience, organization_usage: 'sometimes' })],
      ['allow_all_scopes that is not a boolean', () => ({ client_id: m2m.client_id, audience, allow_all_scopes: 'yes' })],
      ['an empty authorization_details_types entry', () => ({ client_id: m2m.client_id, audience, authorization_details_types: [''] })],
      ['an empty scope', () => ({ client_id: m2m.client_id, audience, scope: [''] })],
    ])('400 invalid_body for %s (refused by the documented schema too)', async (_, make) => {
      const body = make();
      expectRequestRejectedByContract('POST', GRANTS, body);
      const res = await api('POST', GRANTS, { payload: body });
      expect(res.statusCode).toBe(400);
      expect(res.json().errorCode).toBe('invalid_body');
      expectMatchesContract('POST', GRANTS, res);
    });

    it('201: scopes the API does not define are accepted, as Auth0 does', async () => {
      const body = { client_id: m2m.client_id, audience, scope: ['read:g', 'admin:g'], subject_type: 'user' };
      expectRequestMatchesContract('POST', GRANTS, 'application/json', body);
      const res = await api('POST', GRANTS, { payload: body });
      expect(res.statusCode).toBe(201);
      expectMatchesContract('POST', GRANTS, res);
      expect(res.json()).toEqual({ id: expect.stringMatching(/^cgr_/), ...body });
    });

    it.each([
      ['the Management API for a third-party application', () => ({ client_id: partner.client_id, audience: t.main.tenant.managementAudience }), 'audience'],
      ['the Management API as a default permission', () => ({ default_for: 'third_party_clients', audience: t.main.tenant.managementAudience }), 'audience'],
    ])('400 invalid_body naming the property for %s (a rule beyond the schema)', async (_, make, property) => {
      const body = make();
      expectRequestMatchesContract('POST', GRANTS, 'application/json', body);
      const res = await api('POST', GRANTS, { payload: body });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ errorCode: 'invalid_body', message: expect.stringContaining(`on property ${property}`) });
      expectMatchesContract('POST', GRANTS, res);
    });

    it('400 for malformed JSON, 413 over 1 MiB, 415 for an unparseable type', async () => {
      const bad = await api('POST', GRANTS, { headers: jsonHeaders, payload: '{"audience":' });
      expect(bad.statusCode).toBe(400);
      expectMatchesContract('POST', GRANTS, bad);
      const big = await api('POST', GRANTS, { headers: jsonHeaders, payload: HUGE });
      expect(big.statusCode).toBe(413);
      expectMatchesContract('POST', GRANTS, big);
      const xml = await api('POST', GRANTS, { headers: xmlHeaders, payload: '<audience/>' });
      expect(xml.statusCode).toBe(415);
      expectMatchesContract('POST', GRANTS, xml);
    });

    it('401 without a token, 403 without create:client_grants', async () => {
      const body = { client_id: m2m.client_id, audience, subject_type: 'user' };
      const anonymous = await api('POST', GRANTS, { bearer: null, payload: body });
      expect(anonymous.statusCode).toBe(401);
      expectMatchesContract('POST', GRANTS, anonymous);
      const narrow = await api('POST', GRANTS, { bearer: await tokenWith('read:client_grants update:client_grants'), payload: body });
      expect(narrow.statusCode).toBe(403);
      expect(narrow.json().message).toBe('Insufficient scope, expected any of: create:client_grants');
      expectMatchesContract('POST', GRANTS, narrow);
    });

    it('404 inexistent_resource_server for an unknown audience, inexistent_client for an unknown application', async () => {
      const noApi = await api('POST', GRANTS, { payload: { client_id: m2m.client_id, audience: 'urn:contract:nowhere' } });
      expect(noApi.statusCode).toBe(404);
      expect(noApi.json()).toMatchObject({ errorCode: 'inexistent_resource_server', message: 'No resource with identifier urn:contract:nowhere' });
      expectMatchesContract('POST', GRANTS, noApi);

      const noClient = await api('POST', GRANTS, { payload: { client_id: 'unknownclient0000000000000000000', audience } });
      expect(noClient.statusCode).toBe(404);
      expect(noClient.json().errorCode).toBe('inexistent_client');
      expectMatchesContract('POST', GRANTS, noClient);
    });

    it('409 conflict for a second grant of the same owner, API and subject type', async () => {
      const client = await newClient({ name: 'grants: twice', app_type: 'non_interactive' });
      await newGrant({ client_id: client.client_id, audience, scope: ['read:g'] });
      const res = await api('POST', GRANTS, { payload: { client_id: client.client_id, audience, scope: ['write:g'] } });
      expect(res.statusCode).toBe(409);
      expect(res.json().errorCode).toBe('conflict');
      expectMatchesContract('POST', GRANTS, res);
      // Another subject type is another grant.
      const user = await api('POST', GRANTS, { payload: { client_id: client.client_id, audience, subject_type: 'user' } });
      expect(user.statusCode).toBe(201);
      expectMatchesContract('POST', GRANTS, user);
    });
  });

  describe('GET /api/v2/client-grants', () => {
    const audience = 'https://contract.example/grants-list/';
    let perApp: Json;
    let byDefault: Json;
    beforeAll(async () => {
      await newApi({ identifier: audience, scopes: [{ value: 'read:l' }] });
      const client = await newClient({ name: 'grants list: m2m', app_type: 'non_interactive' });
      perApp = await newGrant({ client_id: client.client_id, audience, scope: ['read:l'], allow_any_organization: true });
      byDefault = await newGrant({ default_for: 'third_party_clients', audience, scope: ['read:l'], subject_type: 'user' });
    });

    it('200: a bare array, the admin application’s grant on the Management API included', async () => {
      const res = await api('GET', `${GRANTS}?per_page=100`);
      expect(res.statusCode).toBe(200);
      expectMatchesContract('GET', GRANTS, res);
      const list = res.json() as Json[];
      expect(list).toEqual(expect.arrayContaining([perApp, byDefault]));
      const admin = list.find((g) => g.client_id === t.main.admin.clientId && g.audience === t.main.tenant.managementAudience);
      expect(admin).toMatchObject({ subject_type: 'client', scope: expect.arrayContaining([...MANAGEMENT_API_SCOPES]) });
    });

    it('200: include_totals=true answers exactly {start, limit, total, client_grants}; a page past the end is empty', async () => {
      const res = await api('GET', `${GRANTS}?include_totals=true&per_page=1`);
      expect(res.statusCode).toBe(200);
      expectMatchesContract('GET', GRANTS, res);
      const body = res.json();
      expect(Object.keys(body).sort()).toEqual(['client_grants', 'limit', 'start', 'total']);
      expect(body.client_grants).toHaveLength(1);
      expect(body.total).toBeGreaterThanOrEqual(3);

      const past = await api('GET', `${GRANTS}?include_totals=true&page=1000&per_page=100`);
      expect(past.statusCode).toBe(200);
      expect(past.json()).toEqual({ start: 100000, limit: 100, total: body.total, client_grants: [] });
      expectMatchesContract('GET', GRANTS, past);
    });

    it('200: checkpoint pages walk the list in order (include_totals ignored) and the last one has no next', async () => {
      const all = ((await api('GET', `${GRANTS}?per_page=100`)).json() as Json[]).map((g) => g.id);
      const seen: string[] = [];
      let url = `${GRANTS}?take=2&include_totals=true`;
      for (let i = 0; i < 60; i++) {
        const res = await api('GET', url);
        expect(res.statusCode).toBe(200);
        expectMatchesContract('GET', GRANTS, res);
        const body = res.json();
        expect(body).not.toHaveProperty('total');
        seen.push(...body.client_grants.map((g: Json) => g.id));
        if (!body.next) break;
        url = `${GRANTS}?take=2&include_totals=true&from=${encodeURIComponent(body.next)}`;
      }
      expect(seen).toEqual(all);
    });

    it("200: terraform's include_totals=true&per_page=50&take=100 is a checkpoint page: checkpoint wins", async () => {
      const res = await api('GET', `${GRANTS}?include_totals=true&per_page=50&take=100&audience=${encodeURIComponent(audience)}`);
      expect(res.statusCode).toBe(200);
      expectMatchesContract('GET', GRANTS, res);
      expect(Object.keys(res.json())).toEqual(['client_grants']);
      expect(byId(res.json().client_grants)).toEqual(byId([perApp, byDefault]));
    });

    it.each([
      ['audience', () => `audience=${encodeURIComponent(audience)}`, () => [perApp, byDefault]],
      ['client_id', () => `client_id=${perApp.client_id}`, () => [perApp]],
      ['subject_type', () => `audience=${encodeURIComponent(audience)}&subject_type=user`, () => [byDefault]],
      ['default_for', () => `audience=${encodeURIComponent(audience)}&default_for=third_party_clients`, () => [byDefault]],
      ['allow_any_organization=true', () => `audience=${encodeURIComponent(audience)}&allow_any_organization=true`, () => [perApp]],
      ['allow_any_organization=false', () => `audience=${encodeURIComponent(audience)}&allow_any_organization=false`, () => [byDefault]],
      ['an audience no grant has', () => `audience=${encodeURIComponent('urn:contract:nobody-granted')}`, () => []],
    ])('200: filter on %s', async (_, query, expected) => {
      const res = await api('GET', `${GRANTS}?${query()}`);
      expect(res.statusCode).toBe(200);
      expectMatchesContract('GET', GRANTS, res);
      expect(byId(res.json())).toEqual(byId(expected()));
    });

    it.each([
      'bogus=1',
      'fields=id',
      'per_page=0',
      'per_page=101',
      'take=101',
      'from=not-a-checkpoint',
      'from=abc&per_page=2',
      'include_totals=maybe',
      'allow_any_organization=maybe',
      'subject_type=robot',
      'default_for=everyone',
      'client_id=a&client_id=b',
    ])('400 invalid_query_string for ?%s', async (query) => {
      const res = await api('GET', `${GRANTS}?${query}`);
      expect(res.statusCode).toBe(400);
      expect(res.json().errorCode).toBe('invalid_query_string');
      expectMatchesContract('GET', GRANTS, res);
    });

    it('401 without a token, 403 without read:client_grants', async () => {
      const anonymous = await api('GET', GRANTS, { bearer: null });
      expect(anonymous.statusCode).toBe(401);
      expectMatchesContract('GET', GRANTS, anonymous);
      const narrow = await api('GET', GRANTS, { bearer: await tokenWith('read:clients read:resource_servers') });
      expect(narrow.statusCode).toBe(403);
      expect(narrow.json().message).toBe('Insufficient scope, expected any of: read:client_grants');
      expectMatchesContract('GET', GRANTS, narrow);
    });
  });

  describe('/api/v2/client-grants/{id}', () => {
    const audience = 'https://contract.example/grants-item/';
    beforeAll(async () => {
      await newApi({ identifier: audience, scopes: [{ value: 'read:i' }, { value: 'write:i' }] });
    });
    /** A grant on the API for a new application of its own. */
    const grantFor = async (subject_type: string) => {
      const client = await newClient({ name: 'grant item: m2m', app_type: 'non_interactive' });
      return newGrant({ client_id: client.client_id, audience, scope: ['read:i'], subject_type });
    };

    it('GET 200 the grant; 404 for an unknown id; 401; 403', async () => {
      const grant = await grantFor('client');
      const res = await api('GET', `${GRANTS}/${grant.id}?ignored=yes`);
      expect(res.statusCode).toBe(200);
      expectMatchesContract('GET', GRANT, res);
      expect(res.json()).toEqual(grant);

      const missing = await api('GET', `${GRANTS}/cgr_0000000000000000`);
      expect(missing.statusCode).toBe(404);
      expect(missing.json().errorCode).toBe('inexistent_client_grant');
      expectMatchesContract('GET', GRANT, missing);

      const anonymous = await api('GET', `${GRANTS}/${grant.id}`, { bearer: null });
      expect(anonymous.statusCode).toBe(401);
      expectMatchesContract('GET', GRANT, anonymous);
      const narrow = await api('GET', `${GRANTS}/${grant.id}`, { bearer: await tokenWith('update:client_grants') });
      expect(narrow.statusCode).toBe(403);
      expect(narrow.json().message).toBe('Insufficient scope, expected any of: read:client_grants');
      expectMatchesContract('GET', GRANT, narrow);
    });

    describe('PATCH', () => {
      let grant: Json;
      beforeAll(async () => {
        grant = await grantFor('user');
      });

      it('200: scope, organization_usage and allow_any_organization change; an empty body changes nothing', async () => {
        const body = { scope: ['read:i', 'write:i'], organization_usage: 'require', allow_any_organization: true };
        expectRequestMatchesContract('PATCH', GRANT, 'application/json', body);
        const res = await api('PATCH', `${GRANTS}/${grant.id}`, { payload: body });
        expect(res.statusCode).toBe(200);
        expectMatchesContract('PATCH', GRANT, res);
        expect(res.json()).toEqual({ ...grant, ...body });

        const noop = await api('PATCH', `${GRANTS}/${grant.id}`, { payload: {} });
        expect(noop.statusCode).toBe(200);
        expectMatchesContract('PATCH', GRANT, noop);
        expect(noop.json()).toEqual(res.json());
        expect((await api('GET', `${GRANTS}/${grant.id}`)).json()).toEqual(res.json());
      });

      it.each([
        ['the audience', { audience: 'https://contract.example/elsewhere/' }],
        ['the client_id', { client_id: 'another' }],
        ['the subject_type', { subject_type: 'client' }],
        ['default_for', { default_for: 'third_party_clients' }],
        ['an unknown property', { bogus: 1 }],
        ['a scope that is not an array', { scope: 'read:i' }],
        ['an unknown organization_usage', { organization_usage: 'sometimes' }],
      ])('400 invalid_body for %s (refused by the documented schema too)', async (_, body) => {
        expectRequestRejectedByContract('PATCH', GRANT, body);
        const res = await api('PATCH', `${GRANTS}/${grant.id}`, { payload: body });
        expect(res.statusCode).toBe(400);
        expect(res.json().errorCode).toBe('invalid_body');
        expectMatchesContract('PATCH', GRANT, res);
      });

      it('200: a scope the API does not define is accepted, as Auth0 does', async () => {
        const body = { scope: ['delete:i'] };
        expectRequestMatchesContract('PATCH', GRANT, 'application/json', body);
        const res = await api('PATCH', `${GRANTS}/${grant.id}`, { payload: body });
        expect(res.statusCode).toBe(200);
        expectMatchesContract('PATCH', GRANT, res);
        expect(res.json().scope).toEqual(['delete:i']);
      });

      it('200: new properties are set, and null clears (scope to none, the others omitted)', async () => {
        const set = { authorization_details_types: ['payment_initiation'], allow_all_scopes: true, organization_usage: 'allow', allow_any_organization: true };
        expectRequestMatchesContract('PATCH', GRANT, 'application/json', set);
        const withAll = await api('PATCH', `${GRANTS}/${grant.id}`, { payload: set });
        expect(withAll.statusCode).toBe(200);
        expectMatchesContract('PATCH', GRANT, withAll);
        expect(withAll.json()).toMatchObject(set);

        const clear = { scope: null, organization_usage: null, allow_any_organization: null, allow_all_scopes: null };
        expectRequestMatchesContract('PATCH', GRANT, 'application/json', clear);
        const cleared = await api('PATCH', `${GRANTS}/${grant.id}`, { payload: clear });
        expect(cleared.statusCode).toBe(200);
        expectMatchesContract('PATCH', GRANT, cleared);
        expect(cleared.json()).toEqual({
          id: grant.id,
          client_id: grant.client_id,
          audience: grant.audience,
          scope: [],
          subject_type: grant.subject_type,
          authorization_details_types: ['payment_initiation'],
        });
        expect((await api('GET', `${GRANTS}/${grant.id}`)).json()).toEqual(cleared.json());
      });

      it('400 invalid_body naming authorization_details_types for a null Auth0 refuses', async () => {
        const body = { authorization_details_types: null };
        expectRequestRejectedByContract('PATCH', GRANT, body);
        const res = await api('PATCH', `${GRANTS}/${grant.id}`, { payload: body });
        expect(res.statusCode).toBe(400);
        expect(res.json()).toMatchObject({ errorCode: 'invalid_body', message: expect.stringContaining('on property authorization_details_types') });
        expectMatchesContract('PATCH', GRANT, res);
      });

      it('400 for malformed JSON, 413 over 1 MiB, 415 for an unparseable type', async () => {
        const bad = await api('PATCH', `${GRANTS}/${grant.id}`, { headers: jsonHeaders, payload: '{"scope":' });
        expect(bad.statusCode).toBe(400);
        expectMatchesContract('PATCH', GRANT, bad);
        const big = await api('PATCH', `${GRANTS}/${grant.id}`, { headers: jsonHeaders, payload: HUGE });
        expect(big.statusCode).toBe(413);
        expectMatchesContract('PATCH', GRANT, big);
        const xml = await api('PATCH', `${GRANTS}/${grant.id}`, { headers: xmlHeaders, payload: '<scope/>' });
        expect(xml.statusCode).toBe(415);
        expectMatchesContract('PATCH', GRANT, xml);
      });

      it('401 without a token, 403 without update:client_grants, 404 for an unknown id', async () => {
        const anonymous = await api('PATCH', `${GRANTS}/${grant.id}`, { bearer: null, payload: { scope: [] } });
        expect(anonymous.statusCode).toBe(401);
        expectMatchesContract('PATCH', GRANT, anonymous);
        const narrow = await api('PATCH', `${GRANTS}/${grant.id}`, { bearer: await tokenWith('read:client_grants create:client_grants'), payload: { scope: [] } });
        expect(narrow.statusCode).toBe(403);
        expect(narrow.json().message).toBe('Insufficient scope, expected any of: update:client_grants');
        expectMatchesContract('PATCH', GRANT, narrow);
        const missing = await api('PATCH', `${GRANTS}/cgr_0000000000000000`, { payload: { scope: [] } });
        expect(missing.statusCode).toBe(404);
        expect(missing.json().errorCode).toBe('inexistent_client_grant');
        expectMatchesContract('PATCH', GRANT, missing);
      });
    });

    describe('DELETE', () => {
      it('204 without a body; then GET and DELETE are 404', async () => {
        const grant = await newGrant({ default_for: 'third_party_clients', audience, scope: ['read:i'] });
        const res = await api('DELETE', `${GRANTS}/${grant.id}`);
        expect(res.statusCode).toBe(204);
        expect(res.body).toBe('');
        expectMatchesContract('DELETE', GRANT, res);
        const get = await api('GET', `${GRANTS}/${grant.id}`);
        expect(get.statusCode).toBe(404);
        expectMatchesContract('GET', GRANT, get);
        const again = await api('DELETE', `${GRANTS}/${grant.id}`);
        expect(again.statusCode).toBe(404);
        expect(again.json().errorCode).toBe('inexistent_client_grant');
        expectMatchesContract('DELETE', GRANT, again);
      });

      it('400, 413 and 415 when a body is sent that cannot be parsed', async () => {
        const url = `${GRANTS}/cgr_0000000000000000`;
        const bad = await api('DELETE', url, { headers: jsonHeaders, payload: '{not json' });
        expect(bad.statusCode).toBe(400);
        expectMatchesContract('DELETE', GRANT, bad);
        const big = await api('DELETE', url, { headers: jsonHeaders, payload: HUGE });
        expect(big.statusCode).toBe(413);
        expectMatchesContract('DELETE', GRANT, big);
        const xml = await api('DELETE', url, { headers: xmlHeaders, payload: '<x/>' });
        expect(xml.statusCode).toBe(415);
        expectMatchesContract('DELETE', GRANT, xml);
      });

      it('401 without a token, 403 without delete:client_grants', async () => {
        const grant = await grantFor('client');
        const anonymous = await api('DELETE', `${GRANTS}/${grant.id}`, { bearer: null });
        expect(anonymous.statusCode).toBe(401);
        expectMatchesContract('DELETE', GRANT, anonymous);
        const narrow = await api('DELETE', `${GRANTS}/${grant.id}`, { bearer: await tokenWith('read:client_grants update:client_grants') });
        expect(narrow.statusCode).toBe(403);
        expect(narrow.json().message).toBe('Insufficient scope, expected any of: delete:client_grants');
        expectMatchesContract('DELETE', GRANT, narrow);
        expect((await api('GET', `${GRANTS}/${grant.id}`)).statusCode).toBe(200);
      });
    });
  });

  describe('/api/v2/network-acls', () => {
    // 203.0.113.0/24 (TEST-NET-3) never matches an injected request, so these rules block nothing here.
    const rule = { action: { block: true }, match: { ipv4_cidrs: ['203.0.113.0/24'] }, scope: 'management' };
    const aclBody = (over: Record<string, unknown> = {}) => ({ description: 'contract: acl', active: true, priority: 5, rule, ...over });
    const newAcl = async (over: Record<string, unknown> = {}): Promise<Json> => {
      const res = await api('POST', ACLS, { payload: aclBody(over) });
      expect({ status: res.statusCode, body: res.json() }).toEqual({ status: 201, body: expect.anything() });
      return res.json() as Json;
    };
    const UNKNOWN = `${ACLS}/acl_0000000000000000`;
    const invalidBodies = [
      ['no action', aclBody({ rule: { ...rule, action: {} } })],
      ['two actions', aclBody({ rule: { ...rule, action: { block: true, log: true } } })],
      ['an action set to false', aclBody({ rule: { ...rule, action: { allow: false } } })],
      ['a priority above 10', aclBody({ priority: 11 })],
      ['a priority below 1', aclBody({ priority: 0 })],
      ['an unknown scope', aclBody({ rule: { ...rule, scope: 'everything' } })],
      ['a malformed CIDR', aclBody({ rule: { ...rule, match: { ipv4_cidrs: ['not-an-ip'] } } })],
      ['an unknown property', aclBody({ bogus: 1 })],
      ['an unknown rule property', aclBody({ rule: { ...rule, extra: 1 } })],
      ['an empty description', aclBody({ description: '' })],
    ] as const;

    describe('POST', () => {
      it('201: every match list, and not_match; id is acl_ + 16 base62, created_at is set', async () => {
        const body = aclBody({
          active: false,
          priority: 1,
          rule: {
            action: { log: true },
            match: { ipv4_cidrs: ['203.0.113.0/24', '198.51.100.7'], ipv6_cidrs: ['2001:db8::/32'], geo_country_codes: ['zz'], user_agents: ['contract-bot'] },
            not_match: { geo_country_codes: ['XX'] },
            scope: 'tenant',
          },
        });
        expectRequestMatchesContract('POST', ACLS, 'application/json', body);
        const res = await api('POST', ACLS, { payload: body });
        expect(res.statusCode).toBe(201);
        expectMatchesContract('POST', ACLS, res);
        expect(res.json()).toEqual({ id: expect.stringMatching(/^acl_[A-Za-z0-9]{16}$/), ...body, created_at: expect.any(String) });
      });

      it.each(invalidBodies)('400 invalid_body for %s (refused by the documented schema too)', async (_, body) => {
        expectRequestRejectedByContract('POST', ACLS, body);
        const res = await api('POST', ACLS, { payload: body });
        expect(res.statusCode).toBe(400);
        expect(res.json().errorCode).toBe('invalid_body');
        expectMatchesContract('POST', ACLS, res);
      });

      it('400 for malformed JSON, 413 over 1 MiB, 415 for an unparseable type', async () => {
        const bad = await api('POST', ACLS, { headers: jsonHeaders, payload: '{"rule":' });
        expect(bad.statusCode).toBe(400);
        expectMatchesContract('POST', ACLS, bad);
        const big = await api('POST', ACLS, { headers: jsonHeaders, payload: HUGE });
        expect(big.statusCode).toBe(413);
        expectMatchesContract('POST', ACLS, big);
        const xml = await api('POST', ACLS, { headers: xmlHeaders, payload: '<acl/>' });
        expect(xml.statusCode).toBe(415);
        expectMatchesContract('POST', ACLS, xml);
      });

      it('401 without a token, 403 without create:network_acls', async () => {
        const anonymous = await api('POST', ACLS, { bearer: null, payload: aclBody() });
        expect(anonymous.statusCode).toBe(401);
        expectMatchesContract('POST', ACLS, anonymous);
        const narrow = await api('POST', ACLS, { bearer: await tokenWith('read:network_acls update:network_acls'), payload: aclBody() });
        expect(narrow.statusCode).toBe(403);
        expect(narrow.json().message).toBe('Insufficient scope, expected any of: create:network_acls');
        expectMatchesContract('POST', ACLS, narrow);
      });
    });

    it('GET (list) 200: a bare array, lowest priority first; 401; 403', async () => {
      const late = await newAcl({ priority: 10, description: 'contract: list late' });
      const early = await newAcl({ priority: 2, description: 'contract: list early' });
      const res = await api('GET', `${ACLS}?ignored=yes`);
      expect(res.statusCode).toBe(200);
      expectMatchesContract('GET', ACLS, res);
      const list = res.json() as Json[];
      expect(Array.isArray(list)).toBe(true);
      expect(list).toEqual(expect.arrayContaining([late, early]));
      expect(list.map((a) => a.priority)).toEqual([...list.map((a) => a.priority)].sort((a, b) => a - b));

      const anonymous = await api('GET', ACLS, { bearer: null });
      expect(anonymous.statusCode).toBe(401);
      expectMatchesContract('GET', ACLS, anonymous);
      const narrow = await api('GET', ACLS, { bearer: await tokenWith('create:network_acls') });
      expect(narrow.statusCode).toBe(403);
      expect(narrow.json().message).toBe('Insufficient scope, expected any of: read:network_acls');
      expectMatchesContract('GET', ACLS, narrow);
    });

    it('GET {id} 200 the ACL; 404 not_found for an unknown id; 401; 403', async () => {
      const acl = await newAcl();
      const res = await api('GET', `${ACLS}/${acl.id}`);
      expect(res.statusCode).toBe(200);
      expectMatchesContract('GET', ACL, res);
      expect(res.json()).toEqual(acl);

      const missing = await api('GET', UNKNOWN);
      expect(missing.statusCode).toBe(404);
      expect(missing.json().errorCode).toBe('not_found');
      expectMatchesContract('GET', ACL, missing);

      const anonymous = await api('GET', `${ACLS}/${acl.id}`, { bearer: null });
      expect(anonymous.statusCode).toBe(401);
      expectMatchesContract('GET', ACL, anonymous);
      const narrow = await api('GET', `${ACLS}/${acl.id}`, { bearer: await tokenWith('update:network_acls') });
      expect(narrow.statusCode).toBe(403);
      expect(narrow.json().message).toBe('Insufficient scope, expected any of: read:network_acls');
      expectMatchesContract('GET', ACL, narrow);
    });

    describe.each(['PUT', 'PATCH'] as const)('%s', (method) => {
      let acl: Json;
      beforeAll(async () => {
        acl = await newAcl();
      });

      it('200: the ACL as it now is, id and created_at kept', async () => {
        const body = aclBody({ description: `contract: ${method}`, active: false, priority: 3, rule: { action: { allow: true }, not_match: { user_agents: ['x'] }, scope: 'dcr' } });
        expectRequestMatchesContract(method, ACL, 'application/json', body);
        const res = await api(method, `${ACLS}/${acl.id}`, { payload: body });
        expect(res.statusCode).toBe(200);
        expectMatchesContract(method, ACL, res);
        expect(res.json()).toEqual({ ...body, id: acl.id, created_at: acl.created_at });
        expect((await api('GET', `${ACLS}/${acl.id}`)).json()).toEqual(res.json());
      });

      it.each(invalidBodies)('400 invalid_body for %s (refused by the documented schema too)', async (_, body) => {
        expectRequestRejectedByContract(method, ACL, body);
        const res = await api(method, `${ACLS}/${acl.id}`, { payload: body });
        expect(res.statusCode).toBe(400);
        expect(res.json().errorCode).toBe('invalid_body');
        expectMatchesContract(method, ACL, res);
      });

      it('400 for malformed JSON, 413 over 1 MiB, 415 for an unparseable type', async () => {
        const bad = await api(method, `${ACLS}/${acl.id}`, { headers: jsonHeaders, payload: '{"rule":' });
        expect(bad.statusCode).toBe(400);
        expectMatchesContract(method, ACL, bad);
        const big = await api(method, `${ACLS}/${acl.id}`, { headers: jsonHeaders, payload: HUGE });
        expect(big.statusCode).toBe(413);
        expectMatchesContract(method, ACL, big);
        const xml = await api(method, `${ACLS}/${acl.id}`, { headers: xmlHeaders, payload: '<acl/>' });
        expect(xml.statusCode).toBe(415);
        expectMatchesContract(method, ACL, xml);
      });

      it('401 without a token, 403 without update:network_acls, 404 for an unknown id', async () => {
        const anonymous = await api(method, `${ACLS}/${acl.id}`, { bearer: null, payload: aclBody() });
        expect(anonymous.statusCode).toBe(401);
        expectMatchesContract(method, ACL, anonymous);
        const narrow = await api(method, `${ACLS}/${acl.id}`, { bearer: await tokenWith('read:network_acls create:network_acls'), payload: aclBody() });
        expect(narrow.statusCode).toBe(403);
        expect(narrow.json().message).toBe('Insufficient scope, expected any of: update:network_acls');
        expectMatchesContract(method, ACL, narrow);
        const missing = await api(method, UNKNOWN, { payload: aclBody() });
        expect(missing.statusCode).toBe(404);
        expect(missing.json().errorCode).toBe('not_found');
        expectMatchesContract(method, ACL, missing);
      });
    });

    it('PUT 400 when a property is missing (all are required); PATCH 200 for a partial or empty body', async () => {
      const acl = await newAcl();
      const partial = { priority: 7 };
      expectRequestRejectedByContract('PUT', ACL, partial);
      const put = await api('PUT', `${ACLS}/${acl.id}`, { payload: partial });
      expect(put.statusCode).toBe(400);
      expect(put.json().errorCode).toBe('invalid_body');
      expectMatchesContract('PUT', ACL, put);

      expectRequestMatchesContract('PATCH', ACL, 'application/json', partial);
      const patch = await api('PATCH', `${ACLS}/${acl.id}`, { payload: partial });
      expect(patch.statusCode).toBe(200);
      expectMatchesContract('PATCH', ACL, patch);
      expect(patch.json()).toEqual({ ...acl, ...partial });
      const noop = await api('PATCH', `${ACLS}/${acl.id}`, { payload: {} });
      expect(noop.statusCode).toBe(200);
      expectMatchesContract('PATCH', ACL, noop);
      expect(noop.json()).toEqual(patch.json());
    });

    describe('DELETE', () => {
      it('204 without a body; then GET and DELETE are 404', async () => {
        const acl = await newAcl();
        const res = await api('DELETE', `${ACLS}/${acl.id}`);
        expect(res.statusCode).toBe(204);
        expect(res.body).toBe('');
        expectMatchesContract('DELETE', ACL, res);
        const get = await api('GET', `${ACLS}/${acl.id}`);
        expect(get.statusCode).toBe(404);
        expectMatchesContract('GET', ACL, get);
        const again = await api('DELETE', `${ACLS}/${acl.id}`);
        expect(again.statusCode).toBe(404);
        expect(again.json().errorCode).toBe('not_found');
        expectMatchesContract('DELETE', ACL, again);
      });

      it('400, 413 and 415 when a body is sent that cannot be parsed', async () => {
        const bad = await api('DELETE', UNKNOWN, { headers: jsonHeaders, payload: '{not json' });
        expect(bad.statusCode).toBe(400);
        expectMatchesContract('DELETE', ACL, bad);
        const big = await api('DELETE', UNKNOWN, { headers: jsonHeaders, payload: HUGE });
        expect(big.statusCode).toBe(413);
        expectMatchesContract('DELETE', ACL, big);
        const xml = await api('DELETE', UNKNOWN, { headers: xmlHeaders, payload: '<x/>' });
        expect(xml.statusCode).toBe(415);
        expectMatchesContract('DELETE', ACL, xml);
      });

      it('401 without a token, 403 without delete:network_acls', async () => {
        const acl = await newAcl();
        const anonymous = await api('DELETE', `${ACLS}/${acl.id}`, { bearer: null });
        expect(anonymous.statusCode).toBe(401);
        expectMatchesContract('DELETE', ACL, anonymous);
        const narrow = await api('DELETE', `${ACLS}/${acl.id}`, { bearer: await tokenWith('read:network_acls update:network_acls') });
        expect(narrow.statusCode).toBe(403);
        expect(narrow.json().message).toBe('Insufficient scope, expected any of: delete:network_acls');
        expectMatchesContract('DELETE', ACL, narrow);
        expect((await api('GET', `${ACLS}/${acl.id}`)).statusCode).toBe(200);
      });
    });
  });

  describe('/api/v2/logs', () => {
    // Something to read: a write (sapi), a failure (fapi) and a token exchange (seccft) of this tenant.
    beforeAll(async () => {
      await newClient({ name: 'contract: logged' });
      await api('POST', CLIENTS, { payload: { name: 'x', bogus: 1 } });
      await t.token();
    });

    it('200: a search page as a bare array, with include_totals, projected, by search and q; 200 checkpoint with Link', async () => {
      const page = await api('GET', `${LOGS}?per_page=5`);
      expect(page.statusCode).toBe(200);
      expectMatchesContract('GET', LOGS, page);
      expect(page.json().length).toBeGreaterThan(2);
      const totals = await api('GET', `${LOGS}?include_totals=true&per_page=2&sort=date:1`);
      expect(totals.statusCode).toBe(200);
      expectMatchesContract('GET', LOGS, totals);
      expect(Object.keys(totals.json()).sort()).toEqual(['length', 'limit', 'logs', 'start', 'total']);
      const projected = await api('GET', `${LOGS}?fields=type,date&include_fields=true`);
      expectMatchesContract('GET', LOGS, projected);
      expect(Object.keys(projected.json()[0]).sort()).toEqual(['date', 'type']);
      for (const q of ['search=type%3Afapi', 'q=type%3Asapi%20AND%20description%3Acreate', `search=${encodeURIComponent('date:[2000-01-01 TO *] application:gatehouse')}`]) {
        const res = await api('GET', `${LOGS}?${q}`);
        expect({ q, status: res.statusCode }).toEqual({ q, status: 200 });
        expectMatchesContract('GET', LOGS, res);
        expect(res.json().length).toBeGreaterThan(0);
      }
      const checkpoint = await api('GET', `${LOGS}?take=2`);
      expect(checkpoint.statusCode).toBe(200);
      expectMatchesContract('GET', LOGS, checkpoint);
      expect(checkpoint.headers.link).toMatch(/^<http:\/\/localhost:3000\/api\/v2\/logs\?from=\d+&take=2>; rel="next"$/);
    });

    it.each([
      ['an unknown parameter', 'colour=blue'],
      ['an unsupported search operator', 'search=type%3Asapi%20OR%20type%3Afapi'],
      ['an unknown search field', 'q=nope%3A1'],
      ['a sort other than by date', 'sort=type%3A1'],
      ['a page past the first 1000 events', 'page=20&per_page=50'],
      ['a from that is not a log_id', 'from=abc'],
      ['a take above 100', 'take=101'],
    ])('400 invalid_query_string for %s', async (_, q) => {
      const res = await api('GET', `${LOGS}?${q}`);
      expect(res.statusCode).toBe(400);
      expect(res.json().errorCode).toBe('invalid_query_string');
      expectMatchesContract('GET', LOGS, res);
    });

    it('GET by id 200, 404 for an unknown id; 401 without a token and 403 without read:logs on both', async () => {
      const [first] = (await api('GET', `${LOGS}?per_page=1`)).json() as Json[];
      const one = await api('GET', `${LOGS}/${first!.log_id}`);
      expect(one.statusCode).toBe(200);
      expectMatchesContract('GET', LOG, one);
      expect(one.json()).toEqual(first);
      for (const id of ['1', 'not-a-log-id']) {
        const missing = await api('GET', `${LOGS}/${id}`);
        expect(missing.statusCode).toBe(404);
        expectMatchesContract('GET', LOG, missing);
      }
      for (const [template, url] of [[LOGS, LOGS], [LOG, `${LOGS}/${first!.log_id}`]] as const) {
        const anonymous = await api('GET', url, { bearer: null });
        expect(anonymous.statusCode).toBe(401);
        expectMatchesContract('GET', template, anonymous);
        const narrow = await api('GET', url, { bearer: await tokenWith('read:clients') });
        expect(narrow.statusCode).toBe(403);
        expect(narrow.json().message).toBe('Insufficient scope, expected any of: read:logs');
        expectMatchesContract('GET', template, narrow);
      }
    });
  });

  describe('POST /ext/v1/lint/client', () => {
    it.each([
      ['a valid strict payload', { mode: 'strict', client: { name: 'z', app_type: 'spa', callbacks: ['https://z.example/cb'] } }, []],
      [
        'a strict payload breaking several rules',
        { mode: 'strict', client: { name: 'z', sso: true, grant_types: ['implicit'], callbacks: ['https://*.z.example/cb'] } },
        ['sso', 'grant_types', 'callbacks'],
      ],
      ['a permissive payload asking for the password grant', { mode: 'permissive', client: { name: 'z', grant_types: ['password'] } }, ['grant_types']],
      ['a first-party payload naming a mode', { mode: 'first_party', client: { name: 'z', third_party_security_mode: 'strict' } }, ['third_party_security_mode']],
      ['a valid first-party payload', { mode: 'first_party', client: { name: 'z', grant_types: ['client_credentials'] } }, []],
    ])('200 for %s', async (_, body, properties) => {
      expectRequestMatchesContract('POST', LINT, 'application/json', body);
      const res = await api('POST', LINT, { payload: body });
      expect(res.statusCode).toBe(200);
      expectMatchesContract('POST', LINT, res);
      expect(res.json()).toMatchObject({ mode: body.mode, valid: properties.length === 0 });
      expect(res.json().violations.map((v: Json) => v.property)).toEqual(properties);
    });

    it.each([
      ['an unknown mode', { mode: 'lenient', client: { name: 'z' } }],
      ['no client', { mode: 'strict' }],
      ['a client without a name', { mode: 'strict', client: {} }],
      ['an unknown property in client', { mode: 'strict', client: { name: 'z', bogus: 1 } }],
      ['an unknown top-level property', { mode: 'strict', client: { name: 'z' }, extra: true }],
    ])('400 invalid_body for %s (refused by the documented schema too)', async (_, body) => {
      expectRequestRejectedByContract('POST', LINT, body);
      const res = await api('POST', LINT, { payload: body });
      expect(res.statusCode).toBe(400);
      expect(res.json().errorCode).toBe('invalid_body');
      expectMatchesContract('POST', LINT, res);
    });

    it('400 for malformed JSON, 413 over 1 MiB, 415 for an unparseable type', async () => {
      const bad = await api('POST', LINT, { headers: jsonHeaders, payload: '{"mode":' });
      expect(bad.statusCode).toBe(400);
      expectMatchesContract('POST', LINT, bad);
      const big = await api('POST', LINT, { headers: jsonHeaders, payload: HUGE });
      expect(big.statusCode).toBe(413);
      expectMatchesContract('POST', LINT, big);
      const xml = await api('POST', LINT, { headers: xmlHeaders, payload: '<mode/>' });
      expect(xml.statusCode).toBe(415);
      expectMatchesContract('POST', LINT, xml);
    });

    it('401 without a token, 403 without create:clients', async () => {
      const body = { mode: 'strict', client: { name: 'z' } };
      const anonymous = await api('POST', LINT, { bearer: null, payload: body });
      expect(anonymous.statusCode).toBe(401);
      expectMatchesContract('POST', LINT, anonymous);
      const narrow = await api('POST', LINT, { bearer: await tokenWith('read:clients'), payload: body });
      expect(narrow.statusCode).toBe(403);
      expect(narrow.json().message).toBe('Insufficient scope, expected any of: create:clients');
      expectMatchesContract('POST', LINT, narrow);
    });

    it('405 with Allow for another method', async () => {
      const res = await api('GET', LINT);
      expect(res.statusCode).toBe(405);
      expect(res.headers.allow).toBe('POST');
      expectMatchesContract('GET', LINT, res);
    });
  });

  describe('GET /ext/v1/access', () => {
    const audience = 'https://contract.example/access/';
    const ids: Record<string, string> = {};
    const grants: Record<string, Json> = {};
    beforeAll(async () => {
      await newApi({ identifier: audience, scopes: [{ value: 'read:a' }, { value: 'write:a' }] });
      const m2m = await newClient({ name: 'access: m2m', app_type: 'non_interactive', grant_types: ['client_credentials'] });
      const partner = await newClient({ name: 'access: partner', is_first_party: false, app_type: 'regular_web', callbacks: ['https://partner.example/cb'] });
      const narrowPartner = await newClient({ name: 'access: narrow partner', is_first_party: false, app_type: 'regular_web', callbacks: ['https://partner.example/cb'] });
      Object.assign(ids, { m2m: m2m.client_id, partner: partner.client_id, narrowPartner: narrowPartner.client_id });
      grants.m2m = await newGrant({ client_id: m2m.client_id, audience, scope: ['read:a'] });
      grants.default = await newGrant({ default_for: 'third_party_clients', audience, scope: ['read:a', 'write:a'] });
      grants.narrowPartner = await newGrant({ client_id: narrowPartner.client_id, audience, scope: ['read:a'] });
    });
    const query = (o: Record<string, string>) => `${ACCESS}?${new URLSearchParams(o).toString()}`;

    // One case per reason; `audience` null means the tenant's Management API (a system API).
    it.each([
      ['m2m', audience, 'client', undefined, { allowed: true, reason: 'granted_by_client_grant', scopes: ['read:a'], policy: 'require_client_grant', grant: 'm2m' }],
      ['m2m', audience, 'client', 'write:a', { allowed: false, reason: 'scopes_not_granted', scopes: [], policy: 'require_client_grant', grant: 'm2m' }],
      ['partner', audience, 'client', undefined, { allowed: true, reason: 'granted_by_default_permission', scopes: ['read:a', 'write:a'], policy: 'require_client_grant', grant: 'default' }],
      ['narrowPartner', audience, 'client', 'read:a write:a', { allowed: true, reason: 'granted_by_client_grant', scopes: ['read:a'], policy: 'require_client_grant', grant: 'narrowPartner' }],
      ['m2m', audience, 'user', 'read:a', { allowed: true, reason: 'allowed_by_api_policy', scopes: ['read:a'], policy: 'allow_all' }],
      ['partner', audience, 'user', 'read:a', { allowed: false, reason: 'no_client_grant', scopes: [], policy: 'allow_all' }],
      ['partner', null, 'client', undefined, { allowed: false, reason: 'system_api_third_party', scopes: [], policy: 'require_client_grant' }],
      ['m2m', null, 'user', undefined, { allowed: false, reason: 'api_policy_deny_all', scopes: [], policy: 'deny_all' }],
    ] as const)('200: %s on %s as %s asking for %s', async (who, aud, subjectType, scope, expected) => {
      const { grant, ...rest } = expected as typeof expected & { grant?: string };
      const res = await api('GET', query({ client_id: ids[who]!, audience: aud ?? t.main.tenant.managementAudience, subject_type: subjectType, ...(scope ? { scope } : {}) }));
      expect(res.statusCode).toBe(200);
      expectMatchesContract('GET', ACCESS, res);
      expect(res.json()).toEqual({ ...rest, explanation: expect.any(String), ...(grant ? { grant_id: grants[grant]!.id } : {}) });
    });

    it('200: subject_type defaults to client; unknown query parameters are ignored', async () => {
      const res = await api('GET', query({ client_id: ids.m2m!, audience, unrelated: 'yes' }));
      expect(res.statusCode).toBe(200);
      expectMatchesContract('GET', ACCESS, res);
      expect(res.json()).toMatchObject({ allowed: true, reason: 'granted_by_client_grant', grant_id: grants.m2m!.id });
    });

    it.each([
      ['no client_id', () => ({ audience })],
      ['no audience', () => ({ client_id: ids.m2m! })],
      ['an unknown subject_type', () => ({ client_id: ids.m2m!, audience, subject_type: 'robot' })],
    ])('400 invalid_query_string for %s', async (_, make) => {
      const res = await api('GET', query(make()));
      expect(res.statusCode).toBe(400);
      expect(res.json().errorCode).toBe('invalid_query_string');
      expectMatchesContract('GET', ACCESS, res);
    });

    it('401 without a token, 403 without read:client_grants', async () => {
      const anonymous = await api('GET', query({ client_id: ids.m2m!, audience }), { bearer: null });
      expect(anonymous.statusCode).toBe(401);
      expectMatchesContract('GET', ACCESS, anonymous);
      const narrow = await api('GET', query({ client_id: ids.m2m!, audience }), { bearer: await tokenWith('read:clients read:resource_servers') });
      expect(narrow.statusCode).toBe(403);
      expect(narrow.json().message).toBe('Insufficient scope, expected any of: read:client_grants');
      expectMatchesContract('GET', ACCESS, narrow);
    });

    it('404 inexistent_client for an unknown application, inexistent_resource_server for an unknown audience', async () => {
      const noClient = await api('GET', query({ client_id: 'unknownclient0000000000000000000', audience }));
      expect(noClient.statusCode).toBe(404);
      expect(noClient.json().errorCode).toBe('inexistent_client');
      expectMatchesContract('GET', ACCESS, noClient);
      const noApi = await api('GET', query({ client_id: ids.m2m!, audience: 'urn:contract:nowhere' }));
      expect(noApi.statusCode).toBe(404);
      expect(noApi.json()).toMatchObject({ errorCode: 'inexistent_resource_server', message: 'No resource with identifier urn:contract:nowhere' });
      expectMatchesContract('GET', ACCESS, noApi);
    });

    it('405 with Allow for another method', async () => {
      const res = await api('POST', ACCESS, { payload: {} });
      expect(res.statusCode).toBe(405);
      expect(String(res.headers.allow).split(/\s*,\s*/)).toContain('GET');
      expectMatchesContract('POST', ACCESS, res);
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
      if (r.isPublic) {
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
        for (const scope of r.scopes) expect({ where, describes: scope, found: described.includes(`\`${scope}\``) }).toEqual({ where, describes: scope, found: true });
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

/**
 * Routes the server registers that openapi.yaml does not document yet (`METHOD /nest/:path`). Document
 * them in openapi.yaml, exercise them here, then delete them from this list (it may only shrink).
 */
const NOT_YET_DOCUMENTED: string[] = [];

/** One call to each documented /api/v2 and /ext/v1 operation but the catch-all (ids need not exist). */
const ONE_CALL_PER_OPERATION = [
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
  ['GET', ACLS, ACLS, undefined],
  ['POST', ACLS, ACLS, { description: 'x', active: false, priority: 1, rule: { action: { log: true }, scope: 'dcr' } }],
  ['GET', ACL, `${ACLS}/acl_0000000000000000`, undefined],
  ['PUT', ACL, `${ACLS}/acl_0000000000000000`, { description: 'x', active: false, priority: 1, rule: { action: { log: true }, scope: 'dcr' } }],
  ['PATCH', ACL, `${ACLS}/acl_0000000000000000`, { priority: 1 }],
  ['DELETE', ACL, `${ACLS}/acl_0000000000000000`, undefined],
  ['GET', LOGS, LOGS, undefined],
  ['GET', LOG, `${LOGS}/123`, undefined],
] as const;

describe('discovery and Dynamic Client Registration', () => {
  const OPENID = '/.well-known/openid-configuration';
  const OAUTH = '/.well-known/oauth-authorization-server';
  const DISCOVERY = [OPENID, OAUTH] as const;
  let t: TestApp;
  let token: string;
  let acme: TenantHandle;
  beforeAll(async () => {
    t = await createTestApp();
    token = await t.token();
    acme = await t.createTenant('acme.localhost:3000');
  });
  afterAll(() => t.close());

  const setDcr = async (enabled: boolean, tenant: TenantHandle = t.main) => {
    const res = await t.inject({
      method: 'PATCH',
      url: SETTINGS,
      host: tenant.host,
      headers: { authorization: `Bearer ${tenant === t.main ? token : await t.token(tenant)}` },
      payload: { flags: { enable_dynamic_client_registration: enabled } },
    });
    expect(res.statusCode).toBe(200);
    expectMatchesContract('PATCH', SETTINGS, res);
  };
  const discover = (url: string, host?: string) => t.inject({ method: 'GET', url, host });
  const adminGet = (clientId: string) => t.inject({ method: 'GET', url: `${CLIENTS}/${clientId}`, headers: { authorization: `Bearer ${token}` } });

  // The registration limit is 5 per second per tenant, in fixed one-second windows of the server's clock
  // (t.clock), and every request counts, refused ones included. `register` keeps clear of it: it counts
  // each request in every window it may have landed in (the one it was sent in and the one it ended in)
  // and sleeps into the next window when the current one may be used up. Only the 429 test spends a
  // window on purpose.
  const sent = new Map<string, number>();
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));
  const nextWindow = () => sleep(1000 - (t.clock.nowMs() % 1000) + 5);
  const register = async (payload: unknown, opts: { host?: string } = {}) => {
    const host = opts.host ?? t.main.host;
    const key = (w: number) => `${host} ${w}`;
    const windowNow = () => Math.floor(t.clock.nowMs() / 1000);
    if ((sent.get(key(windowNow())) ?? 0) >= DCR_LIMIT_PER_SECOND) await nextWindow();
    const first = windowNow();
    const res = await t.inject({ method: 'POST', url: REGISTER, host, payload: payload as object });
    for (let w = first; w <= windowNow(); w++) sent.set(key(w), (sent.get(key(w)) ?? 0) + 1);
    return res;
  };

  describe('while DCR is disabled (the default)', () => {
    it.each(DISCOVERY)('GET %s → 200: the issuer is exactly the tenant base URL; no registration_endpoint', async (url) => {
      const res = await discover(url);
      expect(res.statusCode).toBe(200);
      expectMatchesContract('GET', url, res);
      const d = res.json();
      expect(d.issuer).toBe('http://localhost:3000/');
      expect(d.issuer).toBe(t.main.tenant.issuer);
      // Only the endpoints Gatehouse serves (issue 9 §7; test/e2e/discovery.e2e-spec.ts walks them).
      expect(d).toEqual({
        issuer: 'http://localhost:3000/',
        token_endpoint: 'http://localhost:3000/oauth/token',
        jwks_uri: 'http://localhost:3000/.well-known/jwks.json',
        response_types_supported: [],
        grant_types_supported: ['client_credentials'],
        token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
        request_uri_parameter_supported: false,
        request_parameter_supported: false,
      });
      expect(d).not.toHaveProperty('registration_endpoint');
      const urls = Object.entries(d).filter(([k]) => k.endsWith('_endpoint') || k === 'jwks_uri');
      expect(urls.filter(([, v]) => !String(v).startsWith(d.issuer))).toEqual([]);
    });

    it('both documents are the same; another tenant gets its own issuer', async () => {
      const [openid, oauth] = await Promise.all(DISCOVERY.map((url) => discover(url)));
      expect(oauth!.json()).toEqual(openid!.json());
      for (const url of DISCOVERY) {
        const res = await discover(url, acme.host);
        expect(res.statusCode).toBe(200);
        expectMatchesContract('GET', url, res);
        expect(res.json()).toMatchObject({ issuer: 'http://acme.localhost:3000/', token_endpoint: 'http://acme.localhost:3000/oauth/token' });
        expect(res.json().issuer).toBe(acme.tenant.issuer);
      }
    });

    it('POST /oidc/register → 403 access_denied (RFC 7591 shape), counted against the limit, no-store', async () => {
      const body = { client_name: 'Too early', redirect_uris: ['https://mcp.contract.example/callback'] };
      expectRequestMatchesContract('POST', REGISTER, 'application/json', body);
      const res = await register(body);
      expect(res.statusCode).toBe(403);
      expect(res.json()).toEqual({ error: 'access_denied', error_description: expect.any(String) });
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers['x-ratelimit-limit']).toBe(String(DCR_LIMIT_PER_SECOND));
      expectMatchesContract('POST', REGISTER, res);
    });
  });

  describe('while DCR is enabled', () => {
    beforeAll(() => setDcr(true));

    it.each(DISCOVERY)('GET %s → 200 with registration_endpoint', async (url) => {
      const res = await discover(url);
      expect(res.statusCode).toBe(200);
      expectMatchesContract('GET', url, res);
      expect(res.json().registration_endpoint).toBe('http://localhost:3000/oidc/register');
      // Still off for the other tenant.
      expect((await discover(url, acme.host)).json()).not.toHaveProperty('registration_endpoint');
    });

    it.each([
      [
        'a public native client (unknown members ignored)',
        {
          client_name: 'Contract MCP client',
          redirect_uris: ['http://127.0.0.1:33418/callback', 'com.contract.app:/oauth/callback'],
          token_endpoint_auth_method: 'none',
          grant_types: ['authorization_code', 'refresh_token'],
          response_types: ['code'],
          application_type: 'native',
          client_uri: 'https://mcp.contract.example',
          contacts: ['ops@mcp.contract.example'],
          scope: 'openid offline_access',
          software_id: 'contract-test',
        },
        'native',
      ],
      [
        'a public browser client with a logo',
        { client_name: 'Contract SPA', redirect_uris: ['https://spa.contract.example/cb'], token_endpoint_auth_method: 'none', logo_uri: 'https://spa.contract.example/logo.png' },
        'spa',
      ],
      ['only redirect_uris: every default', { redirect_uris: ['https://web.contract.example/cb'] }, 'regular_web'],
      [
        'a confidential client using client_secret_basic',
        { client_name: 'Contract backend', redirect_uris: ['https://backend.contract.example/cb'], token_endpoint_auth_method: 'client_secret_basic', application_type: 'native' },
        'regular_web',
      ],
    ] as const)('201 for %s: a strict tpc_ client, reported as app_type %s', async (_, body, appType) => {
      expectRequestMatchesContract('POST', REGISTER, 'application/json', body);
      const res = await register(body);
      expect(res.statusCode).toBe(201);
      expectMatchesContract('POST', REGISTER, res);
      expect(res.headers['cache-control']).toBe('no-store');
      const b = body as Json;
      const isPublic = b.token_endpoint_auth_method === 'none';
      expect(res.json()).toEqual({
        client_id: expect.stringMatching(/^tpc_[A-Za-z0-9]{22}$/),
        ...(isPublic ? {} : { client_secret: expect.any(String) }),
        client_secret_expires_at: 0,
        client_name: b.client_name ?? 'Dynamic client',
        redirect_uris: b.redirect_uris,
        grant_types: b.grant_types ?? ['authorization_code', 'refresh_token'],
        response_types: b.response_types ?? ['code'],
        token_endpoint_auth_method: b.token_endpoint_auth_method ?? 'client_secret_post',
        application_type: b.application_type ?? 'web',
        ...(b.logo_uri ? { logo_uri: b.logo_uri } : {}),
      });

      // The tenant's admins see it as a strict third-party application.
      const client = await adminGet(res.json().client_id);
      expect(client.statusCode).toBe(200);
      expectMatchesContract('GET', CLIENT, client);
      expect(client.json()).toMatchObject({
        is_first_party: false,
        third_party_security_mode: 'strict',
        app_type: appType,
        callbacks: b.redirect_uris,
        token_endpoint_auth_method: b.token_endpoint_auth_method ?? 'client_secret_post',
        external_metadata_type: 'dcr',
        external_metadata_created_by: 'client',
        ...(isPublic ? {} : { client_secret: res.json().client_secret }),
      });
    });

    const uri = 'https://app.contract.example/cb';
    it.each([
      ['no redirect_uris', 'invalid_redirect_uri', { client_name: 'x' }],
      ['an empty redirect_uris', 'invalid_redirect_uri', { redirect_uris: [] }],
      ['a relative redirect URI', 'invalid_redirect_uri', { redirect_uris: ['/callback'] }],
      ['a wildcard redirect URI', 'invalid_redirect_uri', { redirect_uris: ['https://*.contract.example/cb'] }],
      ['a redirect URI with a fragment', 'invalid_redirect_uri', { redirect_uris: [`${uri}#top`] }],
      ['a JSON array', 'invalid_redirect_uri', [{ redirect_uris: [uri] }]],
      ['redirect_uris that is a string', 'invalid_client_metadata', { redirect_uris: uri }],
      ['an unknown token_endpoint_auth_method', 'invalid_client_metadata', { redirect_uris: [uri], token_endpoint_auth_method: 'private_key_jwt' }],
      ['an unknown application_type', 'invalid_client_metadata', { redirect_uris: [uri], application_type: 'desktop' }],
      ['a client_name that is not a string', 'invalid_client_metadata', { redirect_uris: [uri], client_name: 42 }],
      ['a client_name over 255 characters', 'invalid_client_metadata', { redirect_uris: [uri], client_name: 'n'.repeat(256) }],
      ['grant_types that is not an array', 'invalid_client_metadata', { redirect_uris: [uri], grant_types: 'authorization_code' }],
    ])('400 for %s → %s (refused by the documented schema too)', async (_, error, body) => {
      expectRequestRejectedByContract('POST', REGISTER, body);
      const res = await register(body);
      expect(res.statusCode).toBe(400);
      expect(res.json()).toEqual({ error, error_description: expect.any(String) });
      expect(res.headers['cache-control']).toBe('no-store');
      // Counted against the limit, and says so like every other registration answer.
      expect(res.headers['x-ratelimit-limit']).toBe('5');
      expect(res.headers['x-ratelimit-remaining']).toMatch(/^[0-9]+$/);
      expectMatchesContract('POST', REGISTER, res);
    });

    it.each([
      ['the client_credentials grant', { grant_types: ['authorization_code', 'client_credentials'] }],
      ['the implicit grant', { grant_types: ['implicit'] }],
      ['a response type other than code', { response_types: ['code', 'token'] }],
    ])('400 invalid_client_metadata for %s on a strict application (a mode rule, beyond the schema)', async (_, extra) => {
      const body = { redirect_uris: [uri], ...extra };
      expectRequestMatchesContract('POST', REGISTER, 'application/json', body);
      const res = await register(body);
      expect(res.statusCode).toBe(400);
      expect(res.json()).toEqual({ error: 'invalid_client_metadata', error_description: expect.any(String) });
      expectMatchesContract('POST', REGISTER, res);
    });

    it('400 invalid_body (Auth0 shape, no rate-limit headers) for malformed JSON; 413; 415', async () => {
      // Refused before the rate limiter runs, so they need no pacing.
      const post = (contentType: string, payload: string) => t.inject({ method: 'POST', url: REGISTER, headers: { 'content-type': contentType }, payload });
      const bad = await post('application/json', '{"redirect_uris":');
      expect(bad.statusCode).toBe(400);
      expect(bad.json()).toMatchObject({ statusCode: 400, errorCode: 'invalid_body' });
      expect(bad.headers['x-ratelimit-limit']).toBeUndefined();
      expectMatchesContract('POST', REGISTER, bad);
      const big = await post('application/json', HUGE);
      expect(big.statusCode).toBe(413);
      expectMatchesContract('POST', REGISTER, big);
      const xml = await post('application/xml', '<redirect_uris/>');
      expect(xml.statusCode).toBe(415);
      expectMatchesContract('POST', REGISTER, xml);
    });

    it('429 too_many_requests with Retry-After on the sixth request of a second; another tenant is not limited', async () => {
      await setDcr(true, acme);
      // Six requests at once from the start of a fresh one-second window of the server's clock (a few
      // milliseconds in all), bypassing register()'s pacing.
      await nextWindow();
      const answers: LightMyRequestResponse[] = [];
      for (let i = 0; i <= DCR_LIMIT_PER_SECOND; i++) {
        answers.push(await t.inject({ method: 'POST', url: REGISTER, payload: { client_name: `burst ${i}`, redirect_uris: [`${uri}/${i}`] } }));
      }
      sent.set(`${t.main.host} ${Math.floor(t.clock.nowMs() / 1000)}`, DCR_LIMIT_PER_SECOND + 1);
      expect(answers.map((r) => [r.statusCode, r.headers['x-ratelimit-remaining']])).toEqual([
        [201, '4'],
        [201, '3'],
        [201, '2'],
        [201, '1'],
        [201, '0'],
        [429, '0'],
      ]);
      answers.slice(0, DCR_LIMIT_PER_SECOND).forEach((r) => expectMatchesContract('POST', REGISTER, r));
      const limited = answers[DCR_LIMIT_PER_SECOND]!;
      expect(limited.json()).toEqual({ error: 'too_many_requests', error_description: expect.any(String) });
      expect(limited.headers['retry-after']).toBe('1');
      expect(limited.headers['x-ratelimit-reset']).toBe(answers[0]!.headers['x-ratelimit-reset']);
      expectMatchesContract('POST', REGISTER, limited);

      const elsewhere = await register({ redirect_uris: ['https://acme.contract.example/cb'] }, { host: acme.host });
      expect(elsewhere.statusCode).toBe(201);
      expectMatchesContract('POST', REGISTER, elsewhere);
    });
  });

  describe('after DCR is turned off again', () => {
    beforeAll(() => setDcr(false));

    it('discovery drops registration_endpoint and registrations are refused', async () => {
      for (const url of DISCOVERY) {
        const res = await discover(url);
        expectMatchesContract('GET', url, res);
        expect(res.json()).not.toHaveProperty('registration_endpoint');
      }
      const res = await register({ redirect_uris: ['https://app.contract.example/cb'] });
      expect(res.statusCode).toBe(403);
      expect(res.json().error).toBe('access_denied');
      expectMatchesContract('POST', REGISTER, res);
    });
  });

  describe('in an account eligible for permissive mode (DCR mode left unset)', () => {
    let old: TestApp;
    beforeAll(async () => {
      // A third-party application from before April 2026 makes the account eligible.
      old = await createTestApp({ now: new Date('2026-03-01T00:00:00Z') });
      const adminToken = await old.token();
      const auth = { authorization: `Bearer ${adminToken}` };
      const legacy = await old.inject({ method: 'POST', url: CLIENTS, headers: auth, payload: { name: 'legacy partner', is_first_party: false } });
      expect(legacy.json().third_party_security_mode).toBe('permissive');
      const on = await old.inject({ method: 'PATCH', url: SETTINGS, headers: auth, payload: { flags: { enable_dynamic_client_registration: true } } });
      expect(on.json().flags.enable_dynamic_client_registration).toBe(true);
    });
    afterAll(() => old.close());

    it('201: a permissive client with a standard 32-character id and the grants strict would refuse', async () => {
      const body = { redirect_uris: ['https://legacy.contract.example/cb'], grant_types: ['authorization_code', 'implicit'], response_types: ['code', 'id_token'] };
      expectRequestMatchesContract('POST', REGISTER, 'application/json', body);
      const res = await old.inject({ method: 'POST', url: REGISTER, payload: body });
      expect(res.statusCode).toBe(201);
      expectMatchesContract('POST', REGISTER, res);
      expect(res.json()).toMatchObject({ client_id: expect.stringMatching(/^[A-Za-z0-9]{32}$/), ...body });
    });
  });
});

describe('429 when the tenant rate limit is used up', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { GATEHOUSE_MANAGEMENT_RATE_LIMIT: '2' } });
  });
  afterAll(() => t.close());

  it('answers 429 too_many_requests with Retry-After and rate-limit headers', async () => {
    const token = await t.token();
    const call = (method: (typeof ALL_UNEMULATED_METHODS)[number]) =>
      t.inject({ method, url: '/api/v2/rules', headers: { authorization: `Bearer ${token}` }, ...(method === 'POST' ? { payload: {} } : {}) });
    expect((await call('GET')).statusCode).toBe(403);
    expect((await call('GET')).statusCode).toBe(403);
    for (const method of ALL_UNEMULATED_METHODS) {
      const res = await call(method);
      expect(res.statusCode).toBe(429);
      expect(res.headers['x-ratelimit-remaining']).toBe('0');
      expectMatchesContract(method, UNEMULATED, res);
    }
    // The limit is per tenant, shared by every Management API and /ext/v1 route.
    for (const [method, template, url, payload] of ONE_CALL_PER_OPERATION) {
      const res = await t.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(payload ? { payload } : {}) });
      expect({ call: `${method} ${url}`, status: res.statusCode }).toEqual({ call: `${method} ${url}`, status: 429 });
      expect(res.json().errorCode).toBe('too_many_requests');
      expectMatchesContract(method, template, res);
    }
  });
});

describe('when the database goes away', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('answers 500 with a correlation id, and /readyz 503', async () => {
    const token = await t.token();
    const auth = { authorization: `Bearer ${token}` };
    await t.inject({ method: 'GET', url: '/.well-known/jwks.json' }); // keys cached before the outage
    // The tenant and the verified token are cached too: during the outage the routes themselves fail.
    expect((await t.inject({ method: 'GET', url: CLIENTS, headers: auth })).statusCode).toBe(200);
    await t.app.get(DataSource).destroy();

    const ready = await t.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(503);
    expectMatchesContract('GET', '/readyz', ready);

    // Discovery needs nothing but the (cached) tenant; a registration is counted in the database first.
    for (const url of ['/.well-known/openid-configuration', '/.well-known/oauth-authorization-server']) {
      const discovery = await t.inject({ method: 'GET', url });
      expect(discovery.statusCode).toBe(200);
      expectMatchesContract('GET', url, discovery);
    }
    const registration = await t.inject({ method: 'POST', url: REGISTER, payload: { redirect_uris: ['https://app.example/cb'] } });
    expect(registration.statusCode).toBe(500);
    expect(registration.json().message).toContain(String(registration.headers['x-request-id']));
    expect(registration.headers['x-ratelimit-limit']).toBeUndefined();
    expectMatchesContract('POST', REGISTER, registration);

    const tokenRes = await t.inject({ method: 'POST', url: TOKEN, payload: { grant_type: 'client_credentials', client_id: 'x', client_secret: 'y' } });
    expect(tokenRes.statusCode).toBe(500);
    expect(tokenRes.json().message).toContain(String(tokenRes.headers['x-request-id']));
    expectMatchesContract('POST', TOKEN, tokenRes);

    // Linting needs no database; every other route here reads or writes it.
    for (const [method, template, url, payload] of ONE_CALL_PER_OPERATION) {
      const res = await t.inject({ method, url, headers: auth, ...(payload ? { payload } : {}) });
      const expected = template === LINT ? 200 : 500;
      expect({ call: `${method} ${url}`, status: res.statusCode }).toEqual({ call: `${method} ${url}`, status: expected });
      if (expected === 500) expect(res.json().message).toContain(String(res.headers['x-request-id']));
      expectMatchesContract(method, template, res);
    }

    // A host the server has not seen yet needs the database to find its tenant: every route but the
    // health probes fails, before any rate-limit headers can be computed.
    const unseen = 'unseen.localhost:3000';
    const health = await t.inject({ method: 'GET', url: '/healthz', host: unseen });
    expect(health.statusCode).toBe(200);
    expectMatchesContract('GET', '/healthz', health);
    for (const [method, template, url, payload] of [
      ['GET', '/.well-known/jwks.json', '/.well-known/jwks.json', undefined],
      ['GET', '/.well-known/openid-configuration', '/.well-known/openid-configuration', undefined],
      ['GET', '/.well-known/oauth-authorization-server', '/.well-known/oauth-authorization-server', undefined],
      ['POST', REGISTER, REGISTER, { redirect_uris: ['https://app.example/cb'] }],
      ...ALL_UNEMULATED_METHODS.map((m) => [m, UNEMULATED, '/api/v2/rules', m === 'GET' || m === 'DELETE' ? undefined : { name: 'x' }] as const),
      ...ONE_CALL_PER_OPERATION,
    ] as const) {
      const res = await t.inject({ method, url, host: unseen, headers: auth, ...(payload ? { payload } : {}) });
      expect({ call: `${method} ${url}`, status: res.statusCode }).toEqual({ call: `${method} ${url}`, status: 500 });
      expect(res.json().message).toContain(String(res.headers['x-request-id']));
      expect(res.headers['x-ratelimit-limit']).toBeUndefined();
      expectMatchesContract(method, template, res);
    }
  });
});

/**
 * Documented statuses no test provokes, with the reason. Everything else documented must have been
 * seen in a real response.
 */
const NOT_PROVOKED: string[] = [
  // The probes need neither a tenant nor (/healthz) the database, and a database outage makes /readyz
  // answer 503: only a fault in the framework itself would give these 500s.
  'GET /healthz → 500',
  'GET /readyz → 500',
];

// Runs last (Jest keeps declaration order): the suite above must have touched every documented operation.
describe('coverage of openapi.yaml', () => {
  it('every documented path + method was exercised at least once', () => {
    expect(documentedOperations().filter((op) => !exercised.has(op))).toEqual([]);
  });

  it('every documented status was seen in a real response (but for NOT_PROVOKED)', () => {
    const documented = documentedOperations().flatMap((op) => {
      const [m, p] = op.split(' ');
      return Object.keys(doc.paths[p!][m!.toLowerCase()].responses).map((status) => `${op} → ${status}`);
    });
    expect(documented.filter((s) => !exercisedStatuses.has(s)).sort()).toEqual([...NOT_PROVOKED].sort());
    // The exceptions may only shrink, too.
    expect(NOT_PROVOKED.filter((s) => !documented.includes(s) || exercisedStatuses.has(s))).toEqual([]);
  });
});
