export * from './clients.module';
export * from './clients.service';
export * from './clients.reader';
export type { Client, ClientKind } from './client.model';
