export * from './client-grants.module';
export * from './client-grants.service';
export * from './client-grant.mapper';
export * from './client-grants.reader';
export { CreateClientGrantDto, DEFAULT_FOR, ORGANIZATION_USAGES, SUBJECT_TYPES } from './client-grant.dto';
export type { ClientGrant, GrantOwner } from './client-grant.model';
