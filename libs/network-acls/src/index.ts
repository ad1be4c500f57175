export * from './network-acls.module';
export * from './network-acls.service';
