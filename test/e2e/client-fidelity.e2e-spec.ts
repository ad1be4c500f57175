import { useTestApp } from '@gatehouse/testing';

/**
 * /api/v2/clients as the recorded Auth0 traffic answers (issue 9 §3): `null` in a PATCH, properties
 * Auth0 added recently, merged objects, defaults per app_type and auth method, strict defaults, and the
 * secret of key-authenticated clients. Each expectation names the cassette it comes from.
 */
describe('/api/v2/clients — Auth0 fidelity', () => {
  const app = useTestApp();
  const { t } = app;

  const api = app.api('/api/v2/clients');
  const create = async (payload: object) => {
    const res = await api('POST', '', payload);
    expect(res.statusCode).toBe(201);
    return res.json();
  };

  describe('null in a PATCH', () => {
    it.each([
      // TestAccClientAddons, TestAccClientTokenQuota, TestAccClientFedCMLogin, TestAccClientIdentityAssertionAuthorizationGrant,
      // TestAccClientSessionTransfer, TestAccClientOrganizationDiscoveryMethods
      ['addons', { aws: { principal: 'arn:aws:iam::1:saml-provider/x', role: 'arn:aws:iam::1:role/y' } }],
      ['token_quota', { client_credentials: { enforce: true, per_day: 2000, per_hour: 100 } }],
      ['fedcm_login', { google: { is_enabled: true } }],
      ['identity_assertion_authorization_grant', { active: true }],
      ['session_transfer', { can_create_session_transfer_token: true }],
      ['organization_discovery_methods', ['organization_name']],
      ['token_endpoint_auth_method', 'client_secret_post'],
    ])('clears %s (200, the key is gone)', async (property, value) => {
      const c = await create({ name: `null ${property}`, [property]: value });
      expect(c[property]).toBeDefined();
      const res = await api('PATCH', `/${c.client_id}`, { [property]: null });
      expect(res.statusCode).toBe(200);
      expect(res.json()).not.toHaveProperty(property);
      expect((await api('GET', `/${c.client_id}`)).json()).not.toHaveProperty(property);
    });

    it.each(['name', 'callbacks', 'grant_types', 'app_type', 'jwt_configuration', 'is_first_party'])('refuses null on %s (400 naming it)', async (property) => {
      const c = await create({ name: `no null ${property}` });
      const res = await api('PATCH', `/${c.client_id}`, { [property]: null });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toEqual({
        statusCode: 400,
        error: 'Bad Request',
        errorCode: 'invalid_body',
        message: `Payload validation error: 'Expected a value but found null' on property ${property}.`,
      });
    });

    it('treats null in a POST as not set', async () => {
      const c = await create({
        name: 'post null',
        addons: null,
        token_endpoint_auth_method: null,
        jwt_configuration: { alg: null, lifetime_in_seconds: 600 },
        refresh_token: { leeway: null, rotation_type: 'rotating' },
      });
      expect(c).not.toHaveProperty('addons');
      expect(c).not.toHaveProperty('token_endpoint_auth_method');
      // Nested nulls too: Auth0's defaults fill the gaps, no null is stored or answered.
      expect(c.jwt_configuration).toEqual({ secret_encoded: false, lifetime_in_seconds: 600 });
      expect(c.refresh_token).toMatchObject({ leeway: 0, rotation_type: 'rotating' });
      expect(JSON.stringify((await api('GET', `/${c.client_id}`)).json())).not.toContain(':null');
    });

    it('oidc_backchannel_logout: null clears both logout settings (TestAccClientOIDCLogout)', async () => {
      const c = await create({ name: 'logout', app_type: 'spa', oidc_logout: { backchannel_logout_urls: ['https://auth0.test/all/logout'] } });
      expect(c.oidc_backchannel_logout).toEqual({ backchannel_logout_urls: ['https://auth0.test/all/logout'] });
      const res = await api('PATCH', `/${c.client_id}`, { oidc_backchannel_logout: null });
      expect(res.statusCode).toBe(200);
      expect(res.json()).not.toHaveProperty('oidc_logout');
      expect(res.json()).not.toHaveProperty('oidc_backchannel_logout');
    });
  });

  describe('merged objects', () => {
    it('client_metadata merges and a null removes one key (TestAccClientMetadataBehavior)', async () => {
      const c = await create({ name: 'metadata', client_metadata: { bar: 'baz', foo: 'zoo' } });
      const one = await api('PATCH', `/${c.client_id}`, { client_metadata: { bar: null, foo: 'newZoo', newBar: 'newBaz' } });
      expect(one.json().client_metadata).toEqual({ foo: 'newZoo', newBar: 'newBaz' });
      const two = await api('PATCH', `/${c.client_id}`, { client_metadata: { foo: null, newBar: null } });
      expect(two.json().client_metadata).toEqual({});
    });

    it('session_transfer is filled with Auth0 defaults, merges, and drops a nulled delegation (TestAccClientSessionTransfer)', async () => {
      const c = await create({
        name: 'transfer',
        app_type: 'native',
        token_endpoint_auth_method: 'none',
        session_transfer: { enforce_online_refresh_tokens: true },
      });
      expect(c.session_transfer).toEqual({
        can_create_session_transfer_token: false,
        allowed_authentication_methods: [],
        enforce_device_binding: 'ip',
        allow_refresh_token: false,
        enforce_online_refresh_tokens: true,
        enforce_cascade_revocation: true,
      });
      const patched = await api('PATCH', `/${c.client_id}`, { session_transfer: { allow_refresh_token: true, delegation: { allow_delegated_access: true } } });
      expect(patched.json().session_transfer).toMatchObject({
        allow_refresh_token: true,
        enforce_device_binding: 'ip',
        delegation: { allow_delegated_access: true },
      });
      const dropped = await api('PATCH', `/${c.client_id}`, { session_transfer: { delegation: null } });
      expect(dropped.json().session_transfer).not.toHaveProperty('delegation');
      expect(dropped.json().session_transfer.allow_refresh_token).toBe(true);
    });

    it('mobile merges per platform (TestAccClientMobile)', async () => {
      const c = await create({ name: 'mobile', app_type: 'native', mobile: { android: { app_package_name: 'com.example' }, ios: { team_id: '9JA89QQLNQ' } } });
      const res = await api('PATCH', `/${c.client_id}`, { mobile: { android: { app_package_name: 'com.other' } } });
      expect(res.json().mobile).toEqual({ android: { app_package_name: 'com.other' }, ios: { team_id: '9JA89QQLNQ' } });
    });
  });

  describe('defaults as recorded', () => {
    it.each([
      // [payload, expected subset] — from the POST /api/v2/clients answers in the recordings.
      [{ app_type: 'spa', token_endpoint_auth_method: 'none' }, { grant_types: ['authorization_code', 'implicit', 'refresh_token'] }],
      [{ app_type: 'native', token_endpoint_auth_method: 'none' }, { grant_types: ['authorization_code', 'implicit', 'refresh_token'] }],
      [{ app_type: 'regular_web' }, { grant_types: ['authorization_code', 'implicit', 'refresh_token', 'client_credentials'] }],
      [
        { app_type: 'non_interactive', token_endpoint_auth_method: 'client_secret_post' },
        {
          refresh_token: {
            expiration_type: 'non-expiring',
            token_lifetime: 31557600,
            idle_token_lifetime: 2592000,
            infinite_token_lifetime: true,
            infinite_idle_token_lifetime: true,
          },
        },
      ],
      [{}, { refresh_token: { token_lifetime: 2592000, idle_token_lifetime: 1296000 } }],
      [{ jwt_configuration: { alg: 'RS256' } }, { jwt_configuration: { secret_encoded: false, alg: 'RS256' } }],
      [{ app_type: 'resource_server' }, { grant_types: [], oidc_conformant: true, jwt_configuration: { secret_encoded: false, alg: 'RS256' } }],
      [
        { app_type: 'express_configuration' },
        {
          grant_types: ['authorization_code', 'client_credentials'],
          oidc_conformant: true,
          organization_usage: 'require',
          client_authentication_methods: { private_key_jwt: { credentials: [] } },
          callbacks: ['https://system-admin.okta.com/admin/app/generic/oauth20redirect'],
        },
      ],
    ])('%j gets %j', async (payload, expected) => {
      const c = await create({ name: 'defaults', ...payload });
      expect(c).toMatchObject(expected);
      if ((payload as { jwt_configuration?: unknown }).jwt_configuration) expect(c.jwt_configuration).not.toHaveProperty('lifetime_in_seconds');
    });

    it('an express_configuration application authenticates with keys and has no secret', async () => {
      const c = await create({ name: 'express', app_type: 'express_configuration' });
      expect(c).not.toHaveProperty('client_secret');
      expect(c).not.toHaveProperty('token_endpoint_auth_method');
    });

    it('a strict client reports the defaults Auth0 reports (TestAccClient_ThirdPartySecurityMode)', async () => {
      const c = await create({
        name: '3P',
        app_type: 'regular_web',
        is_first_party: false,
        callbacks: ['https://example.com/callback'],
        token_endpoint_auth_method: 'client_secret_post',
        third_party_security_mode: 'strict',
      });
      expect(c).toMatchObject({
        is_token_endpoint_ip_header_trusted: false,
        oidc_conformant: true,
        sso_disabled: false,
        cross_origin_authentication: false,
        custom_login_page_on: true,
        grant_types: ['authorization_code'],
        jwt_configuration: { secret_encoded: false, alg: 'RS256', lifetime_in_seconds: 3600 },
        refresh_token: {
          rotation_type: 'non-rotating',
          expiration_type: 'expiring',
          leeway: 0,
          token_lifetime: 31557600,
          infinite_token_lifetime: true,
          infinite_idle_token_lifetime: false,
          idle_token_lifetime: 2592000,
        },
        redirection_policy: 'open_redirect_protection',
      });
      // The curated set still governs what may be set.
      const res = await api('PATCH', `/${c.client_id}`, { sso_disabled: true });
      expect(res.statusCode).toBe(400);
      expect(res.json().message).toContain('sso_disabled');
    });
  });

  describe('properties Auth0 added recently', () => {
    it.each([
      ['token_vault_privileged_access', { credentials: [{ id: 'cred_abc' }] }],
      ['fedcm_login', { google: { is_enabled: false } }],
      ['identity_assertion_authorization_grant', { active: true }],
      ['token_quota', { client_credentials: { enforce: false, per_day: 1000, per_hour: 50 } }],
      ['async_approval_notification_channels', ['guardian-push', 'email']],
      ['my_organization_configuration', { allowed_strategies: ['auth0'] }],
    ])('accepts, stores and echoes %s', async (property, value) => {
      const c = await create({ name: `new ${property}`, [property]: value });
      expect(c[property]).toEqual(value);
      const patched = await api('PATCH', `/${c.client_id}`, { [property]: value });
      expect(patched.statusCode).toBe(200);
      expect((await api('GET', `/${c.client_id}`)).json()[property]).toEqual(value);
    });

    it.each([
      ['fedcm_login', 'yes'],
      ['async_approval_notification_channels', ['sms']],
      ['organization_discovery_methods', ['phone']],
      ['par_request_expiry', 5],
      ['callbacks', ['not a url']],
      ['initiate_login_uri', 'http://insecure.example/login'],
      ['name', 'a <script>'],
      ['client_metadata', Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`k${i}`, 'v']))],
      ['refresh_token', { rotation_type: 'non-rotating', expiration_type: 'expiring', token_lifetime: 157788001 }],
    ])('refuses a bad %s (400 naming it)', async (property, value) => {
      const res = await api('POST', '', { name: 'bad value', [property]: value });
      expect(res.statusCode).toBe(400);
      expect(res.json().errorCode).toBe('invalid_body');
      expect(res.json().message).toContain(property);
    });

    it('still refuses an unknown property', async () => {
      const res = await api('POST', '', { name: 'unknown', no_such_property: true });
      expect(res.statusCode).toBe(400);
      expect(res.json().message).toContain('Additional properties not allowed: no_such_property');
    });
  });

  describe('client secret and key authentication (TestAccClientAuthenticationMethodsPrivateKeyJWT)', () => {
    it('switching to private_key_jwt hides the secret; switching back issues a new one that works', async () => {
      const c = await create({ name: 'pkjwt', app_type: 'non_interactive', token_endpoint_auth_method: 'client_secret_post' });
      const keyed = await api('PATCH', `/${c.client_id}`, {
        client_authentication_methods: { private_key_jwt: { credentials: [{ id: 'cred_gekrTRyhtchHhs399o7bsV' }] } },
        token_endpoint_auth_method: null,
      });
      expect(keyed.statusCode).toBe(200);
      expect(keyed.json()).not.toHaveProperty('client_secret');
      expect(keyed.json()).not.toHaveProperty('token_endpoint_auth_method');
      const rotate = await api('POST', `/${c.client_id}/rotate-secret`);
      expect(rotate.statusCode).toBe(403);

      const back = await api('PATCH', `/${c.client_id}`, { client_authentication_methods: null, token_endpoint_auth_method: 'client_secret_basic' });
      expect(back.statusCode).toBe(200);
      const secret = back.json().client_secret as string;
      expect(secret).toEqual(expect.any(String));
      expect(secret).not.toBe(c.client_secret);
      const oldSecret = await t.inject({
        method: 'POST',
        url: '/oauth/token',
        payload: { grant_type: 'client_credentials', client_id: c.client_id, client_secret: c.client_secret, audience: t.main.tenant.managementAudience },
      });
      expect(oldSecret.statusCode).toBe(401);
      const grant = await t.inject({
        method: 'POST',
        url: '/api/v2/client-grants',
        headers: { authorization: `Bearer ${app.token}` },
        payload: { client_id: c.client_id, audience: t.main.tenant.managementAudience, scope: ['read:clients'] },
      });
      expect(grant.statusCode).toBe(201);
      const newSecret = await t.inject({
        method: 'POST',
        url: '/oauth/token',
        payload: { grant_type: 'client_credentials', client_id: c.client_id, client_secret: secret, audience: t.main.tenant.managementAudience },
      });
      expect(newSecret.statusCode).toBe(200);
    });
  });
});
