export * from './client-grants.module';
export * from './client-grants.service';
export * from './client-grant.mapper';
export * from './client-grants.reader';
