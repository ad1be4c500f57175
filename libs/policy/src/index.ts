export * from './timeline';
export * from './management-scopes';
export * from './system-apis';
