import { readFileSync } from 'fs';
import { isIPv4, isIPv6 } from 'net';
import { join } from 'path';
import Ajv2020 from 'ajv/dist/2020';
import type { ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { LightMyRequestResponse } from 'fastify';
import { useTestApp } from '@gatehouse/testing';

/**
 * Gatehouse's real responses checked against Auth0's own published response schemas (issue 9 §9): the
 * 2xx schemas of the routes Gatehouse emulates, derived from Auth0's Management API OpenAPI by
 * scripts/derive-response-schemas.js into test/fixtures/auth0-response-schemas.json (facts only).
 *
 * A representative tenant is built (first-party clients of several app_types, strict and permissive
 * third-party clients, key-authenticated clients, APIs with scopes, per-client and default grants, tenant
 * settings) and every answer is validated. Where Auth0's schema contradicts Auth0's recorded traffic
 * (test/fixtures/auth0-recordings), the recording wins: that one property is exempted below, naming the
 * recording. Anything else is Gatehouse's to fix.
 */

type Json = Record<string, any>;

interface Fixture {
  routes: Record<string, { status: number; schema: Json }>;
  $defs: Record<string, Json>;
}

const fixture: Fixture = JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'auth0-response-schemas.json'), 'utf8'));

// OpenAPI 3.1 schemas are JSON Schema 2020-12. Auth0's document is not written for Ajv's strict mode
// (e.g. `required` naming properties declared elsewhere), so strict mode is off: it lints schemas, it
// does not loosen validation.
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
// `cidr` and `ipv6_cidr` (a token vault IP allow-list entry is one of ipv4, ipv6, cidr, ipv6_cidr) mean
// what they say; left permissive they would match every entry and make that `oneOf` ambiguous.
const cidr = (isIp: (a: string) => boolean, bits: number) => (v: string) => {
  const [address, prefix, ...rest] = v.split('/');
  return rest.length === 0 && !!address && isIp(address) && /^\d{1,3}$/.test(prefix ?? '') && Number(prefix) <= bits;
};
ajv.addFormat('cidr', { type: 'string', validate: cidr(isIPv4, 32) });
ajv.addFormat('ipv6_cidr', { type: 'string', validate: cidr(isIPv6, 128) });
// Auth0's other own formats (`callback-url`, `client-id`, `credential-id`, …) have no public definition:
// any string passes. The standard ones ajv-formats knows (date-time, ipv4, …) are checked.
const knownFormats = new Set(Object.keys(ajv.formats));
JSON.stringify(fixture, (key, value) => {
  if (key === 'format' && typeof value === 'string' && !knownFormats.has(value)) {
    ajv.addFormat(value, { type: 'string', validate: () => true });
    knownFormats.add(value);
  }
  return value;
});
ajv.addSchema({ $id: 'urn:auth0:management-oas', $defs: fixture.$defs });

