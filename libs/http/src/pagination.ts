import { Auth0Error, ErrorCode } from './errors';

/**
 * Auth0's two list styles (SPEC §3): offset (`page`, `per_page`, `include_totals`) and checkpoint
 * (`from`, `take`, answered with `next`). Checkpoint pages are keyset pages: the cursor is the sort
 * key of the last row, so a page costs O(page) and concurrent inserts never shift it.
 */
export const DEFAULT_PER_PAGE = 50;
export const MAX_PER_PAGE = 100;

export interface OffsetPage {
  kind: 'offset';
  page: number;
  perPage: number;
  includeTotals: boolean;
}

export interface CheckpointPage {
  kind: 'checkpoint';
  after?: SortKey;
  take: number;
}

/** Rows are ordered by (created_at, id); both are immutable, so the order is total and stable. */
export interface SortKey {
  createdAt: string;
  id: string;
}

export type Pagination = OffsetPage | CheckpointPage;

type Query = Record<string, unknown>;

/** 400 invalid_query_string, Auth0's wording. */
export function badQuery(message: string): never {
  throw new Auth0Error(ErrorCode.InvalidQueryString, `Query validation error: ${message}`);
}

export function intParam(q: Query, name: string, min: number, max: number): number | undefined {
  const raw = q[name];
  if (raw === undefined || raw === '') return undefined;
  if (typeof raw !== 'string' && typeof raw !== 'number') badQuery(`'${name}' must be a single integer.`);
  const s = String(raw);
  if (!/^-?\d+$/.test(s)) badQuery(`'Expected type integer but found type string' on property ${name}.`);
  const n = Number(s);
  if (n < min) badQuery(`'Value ${n} is less than minimum ${min}' on property ${name}.`);
  if (n > max) badQuery(`'Value ${n} is greater than maximum ${max}' on property ${name}.`);
  return n;
}

export function boolParam(q: Query, name: string): boolean | undefined {
  const raw = q[name];
  if (raw === undefined || raw === '') return undefined;
  if (raw === true || raw === 'true') return true;
  if (raw === false || raw === 'false') return false;
  return badQuery(`'Expected type boolean but found type string' on property ${name}.`);
}

export function encodeCursor(key: SortKey): string {
  return Buffer.from(JSON.stringify([key.createdAt, key.id]), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): SortKey {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 2 && parsed.every((p) => typeof p === 'string')) {
      return { createdAt: parsed[0] as string, id: parsed[1] as string };
    }
  } catch {
    /* fall through */
  }
  return badQuery(`'from' is not a checkpoint returned by this API.`);
}

export function parsePagination(q: Query): Pagination {
  const from = q.from;
  if (from !== undefined || q.take !== undefined) {
    // Checkpoint wins: with from/take, page, per_page and include_totals are ignored, as Auth0 answers
    // terraform's `?include_totals=true&per_page=50&take=100` with `{"client_grants":[…]}` (SPEC §3).
    // They are still checked against their schema, as every query parameter is.
    intParam(q, 'page', 0, 1_000_000);
    intParam(q, 'per_page', 1, MAX_PER_PAGE);
    boolParam(q, 'include_totals');
    if (from !== undefined && typeof from !== 'string') badQuery(`'from' must be a single string.`);
    return {
      kind: 'checkpoint',
      after: from ? decodeCursor(from as string) : undefined,
      take: intParam(q, 'take', 1, MAX_PER_PAGE) ?? DEFAULT_PER_PAGE,
    };
  }
  return {
    kind: 'offset',
    page: intParam(q, 'page', 0, 1_000_000) ?? 0,
    perPage: intParam(q, 'per_page', 1, MAX_PER_PAGE) ?? DEFAULT_PER_PAGE,
    includeTotals: boolParam(q, 'include_totals') ?? false,
  };
}

/** Offset response: a bare array, or Auth0's `{start, limit, total, <key>}` with include_totals. */
export function offsetResponse<T>(key: string, p: OffsetPage, items: T[], total: number): T[] | Record<string, unknown> {
  if (!p.includeTotals) return items;
  return { start: p.page * p.perPage, limit: p.perPage, total, [key]: items };
}

/**
 * Checkpoint response. `rows` must hold up to `take + 1` rows fetched after the cursor: the extra
 * row only tells whether there is a next page and is not returned.
 */
export function checkpointResponse<R, T>(key: string, p: CheckpointPage, rows: R[], sortKey: (row: R) => SortKey, map: (row: R) => T): Record<string, unknown> {
  const page = rows.slice(0, p.take);
  const body: Record<string, unknown> = { [key]: page.map(map) };
  if (rows.length > p.take && page.length > 0) body.next = encodeCursor(sortKey(page[page.length - 1]!));
  return body;
}
