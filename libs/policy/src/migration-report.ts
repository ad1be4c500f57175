import { AccessApi, AccessGrant, resolveAccess, SubjectType } from './access';
import { CLIENT_DEFAULTS } from './client-defaults';
import { allViolations, Violation } from './client-rules';
import { dcrMode } from './mode-resolution';
import { MODE_RULES, OIDC_SCOPES, SecurityMode } from './security-modes';
import { DEFAULT_TIMELINE, Timeline } from './timeline';

/**
 * GET /ext/v1/migration-report (SPEC §9, issue 14 §3): what would break if each permissive third-party
 * client of a tenant were strict, and where the tenant stands against the flip. Pure: the service loads
 * the facts, this decides. Every verdict on a client's configuration is the one `POST /api/v2/clients`
 * gives (allViolations on the client's strict twin); every verdict on API access is resolveAccess's.
 */

/** Seed 002's classes of what strict mode refuses, in the order the report lists them. */
export const REPORT_CLASSES = [
  'grant_types',
  'non_curated_properties',
  'urls',
  'jwt_alg',
  'refresh_tokens',
  'client_authentication',
  'app_type',
  'redirection_policy',
  'oidc',
  'pkce',
  'connections',
  'classic_login',
  'legacy_endpoints',
  'rules',
  'api_access',
] as const;
export type ReportClass = (typeof REPORT_CLASSES)[number];

/** Which class each rule of client-rules belongs to: a rule added there must be placed here (the type says so). */
export const VIOLATION_CLASSES: Readonly<Record<Violation['rule'], ReportClass>> = {
  grant_type_not_allowed: 'grant_types',
  not_curated: 'non_curated_properties',
  wildcard_url: 'urls',
  fragment_url: 'urls',
  alg_not_allowed: 'jwt_alg',
  refresh_token_must_expire: 'refresh_tokens',
  infinite_idle_not_allowed: 'refresh_tokens',
  auth_method_not_allowed: 'client_authentication',
  app_type_not_allowed: 'app_type',
  redirection_policy_not_allowed: 'redirection_policy',
  mode_on_first_party: 'non_curated_properties',
};

/** Rules found in flows, the tenant and its APIs (the configuration rules are client-rules' Violation codes). */
export type ReportRule =
  | Violation['rule']
  | 'oidc_scopes_used'
  | 'id_tokens_issued'
  | 'flow_without_pkce'
  | 'implicit_flow_used'
  | 'non_domain_connection_used'
  | 'classic_login_page'
  | 'legacy_endpoint_used'
  | 'enabled_rules'
  | 'api_reached_without_grant'
  | 'dcr_without_default_permissions'
  | 'allow_all_api_without_grant';

/** What the report says about one thing that would break, and what it saw. */
export interface ReportFinding {
  class: ReportClass;
  rule: ReportRule;
  /** The client property it is about (configuration findings). */
  property?: string;
  message: string;
  /** What it rests on: the property's value, or the log events seen (count, last one, what they carried). */
  evidence?: Record<string, unknown>;
}

/** A tenant log event as the report reads it (s, seacft, sertft, depnote of one client). */
export interface ReportFlowEvent {
  type: string;
  date: string;
  logId: string;
  scope?: string;
  connection?: string;
  details?: Readonly<Record<string, unknown>>;
}

export interface ReportClientInput {
  clientId: string;
  name: string;
  appType?: string;
  createdAt: string;
  /** Its stored Auth0 properties (what GET /api/v2/clients/{id} reports, without the column-backed ones). */
  properties: Readonly<Record<string, unknown>>;
  /** Its per-application grants: audience and subject type. */
  grants: readonly { audience: string; subjectType: SubjectType; grant: AccessGrant }[];
  /** Its flows in the tenant log (s, seacft, sertft, depnote), oldest first. */
  events: readonly ReportFlowEvent[];
}

export interface ReportTenantInput {
  now: Date;
  timeline?: Timeline;
  account: { eligible: boolean; source: string | null; explanation?: string };
  /** The migration toggle as it takes effect (GET /ext/v1/migrations). */
  permissiveByDefault: boolean;
  dcr: { enabled: boolean; setting?: SecurityMode };
  /** The tenant's default third-party permissions. */
  defaultGrants: readonly { audience: string; subjectType: SubjectType; grant: AccessGrant }[];
  apis: readonly (AccessApi & { name: string })[];
  enabledRules: number;
  connections: readonly { name: string; isDomainConnection: boolean }[];
  clients: readonly ReportClientInput[];
}

