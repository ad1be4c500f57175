import { EntitySchema } from 'typeorm';
import type { Json } from './tenancy.schema';

/**
 * One tenant log event (GET /api/v2/logs). `log_id` orders events as they were stored (checkpoint
 * pagination); `date` is when the event happened on the tenant's clock.
 */
export interface LogEventRow {
  tenant_id: string;
  log_id: string;
  date: string;
  type: string;
  description: string | null;
  client_id: string | null;
  client_name: string | null;
  ip: string | null;
  user_agent: string | null;
  hostname: string | null;
  audience: string | null;
  scope: string | null;
  connection: string | null;
  user_id: string | null;
  user_name: string | null;
  details: Json | null;
}

export const LogEventSchema = new EntitySchema<LogEventRow>({
  name: 'LogEvent',
  tableName: 'logs',
  columns: {
    tenant_id: { type: 'varchar', length: 64, primary: true },
    log_id: { type: 'varchar', length: 64, primary: true },
    date: { type: 'varchar', length: 32 },
    type: { type: 'varchar', length: 64 },
    description: { type: 'text', nullable: true },
    client_id: { type: 'varchar', length: 64, nullable: true },
    client_name: { type: 'varchar', length: 255, nullable: true },
    ip: { type: 'varchar', length: 64, nullable: true },
    user_agent: { type: 'varchar', length: 512, nullable: true },
    hostname: { type: 'varchar', length: 255, nullable: true },
    audience: { type: 'varchar', length: 600, nullable: true },
    scope: { type: 'text', nullable: true },
    connection: { type: 'varchar', length: 255, nullable: true },
    user_id: { type: 'varchar', length: 255, nullable: true },
    user_name: { type: 'varchar', length: 255, nullable: true },
    details: { type: 'simple-json', nullable: true },
  },
});
