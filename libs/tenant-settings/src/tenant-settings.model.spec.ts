import { NEW_TENANT_FLAGS } from './tenant-settings.defaults';
import { storedFlags, TenantSettings, tenantSettingsFrom } from './tenant-settings.model';

describe('tenantSettingsFrom: the one place stored settings become TenantSettings', () => {
  it.each<[string, Record<string, unknown>, Partial<TenantSettings>]>([
    ['a new tenant', {}, { flags: NEW_TENANT_FLAGS, resourceParameterProfile: 'audience', settings: {} }],
    [
      'a flag set over the defaults',
      { flags: { enable_sso: false, genai_trial: true } },
      { flags: { ...NEW_TENANT_FLAGS, enable_sso: false, genai_trial: true } },
    ],
    ['DCR switched on', { flags: { enable_dynamic_client_registration: true } }, { flags: { ...NEW_TENANT_FLAGS, enable_dynamic_client_registration: true } }],
    ['the DCR mode', { dynamic_client_registration_security_mode: 'permissive' }, { dcrMode: 'permissive', settings: {} }],
    ['the compatibility profile', { resource_parameter_profile: 'compatibility' }, { resourceParameterProfile: 'compatibility', settings: {} }],
    ['the migration toggle on', { flags: { create_permissive_third_party_clients_by_default: true } }, { flags: NEW_TENANT_FLAGS, permissiveByDefault: true }],
    [
      'the migration toggle off',
      { flags: { create_permissive_third_party_clients_by_default: false } },
      { flags: NEW_TENANT_FLAGS, permissiveByDefault: false },
    ],
    [
      'the rest in the bag, as stored',
      { friendly_name: 'x', session_lifetime: 1.5, universal_login: { colors: { primary: '#000000' } }, flags: {} },
      { settings: { friendly_name: 'x', session_lifetime: 1.5, universal_login: { colors: { primary: '#000000' } } } },
    ],
  ])('%s', (_name, stored, expected) => {
    expect(tenantSettingsFrom(stored)).toMatchObject(expected);
  });

  it.each<[string, Record<string, unknown>, keyof TenantSettings]>([
    ['no DCR mode until set', {}, 'dcrMode'],
    ['no DCR mode that is not a mode', { dynamic_client_registration_security_mode: 'lax' }, 'dcrMode'],
    ['no migration toggle until set', { flags: { enable_sso: true } }, 'permissiveByDefault'],
  ])('%s', (_name, stored, absent) => {
    expect(tenantSettingsFrom(stored)).not.toHaveProperty(absent);
  });

  it.each<[string, Record<string, unknown>, boolean]>([
    ['a new tenant', {}, false],
    ['other flags set', { flags: { enable_sso: true } }, false],
    ['switched on', { flags: { enable_dynamic_client_registration: true } }, true],
    ['switched off', { flags: { enable_dynamic_client_registration: false } }, false],
    ['stored as something other than a boolean', { flags: { enable_dynamic_client_registration: 'true' } }, false],
    ['flags not an object', { flags: ['enable_dynamic_client_registration'] }, false],
  ])('DCR enabled: %s → %p', (_name, stored, enabled) => {
    expect(tenantSettingsFrom(stored).dcrEnabled).toBe(enabled);
  });

  it('never reports the migration toggle among the flags', () => {
    expect(tenantSettingsFrom({ flags: { create_permissive_third_party_clients_by_default: true } }).flags).not.toHaveProperty(
      'create_permissive_third_party_clients_by_default',
    );
  });
});

describe('storedFlags: the flags as stored, the migration toggle among them', () => {
  it.each<[unknown, Record<string, boolean>]>([
    [undefined, {}],
    [null, {}],
    [['enable_sso'], {}],
    [
      { enable_sso: false, create_permissive_third_party_clients_by_default: true },
      { enable_sso: false, create_permissive_third_party_clients_by_default: true },
    ],
    [{ enable_sso: 'yes', genai_trial: true }, { genai_trial: true }],
  ])('%p → %p', (flags, expected) => {
    expect(storedFlags({ flags })).toEqual(expected);
  });
});
