export * from './decorators';
export * from './management-auth.module';
export * from './principal';
export { MANAGEMENT_RATE_LIMITER } from './management-auth.guard';
