import { allViolations, clientViolations, curatedViolations, exactUrlViolations, firstPartyViolations, Violation } from './client-rules';
import { ALL_GRANT_TYPES, MODE_RULES, REGISTRATION_AUTH_METHODS, STRICT_CURATED_PROPERTIES } from './security-modes';

const rulesOf = (v: Violation[]) => v.map((x) => `${x.property}:${x.rule}`);

describe('curatedViolations (strict: curated set only; permissive: everything)', () => {
  it.each([
    [{ name: 'x' }, []],
    [{ name: 'x', description: 'd', logo_uri: 'https://l', client_metadata: { a: '1' } }, []],
    [{ callbacks: [], allowed_origins: [], web_origins: [], grant_types: [], token_endpoint_auth_method: 'none', app_type: 'spa' }, []],
    [{ jwt_configuration: { lifetime_in_seconds: 60, alg: 'RS256' } }, []],
    [{ jwt_configuration: { secret_encoded: true } }, ['jwt_configuration.secret_encoded:not_curated']],
    [{ jwt_configuration: { scopes: {}, alg: 'RS256' } }, ['jwt_configuration.scopes:not_curated']],
    [{ refresh_token: { rotation_type: 'rotating', expiration_type: 'expiring', leeway: 0, token_lifetime: 1, idle_token_lifetime: 1 } }, []],
    [{ client_authentication_methods: { private_key_jwt: { credentials: [] } } }, []],
    [{ require_proof_of_possession: true, redirection_policy: 'allow_always', is_first_party: false, third_party_security_mode: 'strict' }, []],
    [{ sso: true }, ['sso:not_curated']],
    [{ cross_origin_authentication: true, allowed_logout_urls: [] }, ['cross_origin_authentication:not_curated', 'allowed_logout_urls:not_curated']],
    [{ oidc_conformant: true }, ['oidc_conformant:not_curated']],
    [{ jwt_configuration: 'bogus' }, ['jwt_configuration:not_curated']],
    [{ addons: {} }, ['addons:not_curated']],
    [{ custom_login_page: 'x' }, ['custom_login_page:not_curated']],
  ])('strict %p → %p', (payload, out) => expect(rulesOf(curatedViolations('strict', payload))).toEqual(out));

  it('permissive accepts every property', () => {
    expect(curatedViolations('permissive', { sso: true, addons: {}, cross_origin_authentication: true })).toEqual([]);
  });

  it('every curated entry is allowed for strict', () => {
    for (const p of STRICT_CURATED_PROPERTIES) {
      const [top, sub] = p.split('.');
      const payload = sub ? { [top!]: sub === '*' ? { anything: 1 } : { [sub]: 1 } } : { [top!]: 1 };
      expect(curatedViolations('strict', payload)).toEqual([]);
    }
  });
});

