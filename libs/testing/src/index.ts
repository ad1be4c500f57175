export * from './test-app';
export * from './use-test-app';
