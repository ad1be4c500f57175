export * from './control-plane';
export * from './test-app';
export * from './use-test-app';
