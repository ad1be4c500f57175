export * from './data-source';
export * from './ids';
export * from './persistence.module';
export * from './secret-box';
export * from './db-errors';
export * from './shared-rate-limiter';
export * from './list-page';
export * from './sqlite-serialization';
