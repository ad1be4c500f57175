export * from './pages';
export * from './secrets';
export * from './flow-state.repository';
export * from './authorization.module';
