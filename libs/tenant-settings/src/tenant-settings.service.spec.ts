import { Auth0Error } from '@gatehouse/http';
import { presentSettings } from './tenant-settings.mapper';
import { tenantSettingsFrom } from './tenant-settings.model';
import { applySettingsPatch } from './tenant-settings.service';

describe('presentSettings (what Auth0 answers for stored settings)', () => {
  const present = (stored: Record<string, unknown>, view: 'get' | 'patch'): Record<string, unknown> => presentSettings(tenantSettingsFrom(stored), view);
  const flagsOf = (o: Record<string, unknown>) => o.flags as Record<string, boolean>;

  it.each([
    ['get', { sandbox_versions_available: ['22', '18'] }, false],
    ['patch', {}, true],
  ] as const)('%s: the defaults of a new tenant', (view, extra, patchFlags) => {
    const out = present({}, view);
    expect(out).toEqual({
      enabled_locales: ['en'],
      sandbox_version: '22',
      oidc_logout: { rp_logout_end_session_endpoint_discovery: true },
      universal_login: {},
      resource_parameter_profile: 'audience',
      phone_consolidated_experience: false,
      client_id_metadata_document_supported: false,
      flags: expect.any(Object),
      ...extra,
    });
    expect(flagsOf(out)).toMatchObject({ enable_sso: true, enable_dynamic_client_registration: false, universal_login: true });
    expect('cannot_change_enforce_client_authentication_on_passwordless_start' in flagsOf(out)).toBe(patchFlags);
  });

  it.each([
    [{ friendly_name: 'x' }, 'friendly_name', 'x'],
    [{ sandbox_version: '18' }, 'sandbox_version', '18'],
    [{ session_lifetime: 1.5 }, 'session_lifetime', 1.5],
    [{ universal_login: { colors: { primary: '#000000' } } }, 'universal_login', { colors: { primary: '#000000' } }],
  ])('a stored %p wins over the default', (stored, key, value) => {
    expect(present(stored, 'get')[key]).toEqual(value);
  });

  it('stored flags win over the default flags, the PATCH-answer flags included', () => {
    const stored = { flags: { enable_sso: false, enforce_client_authentication_on_passwordless_start: false } };
    expect(flagsOf(present(stored, 'patch'))).toMatchObject({ enable_sso: false, enforce_client_authentication_on_passwordless_start: false });
    expect(flagsOf(present(stored, 'get'))).toMatchObject({ enable_sso: false, enforce_client_authentication_on_passwordless_start: false });
  });

  it('never reports the migration toggle among the flags, on or off', () => {
    for (const value of [true, false]) {
      for (const view of ['get', 'patch'] as const) {
        expect(flagsOf(present({ flags: { create_permissive_third_party_clients_by_default: value } }, view))).not.toHaveProperty(
          'create_permissive_third_party_clients_by_default',
        );
      }
    }
  });

  it('does not share the defaults between answers', () => {
    (present({}, 'get').enabled_locales as string[]).push('fr');
    expect(present({}, 'get').enabled_locales).toEqual(['en']);
  });
});

describe('applySettingsPatch (stored settings after a validated PATCH)', () => {
  const stored = {
    friendly_name: 'a',
    country_codes: { list: ['US'], mode: 'allow' },
    flags: { enable_sso: false, create_permissive_third_party_clients_by_default: false },
  };

  it.each([
    ['sets a property', { support_email: 's@x.example' }, { ...stored, support_email: 's@x.example' }],
    ['replaces an object whole', { country_codes: { list: ['DE'] } }, { ...stored, country_codes: { list: ['DE'] } }],
    ['clears a property on null', { country_codes: null }, { friendly_name: 'a', flags: stored.flags }],
    ['clearing an unset property is a no-op', { mtls: null }, stored],
    [
      'merges flags one by one (the stored toggle survives)',
      { flags: { enable_sso: true } },
      { ...stored, flags: { enable_sso: true, create_permissive_third_party_clients_by_default: false } },
    ],
    ['converts minutes to hours', { session_lifetime_in_minutes: 90 }, { ...stored, session_lifetime: 1.5 }],
    [
      'does not store a nested null',
      { security_headers: { content_security_policy: null, x_xss_protection: { enabled: true } } },
      { ...stored, security_headers: { x_xss_protection: { enabled: true } } },
    ],
  ])('%s', (_, patch, out) => expect(applySettingsPatch(stored, patch)).toEqual(out));

  it.each([
    ['an empty body', {}, 'minimum 1'],
    ['minutes with hours', { idle_session_lifetime: 2, idle_session_lifetime_in_minutes: 30 }, 'on property idle_session_lifetime_in_minutes'],
  ])('refuses %s', (_, patch, message) => {
    expect(() => applySettingsPatch(stored, patch)).toThrow(Auth0Error);
    expect(() => applySettingsPatch(stored, patch)).toThrow(message);
  });

  it('leaves the stored object alone', () => {
    const before = structuredClone(stored);
    applySettingsPatch(stored, { friendly_name: 'b', flags: { enable_sso: true }, country_codes: null });
    expect(stored).toEqual(before);
  });
});
