export * from './timeline';
export * from './management-scopes';
export * from './system-apis';
export * from './security-modes';
export * from './mode-resolution';
export * from './client-rules';
export * from './tenant-flags';
export * from './access';
