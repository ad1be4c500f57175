export * from './resource-servers.module';
export * from './resource-servers.service';
