export * from './authentication.module';
export * from './token-claims';
