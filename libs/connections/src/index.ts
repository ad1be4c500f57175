export * from './connections.module';
export * from './connections.reader';
export { CONNECTION_DELETED } from './connections.repository';
export {
  CONNECTION_STRATEGIES,
  DEFAULT_DATABASE_CONNECTION,
  DEFAULT_DATABASE_CONNECTION_OPTIONS,
  EMULATED_STRATEGIES,
  databaseRules,
} from './connection.model';
export type { Connection, DatabaseRules } from './connection.model';
export { ConnectionsService, ENABLED_CLIENTS_PER_PATCH } from './connections.service';
export { CreateConnectionDto, UpdateConnectionDto } from './connection.dto';
