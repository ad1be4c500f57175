export * from './resource-servers.module';
export * from './resource-servers.service';
export * from './resource-server.mapper';
export * from './resource-server.model';
