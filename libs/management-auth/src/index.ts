export * from './decorators';
export * from './management-auth.module';
export * from './principal';
