import { Allow } from 'class-validator';

/** A query parameter as Fastify parses it: a string, or an array when it is repeated. */
export type QueryValue = string | string[];

/**
 * Query objects name the parameters a route knows, so the global pipe refuses any other by name
 * (`Additional properties not allowed: …`, as Auth0 words it); the values stay as sent and are checked
 * by the parsers here (parsePagination, parseProjection, intParam, boolParam) in Auth0's words.
 */

/** `fields` and `include_fields` (parseProjection). */
export class ProjectionQuery {
  @Allow() fields?: QueryValue;
  @Allow() include_fields?: QueryValue;
}

/** Auth0's offset (`page`, `per_page`, `include_totals`) and checkpoint (`from`, `take`) parameters (parsePagination). */
export class PaginationQuery {
  @Allow() page?: QueryValue;
  @Allow() per_page?: QueryValue;
  @Allow() include_totals?: QueryValue;
  @Allow() from?: QueryValue;
  @Allow() take?: QueryValue;
}
