export * from './tenant-settings.module';
export { SUPPORTED_LOCALES } from './tenant-settings.dto';
