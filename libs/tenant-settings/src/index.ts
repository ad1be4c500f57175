export * from './tenant-settings.module';
