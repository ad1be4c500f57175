import { AccessApi } from './access';
import { allViolations } from './client-rules';
import { migrationReport, migrationReportText, ReportClientInput, ReportFlowEvent, ReportTenantInput, strictTwin } from './migration-report';

const PERMISSIVE_DEFAULTS = {
  is_token_endpoint_ip_header_trusted: false,
  oidc_conformant: false,
  sso_disabled: false,
  cross_origin_authentication: false,
  custom_login_page_on: true,
  callback_url_template: false,
};
const CLEAN = {
  ...PERMISSIVE_DEFAULTS,
  callbacks: ['https://partner.example/cb'],
  grant_types: ['authorization_code', 'refresh_token'],
  jwt_configuration: { secret_encoded: false, alg: 'RS256', lifetime_in_seconds: 3600 },
  refresh_token: { rotation_type: 'rotating', expiration_type: 'expiring', leeway: 0, infinite_token_lifetime: true, infinite_idle_token_lifetime: false },
};

const api = (identifier: string, user: AccessApi['policies']['user'] = 'allow_all', isSystem = false) => ({
  identifier,
  name: identifier,
  isSystem,
  scopes: ['read'],
  policies: { user, client: 'require_client_grant' as const },
});

function client(properties: Record<string, unknown>, extra: Partial<ReportClientInput> = {}): ReportClientInput {
  return { clientId: 'c1', name: 'Partner', appType: 'regular_web', createdAt: '2026-03-01T00:00:00.000Z', properties, grants: [], events: [], ...extra };
}

function tenant(clients: ReportClientInput[], extra: Partial<ReportTenantInput> = {}): ReportTenantInput {
  return {
    now: new Date('2026-06-01T00:00:00Z'),
    account: { eligible: true, source: 'pre_april_third_party_client' },
    permissiveByDefault: true,
    dcr: { enabled: false },
    defaultGrants: [],
    apis: [],
    enabledRules: 0,
    connections: [{ name: 'Username-Password-Authentication', isDomainConnection: false }],
    clients,
    ...extra,
  };
}

const rulesOf = (r: ReturnType<typeof migrationReport>, i = 0) =>
  r.clients[i]!.findings.map((f) => `${f.class}:${f.rule}${f.property ? `:${f.property}` : ''}`);
const ev = (type: string, extra: Partial<ReportFlowEvent> = {}, n = 1): ReportFlowEvent => ({
  type,
  date: `2026-05-0${n}T00:00:00.000Z`,
  logId: `90${n}`,
  ...extra,
});

describe('strictTwin', () => {
  it('drops the values Auth0 fills in for every permissive client and marks it third-party strict', () => {
    expect(strictTwin({ name: 'Partner', appType: 'spa', properties: CLEAN })).toEqual({
      name: 'Partner',
      app_type: 'spa',
      callbacks: ['https://partner.example/cb'],
      grant_types: ['authorization_code', 'refresh_token'],
      jwt_configuration: { alg: 'RS256', lifetime_in_seconds: 3600 },
      refresh_token: CLEAN.refresh_token,
      is_first_party: false,
      third_party_security_mode: 'strict',
    });
  });
  it.each([
    [{ oidc_conformant: true }, { oidc_conformant: true }],
    [{ sso_disabled: true }, { sso_disabled: true }],
    [{ jwt_configuration: { secret_encoded: true } }, { jwt_configuration: { secret_encoded: true } }],
    [{ jwt_configuration: { secret_encoded: false } }, {}],
    [{ external_metadata_type: 'dcr', external_metadata_created_by: 'client' }, {}],
    [{ custom_login_page: '<html/>' }, { custom_login_page: '<html/>' }],
  ])('%p → keeps %p', (properties, kept) => {
    const { name: _n, is_first_party: _f, third_party_security_mode: _m, ...rest } = strictTwin({ name: 'x', properties });
    expect(rest).toEqual(kept);
  });
});

