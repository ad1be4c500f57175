import {
  SETTINGS,
  describeCoverage,
  expectMatchesContract,
  expectRequestMatchesContract,
  expectRequestRejectedByContract,
  useContractApp,
} from './support/contract';

describe('responses match openapi.yaml', () => {
  const { api, tokenWith, expectUnparseableBodies } = useContractApp();

  describe('/api/v2/tenants/settings', () => {
    it("GET 200: a new tenant reports Auth0's defaults, and no unset lifetime, DCR mode or migration toggle", async () => {
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
      for (const absent of ['session_lifetime', 'idle_session_lifetime', 'dynamic_client_registration_security_mode'])
        expect(res.json()).not.toHaveProperty(absent);
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
      const {
        cannot_change_enforce_client_authentication_on_passwordless_start: _c,
        enforce_client_authentication_on_passwordless_start: _e,
        ...answerFlags
      } = patchFlags;
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
      [
        'permissive DCR for an account that is not eligible',
        { dynamic_client_registration_security_mode: 'permissive' },
        'dynamic_client_registration_security_mode',
      ],
    ])('PATCH 400 invalid_body naming the property for %s', async (_, body, property) => {
      expectRequestMatchesContract('PATCH', SETTINGS, 'application/json', body);
      const res = await api('PATCH', SETTINGS, { payload: body });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ errorCode: 'invalid_body', message: expect.stringContaining(`on property ${property}`) });
      expectMatchesContract('PATCH', SETTINGS, res);
    });

    it('PATCH 400 for malformed JSON, 413 over 1 MiB, 415 for an unparseable type', async () => {
      await expectUnparseableBodies('PATCH', SETTINGS, SETTINGS, { malformed: '{"friendly_name":', xml: '<friendly_name/>' });
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
});

describeCoverage('tenant-settings');