const validators = new Map<Json, ValidateFunction>();
function validatorFor(schema: Json): ValidateFunction {
  let fn = validators.get(schema);
  if (!fn) {
    const linked = JSON.parse(JSON.stringify(schema).replace(/"#\/\$defs\//g, '"urn:auth0:management-oas#/$defs/'));
    validators.set(schema, (fn = ajv.compile(linked)));
  }
  return fn;
}

const resolve = (schema: Json): Json => {
  let s = schema;
  while (s.$ref) s = fixture.$defs[String(s.$ref).replace('#/$defs/', '')]!;
  return s;
};

/**
 * The `oneOf` branch of a list schema that describes the shape of `body` (bare array, offset page with
 * totals, checkpoint page), so that a failure is reported by the branch's own errors rather than as
 * "matches no branch". Undefined when the schema is no list or has no branch of that shape.
 */
function listBranch(schema: Json, body: unknown): Json | undefined {
  const branches: Json[] | undefined = resolve(schema).oneOf;
  if (!branches) return undefined;
  const has = (b: Json, p: string) => !!resolve(b).properties?.[p];
  if (Array.isArray(body)) return branches.find((b) => resolve(b).type === 'array');
  const totals = body && typeof body === 'object' && 'total' in body;
  return branches.find((b) => (totals ? has(b, 'total') : has(b, 'next')));
}

/**
 * Where Auth0's OAS and Auth0's recorded answers disagree, the recording wins. Each exemption is one
 * property (a JSON pointer pattern into one resource; in a list answer, into each item) and the schema
 * keyword it breaks, for the routes that return that resource.
 */
interface Exemption {
  routes: RegExp;
  path: RegExp;
  keyword: string;
  /** For `additionalProperties`: the undeclared member. */
  member?: RegExp;
  why: string;
}
const EXEMPTIONS: Exemption[] = [
  {
    // Auth0's OAS says 201; every recorded PATCH answer is 200.
    routes: /^PATCH \/resource-servers\/\{id\}$/,
    path: /^$/,
    keyword: 'status',
    why: 'TestAccResourceServerScopes.yaml, TestAccResourceServerOnlineAccess.yaml, TestAccClientGrant_DefaultFor.yaml: PATCH /api/v2/resource-servers/{id} answers 200',
  },
  {
    // The OAS's offset and checkpoint list objects have no required member, so a last checkpoint page
    // (`{"client_grants": [...]}`, no `next`) matches both and fails `oneOf`. Auth0 answers exactly so.
    routes: /^GET \/(clients|client-grants)$/,
    path: /^$/,
    keyword: 'oneOf',
    why: 'TestAccDataSourceClientGrantOrganizations.yaml (GET /api/v2/client-grants/{id}/organizations?include_totals=true&take=50 answers {"organizations":[…]}) and TestAccOrganizationClientGrant.yaml ({"members":[]}): a last checkpoint page has no next',
  },
  {
    routes: /^(GET|PATCH) \/tenants\/settings$/,
    path: /^(\/flags)?$/,
    keyword: 'additionalProperties',
    member: /^(universal_login|new_universal_login_experience_enabled|cannot_change_enforce_client_authentication_on_passwordless_start)$/,
    why: 'TestAccTenant_EnableSSO.yaml, TestAccTenant_CountryCodes.yaml, TestAccTenantDefaultTokenQuota.yaml, TestAccTenant_DynamicClientRegistrationSecurityMode.yaml: every recorded GET/PATCH answer has universal_login and flags.universal_login (flags.new_universal_login_experience_enabled in EnableSSO and CountryCodes; flags.cannot_change_enforce_client_authentication_on_passwordless_start in every PATCH answer), which the OAS does not declare',
  },
  {
    routes: /^(GET|PATCH) \/clients(\/\{id\})?$/,
    path: /^\/token_vault_privileged_access$/,
    keyword: 'additionalProperties',
    member: /^grants$/,
    why: 'TestAccClientCredentialsTokenVaultPrivilegedAccessSurvivesAuthMethodSwitch.yaml: Auth0 accepts and answers token_vault_privileged_access.grants, which the OAS does not declare',
  },
];

/**
 * Failures that are Gatehouse's to fix (libs/clients), listed so that this suite stays green while they
 * are open and turns red when one is fixed (remove it here then) or when any new failure appears.
 */
type GatehouseFault = Exemption;
const GATEHOUSE_FAULTS: GatehouseFault[] = [];
const knownFaults = new Map<GatehouseFault, Failure[]>();

/** A path into one resource: a list answer's leading position (`/3`, `/clients/3`) removed. */
function itemPath(path: string): string {
  return path.replace(/^(\/(clients|client_grants|resource_servers))?\/\d+(?=\/|$)/, '');
}

interface Failure {
  route: string;
  label: string;
  path: string;
  keyword: string;
  member?: string;
  message: string;
}

const failures: Failure[] = [];
const exempted: (Failure & { why: string })[] = [];
const checkedPerRoute = new Map<string, number>();

function describeError(e: ErrorObject): string {
  const params = Object.entries(e.params)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(' ');
  return `${e.message ?? e.keyword}${params ? ` (${params})` : ''}`;
}

/** Validate one real answer of `route` against Auth0's schema; failures not exempted are collected. */
function check(route: string, label: string, res: LightMyRequestResponse): Json {
  const expected = fixture.routes[route];
  if (!expected) throw new Error(`no Auth0 schema for ${route}`);
  if (res.statusCode < 200 || res.statusCode >= 300) throw new Error(`${label}: ${route} answered ${res.statusCode} ${res.body}`);
  checkedPerRoute.set(route, (checkedPerRoute.get(route) ?? 0) + 1);
  const found: Failure[] = [];
  if (res.statusCode !== expected.status) {
    found.push({ route, label, path: '', keyword: 'status', message: `status ${res.statusCode}, Auth0's OAS says ${expected.status}` });
  }
  const body = res.json() as Json;
  const branch = listBranch(expected.schema, body);
  const validate = validatorFor(branch ?? expected.schema);
  if (!validate(body)) {
    for (const e of validate.errors ?? []) {
      const member = e.keyword === 'additionalProperties' ? String(e.params.additionalProperty) : undefined;
      found.push({ route, label, path: e.instancePath, keyword: e.keyword, member, message: describeError(e) });
    }
  } else if (branch && !validatorFor(expected.schema)(body)) {
    // The body has the shape of one list branch and matches it, yet `oneOf` fails: it matches several.
    const oneOf = validatorFor(expected.schema).errors?.find((e) => e.keyword === 'oneOf' && e.instancePath === '');
    found.push({ route, label, path: '', keyword: 'oneOf', message: oneOf ? describeError(oneOf) : ajv.errorsText(validatorFor(expected.schema).errors) });
  }
  for (const f of found) {
    const matches = (x: Exemption | GatehouseFault) =>
      x.routes.test(f.route) && x.keyword === f.keyword && x.path.test(itemPath(f.path)) && (!x.member || x.member.test(f.member ?? ''));
    const exemption = EXEMPTIONS.find(matches);
    const fault = GATEHOUSE_FAULTS.find(matches);
    if (exemption) exempted.push({ ...f, why: exemption.why });
    else if (fault) knownFaults.set(fault, [...(knownFaults.get(fault) ?? []), f]);
    else failures.push(f);
  }
  return body;
}

/** The failures of list answers are reported once per item path pattern (`/3/x` → `/*\/x`). */
function summary(list: Failure[]): string[] {
  const seen = new Map<string, string[]>();
  for (const f of list) {
    const key = `${f.route} ${f.path.replace(/\/\d+(?=\/|$)/g, '/*') || '(body)'}: ${f.message}`;
    const labels = seen.get(key) ?? [];
    if (!labels.includes(f.label)) labels.push(f.label);
    seen.set(key, labels);
  }
  return [...seen.entries()].map(([k, labels]) => `${k} [${labels.join('; ')}]`).sort();
}

describe("Gatehouse's responses against Auth0's published response schemas", () => {
  it('the checker refuses what Auth0 refuses (an undeclared member of a closed object, a wrong type)', () => {
    const grant = validatorFor(fixture.routes['GET /client-grants/{id}']!.schema);
    expect(grant({ id: 'cgr_1', client_id: 'c', audience: 'https://a.example/', scope: ['read:a'] })).toBe(true);
    expect(grant({ id: 'cgr_1', audience: 'https://a.example/', scope: ['read:a'], owner_key: 'x' })).toBe(false);
    const client = validatorFor(fixture.routes['GET /clients/{id}']!.schema);
    expect(client({ client_id: 'c', refresh_token: { rotation_type: 'rotating', expiration_type: 'expiring', leeway: null } })).toBe(false);
    expect(client({ client_id: 'c', token_vault_privileged_access: { credentials: [], ip_allowlist: ['10.0.0.0/8', '::1'] } })).toBe(true);
  });

  // Before April 2026 a third-party client is permissive by default and makes the account eligible,
  // so permissive clients can still be asked for explicitly once the clock is today's.
  const app = useTestApp({ now: new Date('2026-03-01T00:00:00Z') });
  const { t } = app;
  const ids: Record<string, string> = {};
  const apis: Record<string, Json> = {};

  const call = app.api();

  /** POST a client and check the answer; the id is kept under `label`. */
  async function createClient(label: string, body: Json): Promise<Json> {
    const created = check('POST /clients', label, await call('POST', '/api/v2/clients', body));
    ids[label] = created.client_id;
    return created;
  }

  beforeAll(async () => {
    await createClient('permissive third-party (pre-April default)', {
      name: 'Partner portal (pre-existing)',
      is_first_party: false,
      app_type: 'regular_web',
      callbacks: ['https://partner.example/callback'],
    });
    await t.restart();
  });

  describe('clients', () => {
    it('POST /clients: first-party clients of several app_types, third-party clients, key authentication', async () => {
      await createClient('regular_web with many properties', {
        name: 'Storefront',
        description: 'The shop',
        app_type: 'regular_web',
        logo_uri: 'https://shop.example/logo.png',
        callbacks: ['https://shop.example/callback', 'https://*.shop.example/callback'],
        allowed_origins: ['https://shop.example'],
        web_origins: ['https://shop.example'],
        allowed_logout_urls: ['https://shop.example/bye'],
        initiate_login_uri: 'https://shop.example/login',
        token_endpoint_auth_method: 'client_secret_basic',
        client_metadata: { team: 'web', tier: 'gold' },
        organization_usage: 'allow',
        organization_require_behavior: 'pre_login_prompt',
        organization_discovery_methods: ['email'],
        refresh_token: {
          rotation_type: 'rotating',
          expiration_type: 'expiring',
          leeway: 30,
          token_lifetime: 2592000,
          idle_token_lifetime: 1296000,
          infinite_token_lifetime: false,
          infinite_idle_token_lifetime: false,
        },
        jwt_configuration: { alg: 'RS256', lifetime_in_seconds: 7200 },
        oidc_logout: {
          backchannel_logout_urls: ['https://shop.example/logout'],
          backchannel_logout_initiators: { mode: 'custom', selected_initiators: ['rp-logout', 'idp-logout'] },
          backchannel_logout_session_metadata: { include: true },
        },
        require_pushed_authorization_requests: true,
        par_request_expiry: 120,
        identity_assertion_authorization_grant: { active: true },
        token_quota: { client_credentials: { enforce: true, per_day: 2000, per_hour: 100 } },
      });
      await createClient('spa', {
        name: 'Dashboard SPA',
        app_type: 'spa',
        token_endpoint_auth_method: 'none',
        callbacks: ['http://localhost:3000/callback'],
        fedcm_login: { google: { is_enabled: true } },
      });
      await createClient('native with mobile and session transfer', {
        name: 'Phone app',
        app_type: 'native',
        oidc_conformant: true,
        token_endpoint_auth_method: 'none',
        callbacks: ['com.example.app://callback'],
        mobile: {
          android: { app_package_name: 'com.example', sha256_cert_fingerprints: ['DE:AD:BE:EF'] },
          ios: { team_id: '9JA89QQLNQ', app_bundle_identifier: 'com.example.app' },
        },
        native_social_login: { apple: { enabled: true }, google: { enabled: false }, facebook: { enabled: false } },
        session_transfer: { can_create_session_transfer_token: true, enforce_online_refresh_tokens: true },
      });
      await createClient('non_interactive', {
        name: 'Nightly export',
        app_type: 'non_interactive',
        grant_types: ['client_credentials'],
        token_endpoint_auth_method: 'client_secret_post',
      });
      await createClient('sso_integration with an addon', {
        name: 'AWS SSO',
        app_type: 'sso_integration',
        addons: { aws: { principal: 'arn:aws:iam::010616021751:saml-provider/idp', role: 'arn:aws:iam::010616021751:role/foo', lifetime_in_seconds: 32000 } },
      });
      await createClient('private_key_jwt (credential ids)', {
        name: 'Signed backend',
        app_type: 'non_interactive',
        client_authentication_methods: { private_key_jwt: { credentials: [{ id: 'cred_gekrTRyhtchHhs399o7bsV' }] } },
        signed_request_object: { required: false, credentials: [{ id: 'cred_bci28vekTNT4sbNUdDZ7Nk' }] },
      });
      await createClient('strict third-party spa', {
        name: 'Partner SPA',
        is_first_party: false,
        app_type: 'spa',
        callbacks: ['https://partner.example/callback'],
      });
      await createClient('strict third-party with private_key_jwt', {
        name: 'Partner backend',
        is_first_party: false,
        third_party_security_mode: 'strict',
        app_type: 'regular_web',
        callbacks: ['https://partner.example/callback'],
        redirection_policy: 'open_redirect_protection',
        client_authentication_methods: { private_key_jwt: { credentials: [] } },
      });
      await createClient('express_configuration', {
        name: 'Express app',
        app_type: 'express_configuration',
        organization_require_behavior: 'post_login_prompt',
      });
      await createClient('resource_server linked to an API', {
        name: 'Orders API (application)',
        app_type: 'resource_server',
        resource_server_identifier: 'https://orders.example/api',
      });
      // In a POST, null means "not set", inside the objects as at the top level.
      await createClient('nulls in a POST', {
        name: 'Nulls',
        app_type: 'regular_web',
        par_request_expiry: null,
        organization_usage: null,
        jwt_configuration: { alg: null, lifetime_in_seconds: 600 },
        refresh_token: { rotation_type: 'rotating', expiration_type: 'expiring', leeway: null },
      });
      await createClient('permissive third-party (explicit)', {
        name: 'Partner legacy app',
        is_first_party: false,
        third_party_security_mode: 'permissive',
        app_type: 'regular_web',
        callbacks: ['https://legacy.partner.example/callback'],
        grant_types: ['authorization_code', 'client_credentials'],
      });
    });

    it('PATCH /clients/{id}: changes, nulls that clear, merged objects', async () => {
      const patch = (label: string, body: Json) => call('PATCH', `/api/v2/clients/${ids[label]}`, body);
      check(
        'PATCH /clients/{id}',
        'regular_web: null clears',
        await patch('regular_web with many properties', {
          organization_usage: null,
          organization_discovery_methods: null,
          par_request_expiry: null,
          oidc_backchannel_logout: null,
          client_metadata: { tier: null, region: 'eu' },
          jwt_configuration: { lifetime_in_seconds: 3600 },
        }),
      );
      check(
        'PATCH /clients/{id}',
        'non_interactive: to private_key_jwt',
        await patch('non_interactive', {
          client_authentication_methods: { private_key_jwt: { credentials: [{ id: 'cred_fNYVZtDT5757Z2m3VtWupp' }] } },
          token_endpoint_auth_method: null,
        }),
      );
      check(
        'PATCH /clients/{id}',
        'strict spa: curated change',
        await patch('strict third-party spa', {
          description: 'Partner dashboard',
          refresh_token: { token_lifetime: 86400 },
        }),
      );
      check('PATCH /clients/{id}', 'sso_integration: addons cleared', await patch('sso_integration with an addon', { addons: null }));
      // As terraform sends it (TestAccClientCredentialsTokenVaultPrivilegedAccessSurvivesAuthMethodSwitch).
      check(
        'PATCH /clients/{id}',
        'private_key_jwt: token vault privileged access',
        await patch('private_key_jwt (credential ids)', {
          token_vault_privileged_access: {
            credentials: [{ id: 'cred_qfdLSfyfN9T3LyZBF5MU4o' }],
            grants: [{ connection: 'google-oauth2', scopes: ['https://www.googleapis.com/auth/calendar.readonly'] }],
            ip_allowlist: ['10.0.0.1', '192.168.0.0/16', '2001:db8::/32'],
          },
        }),
      );
      check(
        'PATCH /clients/{id}',
        'native: session transfer merged',
        await patch('native with mobile and session transfer', {
          session_transfer: { allow_refresh_token: true },
          native_social_login: { google: { enabled: true } },
        }),
      );
    });

    it('GET /clients/{id} and POST /clients/{id}/rotate-secret', async () => {
      // A client registered through Dynamic Client Registration is read like any other.
      expect((await call('PATCH', '/api/v2/tenants/settings', { flags: { enable_dynamic_client_registration: true } })).statusCode).toBe(200);
      const registered = await t.inject({
        method: 'POST',
        url: '/oidc/register',
        payload: { client_name: 'Agent', redirect_uris: ['https://agent.example/callback'], token_endpoint_auth_method: 'none' },
      });
      expect(registered.statusCode).toBe(201);
      ids['registered through DCR'] = registered.json().client_id;
      for (const [label, id] of Object.entries(ids)) {
        check('GET /clients/{id}', label, await call('GET', `/api/v2/clients/${id}`));
      }
      check('GET /clients/{id}', 'projection', await call('GET', `/api/v2/clients/${ids.spa}?fields=client_id,name,app_type&include_fields=true`));
      check('POST /clients/{id}/rotate-secret', 'spa', await call('POST', `/api/v2/clients/${ids.spa}/rotate-secret`));
      check('POST /clients/{id}/rotate-secret', 'strict third-party spa', await call('POST', `/api/v2/clients/${ids['strict third-party spa']}/rotate-secret`));
    });

    it('GET /clients: a bare page, with totals, and checkpoint pages', async () => {
      check('GET /clients', 'bare array', await call('GET', '/api/v2/clients?per_page=100'));
      check('GET /clients', 'include_totals', await call('GET', '/api/v2/clients?include_totals=true&per_page=5'));
      const first = check('GET /clients', 'checkpoint', await call('GET', '/api/v2/clients?take=4'));
      expect(first.next).toEqual(expect.any(String));
      check('GET /clients', 'checkpoint, next page', await call('GET', `/api/v2/clients?take=4&from=${encodeURIComponent(first.next)}`));
      check('GET /clients', 'filtered', await call('GET', '/api/v2/clients?is_first_party=false&app_type=spa,regular_web'));
    });
  });

  describe('resource servers', () => {
    it('POST, PATCH, GET and lists', async () => {
      const create = async (label: string, body: Json) => {
        apis[label] = check('POST /resource-servers', label, await call('POST', '/api/v2/resource-servers', body));
      };
      await create('API with scopes', {
        name: 'Orders API',
        identifier: 'https://orders.example/api',
        scopes: [
          { value: 'read:orders', description: 'Read orders' },
          { value: 'write:orders', description: 'Write orders' },
        ],
        allow_offline_access: true,
        token_lifetime: 3600,
      });
      await create('API with every option', {
        name: 'Ledger API',
        identifier: 'https://ledger.example/api',
        scopes: [{ value: 'read:ledger', description: 'Read the ledger' }],
        signing_alg: 'RS256',
        token_dialect: 'access_token_authz',
        enforce_policies: true,
        allow_online_access: true,
        allow_online_access_with_ephemeral_sessions: false,
        skip_consent_for_verifiable_first_party_clients: true,
        consent_policy: 'transactional-authorization-with-mfa',
        authorization_details: [{ type: 'payment' }],
        proof_of_possession: { mechanism: 'dpop', required: true },
        subject_type_authorization: { user: { policy: 'require_client_grant' }, client: { policy: 'require_client_grant' } },
      });
      await create('plain API', { name: 'Plain', identifier: 'https://plain.example/api' });

      const patch = (label: string, body: Json) => call('PATCH', `/api/v2/resource-servers/${apis[label]!.id}`, body);
      check(
        'PATCH /resource-servers/{id}',
        'scopes replaced',
        await patch('API with scopes', { scopes: [{ value: 'read:orders', description: 'Read orders' }] }),
      );
      check(
        'PATCH /resource-servers/{id}',
        'nulls clear',
        await patch('API with every option', { consent_policy: null, proof_of_possession: null, allow_online_access: false }),
      );

      for (const [label, api] of Object.entries(apis)) check('GET /resource-servers/{id}', label, await call('GET', `/api/v2/resource-servers/${api.id}`));
      const list = check('GET /resource-servers', 'bare array', await call('GET', '/api/v2/resource-servers?per_page=100'));
      const system = (list as unknown as Json[]).find((a) => a.is_system);
      expect(system).toBeDefined();
      check('GET /resource-servers/{id}', 'system API', await call('GET', `/api/v2/resource-servers/${system!.id}`));
      check('GET /resource-servers', 'include_totals', await call('GET', '/api/v2/resource-servers?include_totals=true&per_page=2'));
    });
  });

  describe('client grants', () => {
    it('POST, PATCH, GET and lists', async () => {
      const grants: Record<string, Json> = {};
      const create = async (label: string, body: Json) => {
        grants[label] = check('POST /client-grants', label, await call('POST', '/api/v2/client-grants', body));
      };
      await create('per-client, client subject', { client_id: ids['non_interactive'], audience: 'https://orders.example/api', scope: ['read:orders'] });
      await create('per-client, user subject', {
        client_id: ids['regular_web with many properties'],
        audience: 'https://orders.example/api',
        scope: ['read:orders'],
        subject_type: 'user',
        organization_usage: 'allow',
        allow_any_organization: true,
      });
      await create('strict third-party', {
        client_id: ids['strict third-party spa'],
        audience: 'https://ledger.example/api',
        scope: ['read:ledger'],
        subject_type: 'user',
      });
      await create('default for third-party clients', {
        default_for: 'third_party_clients',
        audience: 'https://ledger.example/api',
        scope: ['read:ledger'],
        subject_type: 'user',
      });
      await create('all scopes', {
        client_id: ids['private_key_jwt (credential ids)'],
        audience: 'https://ledger.example/api',
        scope: [],
        allow_all_scopes: true,
      });

      const patch = (label: string, body: Json) => call('PATCH', `/api/v2/client-grants/${grants[label]!.id}`, body);
      check('PATCH /client-grants/{id}', 'scope changed', await patch('per-client, client subject', { scope: ['read:orders'] }));
      check(
        'PATCH /client-grants/{id}',
        'organization settings cleared',
        await patch('per-client, user subject', { organization_usage: null, allow_any_organization: null }),
      );

      for (const [label, grant] of Object.entries(grants)) check('GET /client-grants/{id}', label, await call('GET', `/api/v2/client-grants/${grant.id}`));
      check('GET /client-grants', 'bare array', await call('GET', '/api/v2/client-grants?per_page=100'));
      check('GET /client-grants', 'include_totals', await call('GET', '/api/v2/client-grants?include_totals=true&per_page=2'));
      check('GET /client-grants', "terraform's checkpoint query", await call('GET', '/api/v2/client-grants?include_totals=true&per_page=50&take=100'));
      check('GET /client-grants', 'default_for filter', await call('GET', '/api/v2/client-grants?default_for=third_party_clients'));
    });
  });

  describe('tenant settings', () => {
    it('GET and PATCH', async () => {
      check('GET /tenants/settings', 'new tenant', await call('GET', '/api/v2/tenants/settings'));
      check(
        'PATCH /tenants/settings',
        'several properties',
        await call('PATCH', '/api/v2/tenants/settings', {
          friendly_name: 'Acme',
          picture_url: 'https://acme.example/logo.png',
          support_email: 'support@acme.example',
          support_url: 'https://acme.example/support',
          session_lifetime: 168,
          idle_session_lifetime: 72,
          default_audience: 'https://orders.example/api',
          enabled_locales: ['en', 'fr'],
          flags: { enable_sso: true, enable_dynamic_client_registration: false },
          country_codes: { list: ['US', 'CA'], mode: 'allow' },
          default_token_quota: { clients: { client_credentials: { enforce: true, per_day: 2000, per_hour: 100 } } },
          session_cookie: { mode: 'persistent' },
          sessions: { oidc_logout_prompt_enabled: false },
          oidc_logout: { rp_logout_end_session_endpoint_discovery: true },
        }),
      );
      check('GET /tenants/settings', 'after PATCH', await call('GET', '/api/v2/tenants/settings'));
      check('PATCH /tenants/settings', 'nulls clear', await call('PATCH', '/api/v2/tenants/settings', { default_token_quota: null, country_codes: null }));
    });
  });

  it('every route was checked, and no failure is left', () => {
    expect([...checkedPerRoute.keys()].sort()).toEqual(Object.keys(fixture.routes).sort());
    const report = [
      `Auth0 OAS validation: ${[...checkedPerRoute.values()].reduce((a, b) => a + b, 0)} answers on ${checkedPerRoute.size} routes`,
      ...summary(exempted).map((l) => `  exempted (recordings win): ${l}`),
      ...[...knownFaults.values()].flatMap((l) => summary(l)).map((l) => `  GATEHOUSE FAULT (listed, open): ${l}`),
      ...summary(failures).map((l) => `  FAILURE: ${l}`),
    ];
    console.log(report.join('\n'));
    expect(summary(failures)).toEqual([]);
    // A listed fault that no longer occurs has been fixed: remove it from GATEHOUSE_FAULTS.
    expect(GATEHOUSE_FAULTS.filter((f) => !knownFaults.has(f)).map((f) => f.why)).toEqual([]);
  });
});