describe('migrationReport: a client’s configuration (the rules of POST /api/v2/clients)', () => {
  it.each([
    [{}, []],
    [
      { grant_types: ['authorization_code', 'implicit', 'client_credentials'] },
      ['grant_types:grant_type_not_allowed:grant_types', 'grant_types:grant_type_not_allowed:grant_types'],
    ],
    [{ oidc_conformant: true, sso: true }, ['non_curated_properties:not_curated:oidc_conformant', 'non_curated_properties:not_curated:sso']],
    [{ callbacks: ['https://*.partner.example/cb'] }, ['urls:wildcard_url:callbacks']],
    [{ web_origins: ['https://partner.example/#x'] }, ['urls:fragment_url:web_origins']],
    [{ jwt_configuration: { alg: 'HS256', secret_encoded: false } }, ['jwt_alg:alg_not_allowed:jwt_configuration.alg']],
    [
      { refresh_token: { ...CLEAN.refresh_token, expiration_type: 'non-expiring', infinite_idle_token_lifetime: true } },
      [
        'refresh_tokens:refresh_token_must_expire:refresh_token.expiration_type',
        'refresh_tokens:infinite_idle_not_allowed:refresh_token.infinite_idle_token_lifetime',
      ],
    ],
    [
      { client_authentication_methods: { tls_client_auth: { credentials: [] } } },
      ['client_authentication:auth_method_not_allowed:client_authentication_methods.tls_client_auth'],
    ],
    [{ custom_login_page: '<html/>' }, ['non_curated_properties:not_curated:custom_login_page', 'classic_login:classic_login_page:custom_login_page']],
    [
      { custom_login_page: '<html/>', custom_login_page_on: false },
      ['non_curated_properties:not_curated:custom_login_page_on', 'non_curated_properties:not_curated:custom_login_page'],
    ],
  ])('%p → %p', (overrides, expected) => {
    const r = migrationReport(tenant([client({ ...CLEAN, ...overrides })]));
    expect(rulesOf(r)).toEqual(expected);
    expect(r.clients[0]!.strict_ready).toBe(expected.length === 0);
  });

  it('a configuration finding is exactly a violation POST /api/v2/clients names for the twin', () => {
    const r = migrationReport(tenant([client({ ...CLEAN, grant_types: ['implicit'], sso: true, callbacks: ['https://*.x/cb'] })]));
    const twin = r.clients[0]!.strict_twin;
    const posted = allViolations('strict', twin, twin).map((v) => `${v.property}:${v.rule}:${v.message}`);
    const reported = r.clients[0]!.findings.map((f) => `${f.property}:${f.rule}:${f.message}`);
    expect(reported.sort()).toEqual(posted.sort());
    expect(reported).toHaveLength(3);
    expect(r.clients[0]!.findings.find((f) => f.rule === 'wildcard_url')!.evidence).toEqual({ value: ['https://*.x/cb'] });
  });

  it('app_type outside the four third-party types', () => {
    expect(rulesOf(migrationReport(tenant([client(CLEAN, { appType: 'express_configuration' })])))).toEqual(['app_type:app_type_not_allowed:app_type']);
  });
});

