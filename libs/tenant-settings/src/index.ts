export * from './tenant-settings.module';
export { SUPPORTED_LOCALES } from './tenant-settings.dto';
export { tenantSettingsFrom } from './tenant-settings.model';
export type { StoredSettings, TenantSettings } from './tenant-settings.model';
