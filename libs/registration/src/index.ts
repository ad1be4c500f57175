export * from './registration.module';
export { DCR_LIMIT_PER_SECOND } from './registration.service';