describe('migrationReport: flows seen in the tenant log', () => {
  it.each<[string, ReportFlowEvent[], string[]]>([
    [
      'a code flow with PKCE, API scopes only',
      [
        ev('s', { connection: 'db', details: { response_type: 'code', requested_scope: 'read', pkce: true } }),
        ev('seacft', { scope: 'read', details: { pkce: true, issued_id_token: false } }),
      ],
      [],
    ],
    [
      'OIDC scopes requested at login',
      [ev('s', { connection: 'db', details: { response_type: 'code', requested_scope: 'openid profile', pkce: true } })],
      ['oidc:oidc_scopes_used'],
    ],
    ['OIDC scopes granted at the token endpoint', [ev('sertft', { scope: 'openid read' })], ['oidc:oidc_scopes_used']],
    ['an ID token issued', [ev('seacft', { scope: 'read', details: { pkce: true, issued_id_token: true } })], ['oidc:id_tokens_issued']],
    ['a code exchanged without PKCE', [ev('seacft', { details: { pkce: false } })], ['pkce:flow_without_pkce']],
    [
      'an implicit login',
      [ev('s', { connection: 'db', details: { response_type: 'id_token token', requested_scope: '' } })],
      ['grant_types:implicit_flow_used'],
    ],
    ['a non-domain connection', [ev('s', { connection: 'Username-Password-Authentication' })], ['connections:non_domain_connection_used']],
    ['a connection since deleted', [ev('s', { connection: 'gone' })], ['connections:non_domain_connection_used']],
    ['a legacy endpoint', [ev('depnote', { details: { endpoint: '/oauth/ro', feature: 'legacy_endpoints' } })], ['legacy_endpoints:legacy_endpoint_used']],
    ['a deprecation of something strict allows', [ev('depnote', { details: { endpoint: '/x', feature: 'not_a_strict_restriction' } })], []],
  ])('%s', (_what, events, expected) => {
    const t = tenant([client(CLEAN, { events })], {
      connections: [
        { name: 'db', isDomainConnection: true },
        { name: 'Username-Password-Authentication', isDomainConnection: false },
      ],
    });
    expect(rulesOf(migrationReport(t))).toEqual(expected);
  });

  it('evidence counts the events and names the first and last', () => {
    const events = [ev('seacft', { details: { pkce: false } }, 1), ev('seacft', { details: { pkce: true } }, 2), ev('seacft', { details: { pkce: false } }, 3)];
    const [f] = migrationReport(tenant([client(CLEAN, { events })])).clients[0]!.findings;
    expect(f!.evidence).toEqual({ events: 2, first_seen: '2026-05-01T00:00:00.000Z', last_seen: '2026-05-03T00:00:00.000Z', last_log_id: '903' });
  });

  it('the connection finding lists each connection once and those that no longer exist', () => {
    const events = [ev('s', { connection: 'Username-Password-Authentication' }, 1), ev('s', { connection: 'gone' }, 2), ev('s', { connection: 'gone' }, 3)];
    const [f] = migrationReport(tenant([client(CLEAN, { events })])).clients[0]!.findings;
    expect(f!.evidence).toMatchObject({ events: 3, connections: ['Username-Password-Authentication', 'gone'], no_longer_exist: ['gone'] });
  });
});

