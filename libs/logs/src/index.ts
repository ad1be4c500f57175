export * from './logs.module';
export * from './log-writer';
export * from './log-events.reader';
export * from './management-audit.interceptor';
export * from './log-events';
export * from './request-logging';
export type { LogEvent } from './log-event.model';
export * from './management-audit.binding';
