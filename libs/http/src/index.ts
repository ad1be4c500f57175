export * from './errors';
export * from './exception.filter';
export * from './pagination';
export * from './projection';
export * from './validation.pipe';
export * from './rate-limit';
export * from './route-table';
export * from './formats';
