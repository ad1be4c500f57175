import { Allow } from 'class-validator';
import { PaginationQuery, QueryValue } from '@gatehouse/http';

/** GET /api/v2/logs: search pages (page, per_page, sort, fields, search) or checkpoints (from, take); values are checked by the service. */
export class ListLogsQuery extends PaginationQuery {
  @Allow() sort?: QueryValue;
  @Allow() fields?: QueryValue;
  @Allow() include_fields?: QueryValue;
  /** The search, as the auth0 SDK sends it (`search`) and older clients (`q`). */
  @Allow() q?: QueryValue;
  @Allow() search?: QueryValue;
}
