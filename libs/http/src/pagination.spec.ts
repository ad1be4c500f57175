import { Auth0Error, ErrorCode } from './errors';
import { checkpointResponse, decodeCursor, encodeCursor, offsetResponse, parsePagination } from './pagination';
import { parseProjection, project } from './projection';

describe('parsePagination', () => {
  it.each([
    [{}, { kind: 'offset', page: 0, perPage: 50, includeTotals: false }],
    [
      { page: '2', per_page: '10' },
      { kind: 'offset', page: 2, perPage: 10, includeTotals: false },
    ],
    [{ include_totals: 'true' }, { kind: 'offset', page: 0, perPage: 50, includeTotals: true }],
    [
      { include_totals: 'false', per_page: '100' },
      { kind: 'offset', page: 0, perPage: 100, includeTotals: false },
    ],
    [{ take: '5' }, { kind: 'checkpoint', after: undefined, take: 5 }],
    [
      { take: '5', include_totals: 'true' },
      { kind: 'checkpoint', after: undefined, take: 5 },
    ],
    // Checkpoint wins over offset parameters (terraform's client-grants data source sends all three).
    [
      { include_totals: 'true', per_page: '50', take: '100' },
      { kind: 'checkpoint', after: undefined, take: 100 },
    ],
    [
      { take: '2', page: '0' },
      { kind: 'checkpoint', after: undefined, take: 2 },
    ],
    [
      { from: encodeCursor({ createdAt: 'a', id: 'b' }), page: '1', per_page: '10' },
      { kind: 'checkpoint', after: { createdAt: 'a', id: 'b' }, take: 50 },
    ],
    [{ from: '' }, { kind: 'checkpoint', after: undefined, take: 50 }],
    [
      { from: encodeCursor({ createdAt: '2026-01-01T00:00:00.000Z', id: 'abc' }), take: '3' },
      { kind: 'checkpoint', after: { createdAt: '2026-01-01T00:00:00.000Z', id: 'abc' }, take: 3 },
    ],
  ])('%p → %p', (q, expected) => expect(parsePagination(q)).toEqual(expected));

  it.each([
    [{ page: '-1' }, 'page'],
    [{ page: 'x' }, 'page'],
    [{ per_page: '0' }, 'per_page'],
    [{ per_page: '101' }, 'per_page'],
    [{ per_page: '1.5' }, 'per_page'],
    [{ take: '101' }, 'take'],
    [{ include_totals: 'yes' }, 'include_totals'],
    [{ from: 'not-a-cursor' }, 'from'],
    // Ignored offset parameters are still checked against their schema.
    [{ take: '5', per_page: '101' }, 'per_page'],
    [{ take: '5', page: 'x' }, 'page'],
    [{ take: '5', include_totals: 'yes' }, 'include_totals'],
    [{ page: ['1', '2'] }, 'page'],
  ])('%p is refused with invalid_query_string naming %s', (q, name) => {
    let caught: unknown;
    try {
      parsePagination(q as Record<string, unknown>);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(Auth0Error);
    expect((caught as Auth0Error).code).toBe(ErrorCode.InvalidQueryString);
    expect((caught as Auth0Error).statusCode).toBe(400);
    expect((caught as Auth0Error).message).toContain(name);
  });
});

describe('cursor', () => {
  it('round-trips', () => {
    const key = { createdAt: '2026-11-23T10:00:00.000Z', id: 'tpc_x' };
    expect(decodeCursor(encodeCursor(key))).toEqual(key);
  });
});

describe('offsetResponse', () => {
  const items = [{ a: 1 }, { a: 2 }];
  it('is a bare array without include_totals', () => {
    expect(offsetResponse('clients', { kind: 'offset', page: 1, perPage: 2, includeTotals: false }, items, 10)).toEqual(items);
  });
  it('wraps with exactly start, limit, total and the items key', () => {
    const body = offsetResponse('clients', { kind: 'offset', page: 1, perPage: 2, includeTotals: true }, items, 10);
    expect(body).toEqual({ start: 2, limit: 2, total: 10, clients: items });
    expect(Object.keys(body).sort()).toEqual(['clients', 'limit', 'start', 'total']);
  });
});

describe('checkpointResponse', () => {
  const rows = [1, 2, 3].map((n) => ({ id: `id${n}`, created_at: `2026-01-0${n}` }));
  const key = (r: { id: string; created_at: string }) => ({ createdAt: r.created_at, id: r.id });
  it('returns take rows and a next cursor pointing at the last returned row when more exist', () => {
    const body = checkpointResponse('client_grants', { kind: 'checkpoint', take: 2 }, rows, key, (r) => r.id);
    expect(body.client_grants).toEqual(['id1', 'id2']);
    expect(decodeCursor(body.next as string)).toEqual({ createdAt: '2026-01-02', id: 'id2' });
  });
  it('omits next on the last page', () => {
    const body = checkpointResponse('client_grants', { kind: 'checkpoint', take: 3 }, rows, key, (r) => r.id);
    expect(body).toEqual({ client_grants: ['id1', 'id2', 'id3'] });
  });
  it('returns an empty page without next', () => {
    expect(checkpointResponse('x', { kind: 'checkpoint', take: 3 }, [], key, (r) => r)).toEqual({ x: [] });
  });
});

describe('projection', () => {
  const obj = { client_id: 'a', name: 'n', app_type: 'spa' };
  it.each([
    [{}, obj],
    [{ fields: 'name' }, { name: 'n' }],
    [
      { fields: 'name,client_id', include_fields: 'true' },
      { client_id: 'a', name: 'n' },
    ],
    [
      { fields: 'name', include_fields: 'false' },
      { client_id: 'a', app_type: 'spa' },
    ],
    [{ fields: 'unknown' }, {}],
    [{ fields: ' name , ' }, { name: 'n' }],
  ])('%p → %p', (q, out) => expect(project(obj, parseProjection(q))).toEqual(out));
});
