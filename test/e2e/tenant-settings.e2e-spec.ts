import { useTestApp } from '@gatehouse/testing';

/**
 * GET/PATCH /api/v2/tenants/settings as Auth0 answers them (SPEC §7; issue 9 §3), written from the
 * recorded Auth0 traffic in TestAccTenant_*.yaml (terraform-provider-auth0, 2024–2026), and
 * GET/PATCH /ext/v1/migrations (SPEC §7, §9). The default app's clock is today's (after the October 2026
 * flip) and its account never had third-party applications.
 */
describe('/api/v2/tenants/settings', () => {
  const app = useTestApp();
  const { t } = app;

  const api = app.api();
  const call = (method: 'GET' | 'PATCH', payload?: unknown, bearer?: string, url = '/api/v2/tenants/settings') => api(method, url, payload, bearer);
  const patch = (payload: unknown) => call('PATCH', payload);
  const get = async () => (await call('GET')).json();
  const keys = (o: object) => Object.keys(o).sort();

  /** What every recorded answer of 2026 reports for what the test never set (flags as GET reports them). */
  const NEW_TENANT_FLAGS = {
    allow_changing_enable_sso: false,
    disable_impersonation: true,
    enable_sso: true,
    new_universal_login_experience_enabled: true,
    universal_login: true,
    revoke_refresh_token_grant: false,
    disable_clickjack_protection_headers: false,
    enable_dynamic_client_registration: false,
  };
  /** A PATCH answer's flags carry two more (every recorded PATCH answer; no GET answer). */
  const PATCH_ANSWER_FLAGS = {
    cannot_change_enforce_client_authentication_on_passwordless_start: true,
    enforce_client_authentication_on_passwordless_start: true,
  };

  describe('a new tenant', () => {
    it('GET reports what Auth0 reports for a tenant that was never configured, and nothing it does not', async () => {
      const res = await call('GET');
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({
        friendly_name: 'localhost',
        enabled_locales: ['en'],
        flags: NEW_TENANT_FLAGS,
        sandbox_version: '22',
        sandbox_versions_available: ['22', '18'],
        oidc_logout: { rp_logout_end_session_endpoint_discovery: true },
        universal_login: {},
        resource_parameter_profile: 'audience',
        phone_consolidated_experience: false,
        client_id_metadata_document_supported: false,
      });
      // Never set, so not reported (TestAccTenant_CountryCodes): no lifetimes, no DCR mode, no migration toggle.
      for (const absent of [
        'session_lifetime',
        'idle_session_lifetime',
        'dynamic_client_registration_security_mode',
        'sessions',
        'default_token_quota',
        'country_codes',
      ]) {
        expect(res.json()).not.toHaveProperty(absent);
      }
      expect(res.json().flags).not.toHaveProperty('create_permissive_third_party_clients_by_default');
    });

    it('GET honours fields and include_fields, and refuses unknown query parameters', async () => {
      expect((await call('GET', undefined, app.token, '/api/v2/tenants/settings?fields=friendly_name,sandbox_version')).json()).toEqual({
        friendly_name: 'localhost',
        sandbox_version: '22',
      });
      const excluded = (await call('GET', undefined, app.token, '/api/v2/tenants/settings?fields=flags,universal_login&include_fields=false')).json();
      expect(excluded).not.toHaveProperty('flags');
      expect(excluded).not.toHaveProperty('universal_login');
      expect(excluded).toHaveProperty('friendly_name');
      const unknown = await call('GET', undefined, app.token, '/api/v2/tenants/settings?bogus=1');
      expect(unknown.statusCode).toBe(400);
      expect(unknown.json()).toMatchObject({
        statusCode: 400,
        error: 'Bad Request',
        errorCode: 'invalid_query_string',
        message: expect.stringContaining('bogus'),
      });
    });
  });

  describe('the recorded requests get the recorded answers', () => {
    // The recording tenant had a logo (its own state, not a default): give ours one so the keys compare.
    beforeAll(async () => expect((await patch({ picture_url: 'https://example2.com/logo.svg' })).statusCode).toBe(200));

    it('TestAccTenant_CountryCodes: set, change, keep and clear country_codes; nulls for unset blocks are a 200', async () => {
      const answerKeys = [
        'client_id_metadata_document_supported',
        'country_codes',
        'enabled_locales',
        'flags',
        'friendly_name',
        'oidc_logout',
        'phone_consolidated_experience',
        'picture_url',
        'resource_parameter_profile',
        'sandbox_version',
        'universal_login',
      ];
      const set = await patch({ friendly_name: 'Country Codes Test', country_codes: { list: ['CA', 'US'], mode: 'allow' } });
      expect(set.statusCode).toBe(200);
      expect(keys(set.json())).toEqual(answerKeys);
      expect(set.json()).toMatchObject({ country_codes: { list: ['CA', 'US'], mode: 'allow' }, flags: { ...NEW_TENANT_FLAGS, ...PATCH_ANSWER_FLAGS } });

      // terraform sends null for every block it does not manage: Auth0 answers 200 and changes nothing.
      const nulls = await patch({ default_token_quota: null, error_page: null, mtls: null, skip_non_verifiable_callback_uri_confirmation_prompt: null });
      expect(nulls.statusCode).toBe(200);
      expect(nulls.json()).toEqual(set.json());

      const read = await call('GET');
      expect(read.statusCode).toBe(200);
      expect(keys(read.json())).toEqual([...answerKeys, 'sandbox_versions_available'].sort());
      expect(read.json().flags).toEqual(NEW_TENANT_FLAGS);

      const changed = await patch({ friendly_name: 'Country Codes Test', country_codes: { list: ['DE', 'FR', 'GB'], mode: 'deny' } });
      expect(changed.json().country_codes).toEqual({ list: ['DE', 'FR', 'GB'], mode: 'deny' });
      expect((await patch({ friendly_name: 'Country Codes Test' })).json().country_codes).toEqual({ list: ['DE', 'FR', 'GB'], mode: 'deny' });

      const cleared = await patch({ country_codes: null });
      expect(cleared.statusCode).toBe(200);
      expect(keys(cleared.json())).toEqual(answerKeys.filter((k) => k !== 'country_codes'));
      expect(await get()).not.toHaveProperty('country_codes');
    });

    it('TestAccTenant_DynamicClientRegistrationSecurityMode: lifetimes in hours and the DCR mode read back as sent', async () => {
      const sent = {
        friendly_name: 'DCR Security Mode Test',
        session_lifetime: 168,
        idle_session_lifetime: 72,
        ephemeral_session_lifetime: 72,
        idle_ephemeral_session_lifetime: 24,
        dynamic_client_registration_security_mode: 'strict',
      };
      const res = await patch(sent);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject(sent);
      expect(res.json()).not.toHaveProperty('sandbox_versions_available');
      expect(await get()).toMatchObject({ ...sent, sandbox_versions_available: ['22', '18'] });
      // The account is not eligible: permissive is refused, naming the property.
      const permissive = await patch({ friendly_name: 'DCR Security Mode Test', dynamic_client_registration_security_mode: 'permissive' });
      expect(permissive.statusCode).toBe(400);
      expect(permissive.json()).toEqual({
        statusCode: 400,
        error: 'Bad Request',
        errorCode: 'invalid_body',
        message: expect.stringContaining('on property dynamic_client_registration_security_mode'),
      });
    });

    it('TestAccTenantDefaultTokenQuota: the quota is stored and echoed, and null removes it', async () => {
      const quota = {
        clients: { client_credentials: { enforce: false, per_day: 1000, per_hour: 50 } },
        organizations: { client_credentials: { enforce: false, per_day: 3000, per_hour: 150 } },
      };
      const res = await patch({ friendly_name: 'My Test Tenant with Token Quota', default_token_quota: quota });
      expect(res.statusCode).toBe(200);
      expect(res.json().default_token_quota).toEqual(quota);
      expect((await get()).default_token_quota).toEqual(quota);
      const cleared = await patch({ default_token_quota: null });
      expect(cleared.statusCode).toBe(200);
      expect(cleared.json()).not.toHaveProperty('default_token_quota');
      expect(await get()).not.toHaveProperty('default_token_quota');
    });

    it('TestAccTenant_EnableSSO: flags merge one by one', async () => {
      const off = await patch({ flags: { enable_sso: false }, session_lifetime: 168 });
      expect(off.statusCode).toBe(200);
      expect(off.json().flags).toEqual({ ...NEW_TENANT_FLAGS, ...PATCH_ANSWER_FLAGS, enable_sso: false });
      expect((await get()).flags).toEqual({ ...NEW_TENANT_FLAGS, enable_sso: false });
      expect((await patch({ flags: { enable_sso: true }, session_lifetime: 168 })).json().flags.enable_sso).toBe(true);
      expect((await get()).flags).toEqual(NEW_TENANT_FLAGS);
    });
  });

  describe('every property of Auth0’s schema', () => {
    const everything = {
      change_password: { enabled: true, html: '<p>change</p>' },
      device_flow: { charset: 'digits', mask: '***-***' },
      guardian_mfa_page: { enabled: false, html: '<p>mfa</p>' },
      default_audience: 'https://api.example/',
      default_directory: 'Username-Password-Authentication',
      error_page: { html: '<p>oops</p>', show_log_link: true, url: 'https://example.com/error' },
      default_token_quota: { clients: { client_credentials: { enforce: true, per_day: 2000, per_hour: 100 } } },
      flags: { enable_sso: true, revoke_refresh_token_grant: true, enable_dynamic_client_registration: false },
      friendly_name: 'Everything Co',
      picture_url: 'https://example.com/logo.png',
      support_email: 'support@example.com',
      support_url: 'https://example.com/support',
      allowed_logout_urls: ['https://example.com/logout', 'https://*.example.com/bye'],
      session_lifetime: 100,
      idle_session_lifetime: 50,
      ephemeral_session_lifetime: 20,
      idle_ephemeral_session_lifetime: 10,
      sandbox_version: '18',
      legacy_sandbox_version: 'v8',
      default_redirection_uri: 'https://example.com/login',
      enabled_locales: ['en', 'fr-CA', 'zh-TW'],
      security_headers: {
        content_security_policy: {
          enabled: true,
          policies: [
            {
              mode: 'enforcing',
              directives: { 'default-src': ["'self'"], 'img-src': ['https://cdn.example.com'] },
              flags: ['upgrade-insecure-requests'],
              reporting: { report_uri: 'https://example.com/csp', report_to_group: 'csp' },
            },
          ],
          reporting_infrastructure: {
            report_to: { group: 'csp', max_age: 86400, endpoints: [{ url: 'https://example.com/reports' }] },
            reporting_endpoints: { csp: 'https://example.com/reports' },
          },
        },
        x_xss_protection: { enabled: true, mode: 'block', report_uri: 'https://example.com/xss' },
      },
      session_cookie: { mode: 'non-persistent' },
      sessions: { oidc_logout_prompt_enabled: false },
      oidc_logout: { rp_logout_end_session_endpoint_discovery: false },
      customize_mfa_in_postlogin_action: true,
      allow_organization_name_in_authentication_api: true,
      acr_values_supported: ['urn:example:loa:2', 'http://schemas.openid.net/pape/policies/2007/06/multi-factor'],
      mtls: { enable_endpoint_aliases: true },
      pushed_authorization_requests_supported: true,
      authorization_response_iss_parameter_supported: true,
      skip_non_verifiable_callback_uri_confirmation_prompt: false,
      resource_parameter_profile: 'compatibility',
      client_id_metadata_document_supported: true,
      enable_ai_guide: false,
      phone_consolidated_experience: true,
      include_session_metadata_in_tenant_logs: true,
      dynamic_client_registration_security_mode: 'strict',
      country_codes: { list: ['US'], mode: 'allow' },
    };

    it('accepts them all in one PATCH, stores them and echoes them', async () => {
      const res = await patch(everything);
      expect(res.statusCode).toBe(200);
      const { flags, ...rest } = everything;
      expect(res.json()).toMatchObject({ ...rest, flags: { ...NEW_TENANT_FLAGS, ...PATCH_ANSWER_FLAGS, ...flags } });
      const read = await get();
      expect(read).toEqual({ ...rest, flags: { ...NEW_TENANT_FLAGS, ...flags }, universal_login: {}, sandbox_versions_available: ['22', '18'] });
    });

    const NULLABLE = [
      'change_password',
      'device_flow',
      'guardian_mfa_page',
      'error_page',
      'default_token_quota',
      'security_headers',
      'session_cookie',
      'sessions',
      'customize_mfa_in_postlogin_action',
      'allow_organization_name_in_authentication_api',
      'acr_values_supported',
      'mtls',
      'pushed_authorization_requests_supported',
      'authorization_response_iss_parameter_supported',
      'skip_non_verifiable_callback_uri_confirmation_prompt',
      'country_codes',
    ] as const;

    it.each(NULLABLE)('null clears %s (200), where Auth0’s schema allows null', async (property) => {
      expect((await patch({ [property]: everything[property] })).statusCode).toBe(200);
      const res = await patch({ [property]: null });
      expect(res.statusCode).toBe(200);
      expect(res.json()).not.toHaveProperty(property);
      expect(await get()).not.toHaveProperty(property);
    });

    const NOT_NULLABLE = Object.keys(everything).filter((k) => !(NULLABLE as readonly string[]).includes(k));
    it.each(NOT_NULLABLE)('null for %s is a 400 naming it (Auth0’s schema refuses null there)', async (property) => {
      const res = await patch({ [property]: null });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({
        statusCode: 400,
        error: 'Bad Request',
        errorCode: 'invalid_body',
        message: expect.stringContaining(`on property ${property}`),
      });
    });

    it('nested nulls follow the schema too: a nullable nested block clears, a flag or a field does not', async () => {
      const ok = await patch({ security_headers: { content_security_policy: null, x_xss_protection: { enabled: false } } });
      expect(ok.statusCode).toBe(200);
      expect(ok.json().security_headers).toEqual({ x_xss_protection: { enabled: false } });
      for (const [body, property] of [
        [{ flags: { enable_sso: null } }, 'flags.enable_sso'],
        [{ country_codes: { mode: null } }, 'country_codes.mode'],
        [{ error_page: { url: null } }, 'error_page.url'],
      ] as const) {
        const res = await patch(body);
        expect(res.statusCode).toBe(400);
        expect(res.json().message).toContain(`on property ${property}`);
      }
    });

    it('an export read back with GET (read-only keys dropped, as auth0-deploy-cli does) PATCHes unchanged', async () => {
      const before = await get();
      const { sandbox_versions_available: _available, flags, ...rest } = before;
      const writable = Object.fromEntries(
        Object.entries(flags as Record<string, boolean>).filter(([k]) => !['new_universal_login_experience_enabled', 'universal_login'].includes(k)),
      );
      const res = await patch({ ...rest, flags: writable });
      expect(res.statusCode).toBe(200);
      expect(await get()).toEqual(before);
    });
  });

  it.each([
    ['an unknown property', { bogus: true }, 'bogus'],
    ['an unknown flag', { flags: { not_a_flag: true } }, 'not_a_flag'],
    [
      'the migration toggle as a flag (not an Auth0 field: /ext/v1/migrations)',
      { flags: { create_permissive_third_party_clients_by_default: false } },
      'create_permissive_third_party_clients_by_default',
    ],
    ['a flag Auth0 reports but does not let a PATCH set', { flags: { universal_login: true } }, 'universal_login'],
    ['a read-only property', { sandbox_versions_available: ['22'] }, 'sandbox_versions_available'],
    ['a flag that is not a boolean', { flags: { enable_sso: 'yes' } }, 'flags.enable_sso'],
    ['a string that is a number', { friendly_name: 42 }, 'friendly_name'],
    ['hours that are not whole', { session_lifetime: 1.5 }, 'session_lifetime'],
    ['hours below 1', { idle_session_lifetime: 0 }, 'idle_session_lifetime'],
    ['minutes below 1', { idle_session_lifetime_in_minutes: 0 }, 'idle_session_lifetime_in_minutes'],
    ['minutes and hours together', { session_lifetime: 2, session_lifetime_in_minutes: 90 }, 'session_lifetime_in_minutes'],
    ['an unknown resource_parameter_profile', { resource_parameter_profile: 'resource' }, 'resource_parameter_profile'],
    ['an unknown DCR mode', { dynamic_client_registration_security_mode: 'lenient' }, 'dynamic_client_registration_security_mode'],
    ['an unknown locale', { enabled_locales: ['en', 'xx'] }, 'enabled_locales'],
    ['no locale', { enabled_locales: [] }, 'enabled_locales'],
    ['a picture_url that is not a URL', { picture_url: 'logo.png' }, 'picture_url'],
    ['a support_email that is not an email', { support_email: 'support' }, 'support_email'],
    ['a default_redirection_uri that is not https', { default_redirection_uri: 'http://example.com/login' }, 'default_redirection_uri'],
    ['a logout URL that is not a URL', { allowed_logout_urls: ['not a url'] }, 'allowed_logout_urls'],
    ['a sandbox_version over 8 characters', { sandbox_version: '123456789' }, 'sandbox_version'],
    ['a lower-case country code', { country_codes: { list: ['us'], mode: 'allow' } }, 'country_codes.list'],
    ['an unknown country_codes mode', { country_codes: { list: ['US'], mode: 'maybe' } }, 'country_codes.mode'],
    ['an unknown country_codes member', { country_codes: { list: ['US'], bogus: 1 } }, 'bogus'],
    ['a session_cookie without its mode', { session_cookie: {} }, 'session_cookie.mode'],
    ['an unknown session_cookie mode', { session_cookie: { mode: 'forever' } }, 'session_cookie.mode'],
    ['an unknown device_flow charset', { device_flow: { charset: 'hex' } }, 'device_flow.charset'],
    ['a device_flow mask over 20 characters', { device_flow: { mask: '*'.repeat(21) } }, 'device_flow.mask'],
    ['an empty default_token_quota', { default_token_quota: {} }, 'default_token_quota'],
    ['a quota without client_credentials', { default_token_quota: { clients: {} } }, 'default_token_quota.clients.client_credentials'],
    [
      'a quota below 1 per day',
      { default_token_quota: { clients: { client_credentials: { per_day: 0 } } } },
      'default_token_quota.clients.client_credentials.per_day',
    ],
    ['an unknown X-XSS-Protection mode', { security_headers: { x_xss_protection: { mode: 'filter' } } }, 'security_headers.x_xss_protection.mode'],
    [
      'an unknown CSP flag',
      { security_headers: { content_security_policy: { policies: [{ flags: ['sandbox'] }] } } },
      'security_headers.content_security_policy.policies.0.flags',
    ],
    ['an oidc_logout that is not an object', { oidc_logout: true }, 'oidc_logout'],
    ['sessions with a string', { sessions: { oidc_logout_prompt_enabled: 'yes' } }, 'sessions.oidc_logout_prompt_enabled'],
    ['an acr value with a space', { acr_values_supported: ['a b'] }, 'acr_values_supported'],
  ])('PATCH 400 invalid_body for %s, naming it', async (_, body, named) => {
    const res = await patch(body);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ statusCode: 400, error: 'Bad Request', errorCode: 'invalid_body', message: expect.stringContaining(named) });
    expect(res.json().message).toMatch(/^Payload validation error: /);
  });

  it('PATCH with an empty object is a 400 (Auth0: at least one property)', async () => {
    const res = await patch({});
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ errorCode: 'invalid_body', message: expect.stringContaining('minimum 1') });
  });

  it('*_in_minutes are accepted and read back as hours', async () => {
    const res = await patch({ session_lifetime_in_minutes: 90, idle_ephemeral_session_lifetime_in_minutes: 30 });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ session_lifetime: 1.5, idle_ephemeral_session_lifetime: 0.5 });
    expect(res.json()).not.toHaveProperty('session_lifetime_in_minutes');
    expect(await get()).toMatchObject({ session_lifetime: 1.5, idle_ephemeral_session_lifetime: 0.5 });
  });

  it('needs the tenant settings scopes', async () => {
    const narrow = await t.token(t.main, 'read:clients');
    const res = await call('GET', undefined, narrow);
    expect(res.statusCode).toBe(403);
    expect(res.json()).toEqual({
      statusCode: 403,
      error: 'Forbidden',
      errorCode: 'insufficient_scope',
      message: 'Insufficient scope, expected any of: read:tenant_settings',
    });
    const write = await call('PATCH', { friendly_name: 'x' }, await t.token(t.main, 'read:tenant_settings'));
    expect(write.statusCode).toBe(403);
    expect(write.json().message).toBe('Insufficient scope, expected any of: update:tenant_settings');
  });

  describe('/ext/v1/migrations (the permissive-by-default migration toggle, SPEC §7 and §9)', () => {
    const MIGRATIONS = '/ext/v1/migrations';
    const migrations = (method: 'GET' | 'PATCH', payload?: unknown, bearer?: string) => call(method, payload, bearer, MIGRATIONS);

    it('reads false for an account that never had third-party applications (and after the flip)', async () => {
      const res = await migrations('GET');
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ create_permissive_third_party_clients_by_default: false });
    });

    it('cannot be turned on for that account (400 naming it), can be turned off (a no-op)', async () => {
      const on = await migrations('PATCH', { create_permissive_third_party_clients_by_default: true });
      expect(on.statusCode).toBe(400);
      expect(on.json()).toEqual({
        statusCode: 400,
        error: 'Bad Request',
        errorCode: 'invalid_body',
        message: expect.stringContaining('on property create_permissive_third_party_clients_by_default'),
      });
      const off = await migrations('PATCH', { create_permissive_third_party_clients_by_default: false });
      expect(off.statusCode).toBe(200);
      expect(off.json()).toEqual({ create_permissive_third_party_clients_by_default: false });
      // It never shows among the tenant's flags.
      expect((await get()).flags).not.toHaveProperty('create_permissive_third_party_clients_by_default');
    });

    it.each([
      ['an empty body', {}],
      ['a string', { create_permissive_third_party_clients_by_default: 'true' }],
      ['null', { create_permissive_third_party_clients_by_default: null }],
      ['an unknown property', { create_permissive_third_party_clients_by_default: false, bogus: 1 }],
    ])('PATCH 400 invalid_body for %s', async (_, body) => {
      const res = await migrations('PATCH', body);
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ statusCode: 400, error: 'Bad Request', errorCode: 'invalid_body' });
    });

    it('reads with read:tenant_settings and writes with update:tenant_settings', async () => {
      const reader = await t.token(t.main, 'read:tenant_settings');
      const writer = await t.token(t.main, 'update:tenant_settings');
      expect((await migrations('GET', undefined, reader)).statusCode).toBe(200);
      const noRead = await migrations('GET', undefined, writer);
      expect(noRead.statusCode).toBe(403);
      expect(noRead.json()).toMatchObject({ errorCode: 'insufficient_scope', message: 'Insufficient scope, expected any of: read:tenant_settings' });
      const noWrite = await migrations('PATCH', { create_permissive_third_party_clients_by_default: false }, reader);
      expect(noWrite.statusCode).toBe(403);
      expect(noWrite.json().message).toBe('Insufficient scope, expected any of: update:tenant_settings');
      expect((await migrations('PATCH', { create_permissive_third_party_clients_by_default: false }, writer)).statusCode).toBe(200);
      const anonymous = await t.inject({ method: 'GET', url: MIGRATIONS });
      expect(anonymous.statusCode).toBe(401);
    });
  });
});