describe('clientViolations', () => {
  const strictGrantCases = ALL_GRANT_TYPES.map((g) => [g, MODE_RULES.strict.grantTypes.allowed.includes(g)] as const);
  it.each(strictGrantCases)('strict grant type %s allowed=%p', (g, ok) => {
    expect(rulesOf(clientViolations('strict', { grant_types: [g] }))).toEqual(ok ? [] : ['grant_types:grant_type_not_allowed']);
  });
  // Written out, not derived from the table under test: permissive allows every grant type but the two
  // password grants (seed 000, "except password"; password-realm is the same grant against a realm).
  const permissiveGrantCases = [
    ['authorization_code', true],
    ['implicit', true],
    ['refresh_token', true],
    ['client_credentials', true],
    ['password', false],
    ['http://auth0.com/oauth/grant-type/password-realm', false],
    ['http://auth0.com/oauth/grant-type/mfa-oob', true],
    ['http://auth0.com/oauth/grant-type/mfa-otp', true],
    ['http://auth0.com/oauth/grant-type/mfa-recovery-code', true],
    ['urn:openid:params:grant-type:ciba', true],
    ['urn:ietf:params:oauth:grant-type:device_code', true],
    ['urn:ietf:params:oauth:grant-type:token-exchange', true],
    ['urn:auth0:params:oauth:grant-type:token-exchange:federated-connection-access-token', true],
  ] as const;
  it('the permissive table covers every grant type', () => {
    expect(permissiveGrantCases.map(([g]) => g).sort()).toEqual([...ALL_GRANT_TYPES].sort());
  });
  it.each(permissiveGrantCases)('permissive grant type %s allowed=%p', (g, ok) => {
    expect(rulesOf(clientViolations('permissive', { grant_types: [g] }))).toEqual(ok ? [] : ['grant_types:grant_type_not_allowed']);
  });
  it('names password-realm when a permissive client asks for it alongside allowed grants', () => {
    const out = clientViolations('permissive', { grant_types: ['authorization_code', 'http://auth0.com/oauth/grant-type/password-realm'] });
    expect(rulesOf(out)).toEqual(['grant_types:grant_type_not_allowed']);
    expect(out[0]!.message).toContain('http://auth0.com/oauth/grant-type/password-realm');
  });

  it.each([
    ['strict', { app_type: 'spa' }, []],
    ['strict', { app_type: 'regular_web' }, []],
    ['strict', { app_type: 'native' }, []],
    ['strict', { app_type: 'non_interactive' }, []],
    ['strict', { app_type: 'sso_integration' }, ['app_type:app_type_not_allowed']],
    ['permissive', { app_type: 'sso_integration' }, []],
    ['strict', { jwt_configuration: { alg: 'RS256' } }, []],
    ['strict', { jwt_configuration: { alg: 'HS256' } }, ['jwt_configuration.alg:alg_not_allowed']],
    ['strict', { jwt_configuration: { alg: 'PS256' } }, ['jwt_configuration.alg:alg_not_allowed']],
    ['permissive', { jwt_configuration: { alg: 'HS256' } }, []],
    ['strict', { client_authentication_methods: { private_key_jwt: {} } }, []],
    ['strict', { client_authentication_methods: { tls_client_auth: {} } }, ['client_authentication_methods.tls_client_auth:auth_method_not_allowed']],
    [
      'strict',
      { client_authentication_methods: { self_signed_tls_client_auth: {} } },
      ['client_authentication_methods.self_signed_tls_client_auth:auth_method_not_allowed'],
    ],
    ['permissive', { client_authentication_methods: { tls_client_auth: {} } }, []],
    ['strict', { refresh_token: { expiration_type: 'expiring', rotation_type: 'rotating' } }, []],
    ['strict', { refresh_token: { expiration_type: 'non-expiring', rotation_type: 'rotating' } }, ['refresh_token.expiration_type:refresh_token_must_expire']],
    // Auth0's own default for a strict client (recorded): expiring, with infinite_token_lifetime true.
    ['strict', { refresh_token: { expiration_type: 'expiring', infinite_token_lifetime: true } }, []],
    [
      'strict',
      { refresh_token: { expiration_type: 'expiring', infinite_idle_token_lifetime: true } },
      ['refresh_token.infinite_idle_token_lifetime:infinite_idle_not_allowed'],
    ],
    ['permissive', { refresh_token: { expiration_type: 'non-expiring', infinite_idle_token_lifetime: true } }, []],
    ['strict', { callbacks: ['https://app.example/cb'], allowed_origins: ['https://app.example'], web_origins: ['https://app.example'] }, []],
    ['strict', { callbacks: ['https://*.example/cb'] }, ['callbacks:wildcard_url']],
    ['strict', { allowed_origins: ['https://*.example'] }, ['allowed_origins:wildcard_url']],
    ['strict', { web_origins: ['https://a.example/#x'] }, ['web_origins:fragment_url']],
    ['strict', { callbacks: ['https://a.example/cb#frag'] }, ['callbacks:fragment_url']],
    ['permissive', { callbacks: ['https://*.example/cb#x'] }, []],
    ['strict', { redirection_policy: 'open_redirect_protection' }, []],
    ['strict', { redirection_policy: 'allow_always' }, []],
    ['strict', { redirection_policy: 'sometimes' }, ['redirection_policy:redirection_policy_not_allowed']],
  ] as const)('%s %p → %p', (mode, client, out) => expect(rulesOf(clientViolations(mode, client as Record<string, unknown>))).toEqual(out));

  it('names the property and the rule in the message', () => {
    const [v] = clientViolations('strict', { grant_types: ['implicit'] });
    expect(v!.message).toContain('implicit');
    expect(v!.message).toContain('strict');
    expect(v!.message).toContain('authorization_code, refresh_token');
  });
});

describe('firstPartyViolations and allViolations', () => {
  it('refuses third_party_security_mode on first-party clients', () => {
    expect(rulesOf(firstPartyViolations({ third_party_security_mode: 'strict' }))).toEqual(['third_party_security_mode:mode_on_first_party']);
    expect(firstPartyViolations({ name: 'x' })).toEqual([]);
  });
  it('combines the curated check on the payload with the rules on the result', () => {
    expect(rulesOf(allViolations('strict', { sso: true }, { grant_types: ['password'] }))).toEqual(['sso:not_curated', 'grant_types:grant_type_not_allowed']);
  });
});

describe('exactUrlViolations', () => {
  it.each([
    [['https://a.example/cb', 'http://127.0.0.1:8080/cb'], []],
    [['https://*.a.example/cb'], ['redirect_uris:wildcard_url']],
    [['https://a.example/cb#x'], ['redirect_uris:fragment_url']],
    [['https://*.a.example/#x'], ['redirect_uris:wildcard_url', 'redirect_uris:fragment_url']],
    [[42], []],
  ])('%p → %p', (urls, out) => expect(rulesOf(exactUrlViolations('redirect_uris', urls))).toEqual(out));
});

describe('what Dynamic Client Registration accepts, per mode', () => {
  it.each([
    ['strict', ['code'], true],
    ['strict', ['code', 'id_token'], false],
    ['strict', ['token'], false],
    ['permissive', ['code', 'id_token'], true],
  ] as const)('%s: response_types %j allowed: %s', (mode, types, expected) => {
    const allowed = MODE_RULES[mode].registrationResponseTypes;
    expect(allowed === 'any' || types.every((t) => allowed.includes(t))).toBe(expected);
  });

  it('auth methods are the same for both modes', () => {
    expect(REGISTRATION_AUTH_METHODS).toEqual(['none', 'client_secret_post', 'client_secret_basic']);
  });
});
