export * from './authentication.module';
export * from './token-claims';
export * from './discovery-document';
export * from './token-endpoint';
export * from './authorize.module';