describe('migrationReport: the tenant', () => {
  it('enabled Rules are a finding for every client and for the tenant', () => {
    const r = migrationReport(tenant([client(CLEAN)], { enabledRules: 2 }));
    expect(rulesOf(r)).toEqual(['rules:enabled_rules']);
    expect(r.tenant.findings.map((f) => f.rule)).toEqual(['enabled_rules']);
    expect(r.tenant.enabled_rules).toBe(2);
  });

  it.each<[string, Partial<ReportTenantInput>, Partial<ReportClientInput>, string[], string[]]>([
    ['allow_all API, no grant', { apis: [api('https://api')] }, {}, ['api_access:api_reached_without_grant'], ['allow_all_api_without_grant']],
    [
      'allow_all API, a default permission',
      { apis: [api('https://api')], defaultGrants: [{ audience: 'https://api', subjectType: 'user', grant: { id: 'g', scope: ['read'] } }] },
      {},
      [],
      [],
    ],
    [
      'allow_all API, a per-app grant',
      { apis: [api('https://api')] },
      { grants: [{ audience: 'https://api', subjectType: 'user', grant: { id: 'g', scope: [] } }] },
      [],
      [],
    ],
    [
      'allow_all API, a grant for clients (not users) only',
      { apis: [api('https://api')] },
      { grants: [{ audience: 'https://api', subjectType: 'client', grant: { id: 'g', scope: [] } }] },
      ['api_access:api_reached_without_grant'],
      ['allow_all_api_without_grant'],
    ],
    ['require_client_grant API', { apis: [api('https://api', 'require_client_grant')] }, {}, [], []],
    ['deny_all API', { apis: [api('https://api', 'deny_all')] }, {}, [], []],
    ['system API', { apis: [api('https://t/api/v2/', 'allow_all', true)] }, {}, [], []],
    ['DCR on without default permissions', { dcr: { enabled: true } }, {}, [], ['dcr_without_default_permissions']],
    [
      'DCR on with a default permission',
      { dcr: { enabled: true }, defaultGrants: [{ audience: 'https://api', subjectType: 'user', grant: { id: 'g', scope: [] } }] },
      {},
      [],
      [],
    ],
  ])('%s', (_what, t, c, clientRules, tenantRules) => {
    const r = migrationReport(tenant([client(CLEAN, c)], t));
    expect(rulesOf(r)).toEqual(clientRules);
    expect(r.tenant.findings.map((f) => f.rule)).toEqual(tenantRules);
  });

  it('names the allow_all APIs and who reaches them without a grant', () => {
    const r = migrationReport(
      tenant([client(CLEAN), client(CLEAN, { clientId: 'c2', grants: [{ audience: 'https://a', subjectType: 'user', grant: { id: 'g', scope: [] } }] })], {
        apis: [api('https://a'), api('https://b', 'require_client_grant')],
      }),
    );
    expect(r.tenant.allow_all_apis).toEqual([{ identifier: 'https://a', name: 'https://a', reached_without_grant_by: ['c1'] }]);
  });

  it.each<[string, ReportTenantInput['dcr'], boolean, string, string | null]>([
    ['unset, eligible', { enabled: true }, true, 'permissive', null],
    ['unset, not eligible', { enabled: true }, false, 'strict', null],
    ['set strict', { enabled: false, setting: 'strict' }, true, 'strict', 'strict'],
  ])('DCR mode %s', (_w, dcr, eligible, mode, setting) => {
    const r = migrationReport(tenant([], { dcr, account: { eligible, source: null } }));
    expect(r.tenant.dynamic_client_registration).toEqual({ enabled: dcr.enabled, security_mode: mode, security_mode_setting: setting });
  });

  it.each([
    ['2026-03-01T00:00:00Z', 'before_security_modes'],
    ['2026-10-22T23:59:59Z', 'before_flip'],
    ['2026-10-23T00:00:00Z', 'after_flip'],
  ])('phase at %s is %s', (now, phase) => {
    expect(migrationReport(tenant([], { now: new Date(now) })).phase).toBe(phase);
  });

  it('summarises the clients and their findings by class', () => {
    const r = migrationReport(tenant([client(CLEAN), client({ ...CLEAN, grant_types: ['implicit'], sso: true }, { clientId: 'c2' })]));
    expect(r.summary).toEqual({ permissive_clients: 2, strict_ready: 1, with_findings: 1, findings_by_class: { grant_types: 1, non_curated_properties: 1 } });
  });
});

describe('migrationReportText', () => {
  it('states the tenant and one line per finding, naming class and rule', () => {
    const r = migrationReport(
      tenant([client(CLEAN, { clientId: 'ok' }), client({ ...CLEAN, jwt_configuration: { alg: 'HS256' } }, { clientId: 'hs', name: 'Legacy' })], {
        dcr: { enabled: true },
      }),
    );
    const text = migrationReportText(r);
    expect(text).toContain('account eligible for permissive mode: yes (source: pre_april_third_party_client)');
    expect(text).toContain('create permissive third-party clients by default (migration toggle): on');
    expect(text).toContain('dynamic client registration: on, security mode permissive (not set)');
    expect(text).toContain('Partner (ok, regular_web): ready for strict');
    expect(text).toContain('Legacy (hs, regular_web): 1 finding');
    expect(text).toMatch(/^ {2}- \[jwt_alg\/alg_not_allowed\] jwt_configuration\.alg: jwt_configuration\.alg "HS256" is not allowed/m);
    expect(text).toMatch(/^ {2}! \[api_access\/dcr_without_default_permissions\] Dynamic Client Registration is on/m);
  });
});
