export * from './users.module';
export * from './users.reader';
export type { User } from './user.model';
