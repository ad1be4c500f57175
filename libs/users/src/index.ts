export * from './users.module';
export * from './users.reader';
export { USER_DELETED } from './users.repository';
export type { User } from './user.model';
