export * from './user-grants.module';
export { UserGrantsRepository } from './user-grants.repository';
export type { Consent, UserGrantFilters } from './user-grants.repository';
export type { UserGrant } from './user-grant.model';
