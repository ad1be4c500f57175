export * from './network-acls.module';
export * from './network-acls.service';
export type { NetworkAcl } from './network-acl.model';
