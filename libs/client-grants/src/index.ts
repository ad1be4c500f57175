export * from './client-grants.module';
export * from './client-grants.service';