export interface ReportClient {
  client_id: string;
  name: string;
  app_type?: string;
  created_at: string;
  /** True when nothing would break: its strict twin is accepted and none of its flows needs permissive. */
  strict_ready: boolean;
  findings: ReportFinding[];
  /** The payload that creates its strict replacement (`POST /api/v2/clients`; refused for every configuration finding). */
  strict_twin: Record<string, unknown>;
}

export interface MigrationReport {
  generated_at: string;
  phase: 'before_security_modes' | 'before_flip' | 'after_flip';
  flip_at: string;
  tenant: {
    account: { eligible: boolean; source: string | null; explanation?: string };
    create_permissive_third_party_clients_by_default: boolean;
    dynamic_client_registration: { enabled: boolean; security_mode: SecurityMode; security_mode_setting: SecurityMode | null };
    default_permissions: { audience: string; subject_type: SubjectType; scope: string[] }[];
    enabled_rules: number;
    allow_all_apis: { identifier: string; name: string; reached_without_grant_by: string[] }[];
    findings: ReportFinding[];
  };
  summary: { permissive_clients: number; strict_ready: number; with_findings: number; findings_by_class: Partial<Record<ReportClass, number>> };
  clients: ReportClient[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Set by Gatehouse, never by a caller: not part of a payload that recreates the client. */
const SYSTEM_SET = ['external_metadata_type', 'external_metadata_created_by'];

/**
 * The payload that would create this client as strict: what its caller set (its stored properties
 * without the values Auth0 fills in for every permissive client), as a third-party strict client. Values
 * a caller could have set to the default are indistinguishable from the default and left out: they are
 * what a strict client reports anyway or what it cannot change.
 */
export function strictTwin(client: Pick<ReportClientInput, 'name' | 'appType' | 'properties'>): Record<string, unknown> {
  const twin: Obj = { name: client.name, ...(client.appType ? { app_type: client.appType } : {}) };
  const defaults: Obj = CLIENT_DEFAULTS.common;
  for (const [key, value] of Object.entries(client.properties)) {
    if (SYSTEM_SET.includes(key) || value === undefined) continue;
    if (key in defaults && same(defaults[key], value)) continue;
    if (key === 'jwt_configuration' && isObj(value)) {
      const { secret_encoded: encoded, ...rest } = value;
      const jwt = encoded === false || encoded === undefined ? rest : value;
      if (Object.keys(jwt).length > 0) twin[key] = jwt;
      continue;
    }
    twin[key] = value;
  }
  return { ...twin, is_first_party: false, third_party_security_mode: 'strict' };
}

function configurationFindings(twin: Obj): ReportFinding[] {
  // The twin is the payload and (its defaults being strict-valid and overridden by what it sets) the
  // resulting client: exactly what POST /api/v2/clients checks (libs/clients createViolations).
  return allViolations('strict', twin, twin).map((v) => ({
    class: VIOLATION_CLASSES[v.rule],
    rule: v.rule,
    property: v.property,
    message: v.message,
    evidence: { value: valueAt(twin, v.property) },
  }));
}

function valueAt(o: Obj, path: string): unknown {
  return path.split('.').reduce<unknown>((v, k) => (isObj(v) ? v[k] : undefined), o);
}

/** Count, first and last of some events, with what they carried. */
function seen(events: readonly ReportFlowEvent[], extra: Obj = {}): Obj {
  return {
    events: events.length,
    first_seen: events[0]!.date,
    last_seen: events[events.length - 1]!.date,
    last_log_id: events[events.length - 1]!.logId,
    ...extra,
  };
}

const scopesOf = (e: ReportFlowEvent): string[] => {
  const requested = typeof e.details?.requested_scope === 'string' ? e.details.requested_scope : '';
  return [...new Set(`${e.scope ?? ''} ${requested}`.split(' ').filter((s) => s !== ''))];
};

function flowFindings(client: ReportClientInput, tenant: ReportTenantInput): ReportFinding[] {
  const strict = MODE_RULES.strict;
  const out: ReportFinding[] = [];
  const flows = client.events.filter((e) => e.type === 's' || e.type === 'seacft' || e.type === 'sertft');

  if (!strict.oidcScopes) {
    const oidc = flows.filter((e) => scopesOf(e).some((s) => OIDC_SCOPES.includes(s)));
    if (oidc.length > 0) {
      const scopes = [...new Set(oidc.flatMap(scopesOf).filter((s) => OIDC_SCOPES.includes(s)))];
      out.push({
        class: 'oidc',
        rule: 'oidc_scopes_used',
        message: `its flows asked for OIDC scopes (${scopes.join(' ')}): strict third-party applications get no OIDC scopes`,
        evidence: seen(oidc, { scopes }),
      });
    }
  }
  if (!strict.flows.idTokens) {
    const idTokens = flows.filter((e) => e.details?.issued_id_token === true);
    if (idTokens.length > 0) {
      out.push({
        class: 'oidc',
        rule: 'id_tokens_issued',
        message: 'it was issued ID tokens: strict third-party applications get none',
        evidence: seen(idTokens),
      });
    }
  }
  if (strict.pkce === 'required') {
    const noPkce = client.events.filter((e) => e.type === 'seacft' && e.details?.pkce === false);
    if (noPkce.length > 0) {
      out.push({
        class: 'pkce',
        rule: 'flow_without_pkce',
        message: 'it exchanged authorization codes obtained without PKCE: strict mode requires PKCE (S256) on every authorization code flow',
        evidence: seen(noPkce),
      });
    }
  }
  if (!strict.flows.implicitResponseTypes) {
    const implicit = client.events.filter((e) => e.type === 's' && typeof e.details?.response_type === 'string' && e.details.response_type !== 'code');
    if (implicit.length > 0) {
      const types = [...new Set(implicit.map((e) => e.details!.response_type as string))];
      out.push({
        class: 'grant_types',
        rule: 'implicit_flow_used',
        message: `it logged users in with response_type ${types.join(', ')}: strict third-party applications may use response_type code only`,
        evidence: seen(implicit, { response_types: types }),
      });
    }
  }
  if (strict.connections === 'domain_level_only') {
    const domain = new Map(tenant.connections.map((c) => [c.name, c.isDomainConnection]));
    const logins = client.events.filter((e) => e.type === 's' && e.connection !== undefined && domain.get(e.connection) !== true);
    if (logins.length > 0) {
      const names = [...new Set(logins.map((e) => e.connection!))];
      const gone = names.filter((n) => !domain.has(n));
      out.push({
        class: 'connections',
        rule: 'non_domain_connection_used',
        message: `its users logged in through ${names.join(', ')}, not promoted to domain level: strict third-party applications may only use domain-level connections (is_domain_connection)`,
        evidence: seen(logins, { connections: names, ...(gone.length ? { no_longer_exist: gone } : {}) }),
      });
    }
  }
  const legacy = client.events.filter(
    (e) => e.type === 'depnote' && typeof e.details?.feature === 'string' && strict.unsupportedFeatures.includes(e.details.feature),
  );
  if (legacy.length > 0) {
    const endpoints = [...new Set(legacy.map((e) => String(e.details?.endpoint ?? e.details?.feature)))];
    out.push({
      class: 'legacy_endpoints',
      rule: 'legacy_endpoint_used',
      message: `it called ${endpoints.join(', ')}, which strict third-party applications may not use`,
      evidence: seen(legacy, { endpoints }),
    });
  }
  return out;
}

/** Classic Login: a client-specific hosted login page (`custom_login_page`), which Universal Login replaces. */
function classicLoginFindings(properties: Readonly<Obj>): ReportFinding[] {
  if (!MODE_RULES.strict.unsupportedFeatures.includes('classic_login')) return [];
  const page = properties.custom_login_page;
  if (typeof page !== 'string' || page === '' || properties.custom_login_page_on === false) return [];
  return [
    {
      class: 'classic_login',
      rule: 'classic_login_page',
      property: 'custom_login_page',
      message: 'it has a Classic Login page of its own (custom_login_page): strict third-party applications use Universal Login only',
      evidence: { custom_login_page_on: properties.custom_login_page_on ?? true, custom_login_page_length: page.length },
    },
  ];
}

function accessFindings(client: ReportClientInput, tenant: ReportTenantInput): ReportFinding[] {
  const out: ReportFinding[] = [];
  for (const api of tenant.apis) {
    if (api.isSystem) continue;
    const subjectType: SubjectType = 'user';
    const appGrant = client.grants.find((g) => g.audience === api.identifier && g.subjectType === subjectType)?.grant;
    const defaultGrant = tenant.defaultGrants.find((g) => g.audience === api.identifier && g.subjectType === subjectType)?.grant;
    const input = { api, subjectType, requestedScopes: [], appGrant, defaultGrant };
    const now = resolveAccess({ ...input, client: { isFirstParty: false, mode: 'permissive' } });
    const asStrict = resolveAccess({ ...input, client: { isFirstParty: false, mode: 'strict' } });
    if (now.allowed && now.reason === 'allowed_by_api_policy' && !asStrict.allowed) {
      out.push({
        class: 'api_access',
        rule: 'api_reached_without_grant',
        message: `it reaches ${api.identifier} through the API's user policy allow_all, without a grant: a strict application needs a per-application grant or a default third-party permission`,
        evidence: { audience: api.identifier, policy: now.policy, as_strict: asStrict.reason },
      });
    }
  }
  return out;
}

function phaseOf(now: Date, timeline: Timeline): MigrationReport['phase'] {
  if (now.getTime() < timeline.securityModesIntroduced.getTime()) return 'before_security_modes';
  return now.getTime() < timeline.strictDefaultFlip.getTime() ? 'before_flip' : 'after_flip';
}

export function migrationReport(input: ReportTenantInput): MigrationReport {
  const timeline = input.timeline ?? DEFAULT_TIMELINE;
  const rulesFinding: ReportFinding[] =
    MODE_RULES.strict.rules === 'login_error' && input.enabledRules > 0
      ? [
          {
            class: 'rules',
            rule: 'enabled_rules',
            message: `the tenant has ${input.enabledRules} enabled Rule${input.enabledRules === 1 ? '' : 's'}: a strict third-party application's login fails while any Rule is enabled`,
            evidence: { enabled_rules: input.enabledRules },
          },
        ]
      : [];

  const clients: ReportClient[] = input.clients.map((c) => {
    const twin = strictTwin(c);
    const findings = [
      ...configurationFindings(twin),
      ...classicLoginFindings(c.properties),
      ...flowFindings(c, input),
      ...rulesFinding,
      ...accessFindings(c, input),
    ];
    findings.sort((a, b) => REPORT_CLASSES.indexOf(a.class) - REPORT_CLASSES.indexOf(b.class));
    return {
      client_id: c.clientId,
      name: c.name,
      ...(c.appType ? { app_type: c.appType } : {}),
      created_at: c.createdAt,
      strict_ready: findings.length === 0,
      findings,
      strict_twin: twin,
    };
  });

  const allowAll = input.apis
    .filter((a) => !a.isSystem && a.policies.user === 'allow_all')
    .map((a) => ({
      identifier: a.identifier,
      name: a.name,
      reached_without_grant_by: clients
        .filter((c) => c.findings.some((f) => f.rule === 'api_reached_without_grant' && f.evidence?.audience === a.identifier))
        .map((c) => c.client_id),
    }));

  const tenantFindings: ReportFinding[] = [];
  const effectiveDcr = dcrMode({ setting: input.dcr.setting, eligible: input.account.eligible, now: input.now, timeline });
  if (input.dcr.enabled && input.defaultGrants.length === 0) {
    tenantFindings.push({
      class: 'api_access',
      rule: 'dcr_without_default_permissions',
      message: `Dynamic Client Registration is on and the tenant has no default third-party permission: ${
        effectiveDcr === 'strict' ? 'registered (strict) clients can reach no API' : 'strict DCR clients would reach no API'
      }; add a client grant with default_for "third_party_clients" before setting dynamic_client_registration_security_mode "strict"`,
      evidence: { dcr_enabled: true, security_mode: effectiveDcr, default_permissions: 0 },
    });
  }
  for (const api of allowAll.filter((a) => a.reached_without_grant_by.length > 0)) {
    tenantFindings.push({
      class: 'api_access',
      rule: 'allow_all_api_without_grant',
      message: `${api.identifier} lets permissive third-party applications in through its user policy allow_all without a grant (${api.reached_without_grant_by.length} of them): consider require_client_grant (seed 001, "Harden existing permissive applications"; it applies to first-party applications too)`,
      evidence: { audience: api.identifier, clients: api.reached_without_grant_by },
    });
  }
  tenantFindings.push(...rulesFinding);

  const byClass: Partial<Record<ReportClass, number>> = {};
  for (const f of clients.flatMap((c) => c.findings)) byClass[f.class] = (byClass[f.class] ?? 0) + 1;
  return {
    generated_at: input.now.toISOString(),
    phase: phaseOf(input.now, timeline),
    flip_at: timeline.strictDefaultFlip.toISOString(),
    tenant: {
      account: input.account,
      create_permissive_third_party_clients_by_default: input.permissiveByDefault,
      dynamic_client_registration: { enabled: input.dcr.enabled, security_mode: effectiveDcr, security_mode_setting: input.dcr.setting ?? null },
      default_permissions: input.defaultGrants.map((g) => ({ audience: g.audience, subject_type: g.subjectType, scope: [...g.grant.scope] })),
      enabled_rules: input.enabledRules,
      allow_all_apis: allowAll,
      findings: tenantFindings,
    },
    summary: {
      permissive_clients: clients.length,
      strict_ready: clients.filter((c) => c.strict_ready).length,
      with_findings: clients.filter((c) => !c.strict_ready).length,
      findings_by_class: byClass,
    },
    clients,
  };
}

const PHASES: Record<MigrationReport['phase'], string> = {
  before_security_modes: 'before security modes were introduced (April 1, 2026)',
  before_flip: 'between the introduction of security modes and the strict default flip',
  after_flip: 'after the strict default flip',
};

/** The report as text, for people and `gatehouse report`: one line per finding, naming its class and rule. */
export function migrationReportText(r: MigrationReport): string {
  const t = r.tenant;
  const lines = [
    `Migration report — ${r.generated_at} (${PHASES[r.phase]}; flip at ${r.flip_at})`,
    '',
    'Tenant',
    `  account eligible for permissive mode: ${t.account.eligible ? 'yes' : 'no'}${t.account.source ? ` (source: ${t.account.source})` : ''}`,
    ...(t.account.explanation ? [`    ${t.account.explanation}`] : []),
    `  create permissive third-party clients by default (migration toggle): ${t.create_permissive_third_party_clients_by_default ? 'on' : 'off'}`,
    `  dynamic client registration: ${t.dynamic_client_registration.enabled ? 'on' : 'off'}, security mode ${t.dynamic_client_registration.security_mode}${
      t.dynamic_client_registration.security_mode_setting ? '' : ' (not set)'
    }`,
    `  default third-party permissions: ${t.default_permissions.length ? t.default_permissions.map((g) => `${g.audience} (${g.subject_type}: ${g.scope.join(' ') || 'no scopes'})`).join(', ') : 'none'}`,
    `  enabled Rules: ${t.enabled_rules}`,
    `  APIs with user policy allow_all: ${t.allow_all_apis.length ? t.allow_all_apis.map((a) => a.identifier).join(', ') : 'none'}`,
    ...t.findings.map((f) => `  ! [${f.class}/${f.rule}] ${f.message}`),
    '',
    `Permissive third-party clients: ${r.summary.permissive_clients} (${r.summary.strict_ready} ready for strict, ${r.summary.with_findings} with findings)`,
  ];
  for (const c of r.clients) {
    lines.push(
      '',
      `${c.name} (${c.client_id}${c.app_type ? `, ${c.app_type}` : ''}): ${c.strict_ready ? 'ready for strict' : `${c.findings.length} finding${c.findings.length === 1 ? '' : 's'}`}`,
    );
    for (const f of c.findings) lines.push(`  - [${f.class}/${f.rule}]${f.property ? ` ${f.property}:` : ''} ${f.message}`);
  }
  return `${lines.join('\n')}\n`;
}
