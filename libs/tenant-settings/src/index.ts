export * from './tenant-settings.module';
export { SUPPORTED_LOCALES, UpdateTenantSettingsDto } from './tenant-settings.dto';
export { TenantSettingsService } from './tenant-settings.service';
export { tenantSettingsFrom } from './tenant-settings.model';
export type { StoredSettings, TenantSettings } from './tenant-settings.model';
