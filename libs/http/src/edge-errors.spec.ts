import { bodyLimitProblem, clientErrorOf, frameworkErrorHandler } from './edge-errors';

describe('bodyLimitProblem (depth and size before validation)', () => {
  const limits = { maxDepth: 3, maxValues: 5 };
  const nest = (n: number): unknown => (n === 0 ? 1 : [nest(n - 1)]);
  it.each([
    ['a scalar', 'x', undefined],
    ['null', null, undefined],
    ['a flat object', { a: 1, b: 'x' }, undefined],
    ['3 levels', { a: { b: [1] } }, undefined],
    ['4 levels', { a: { b: [[1]] } }, 'the body is nested more than 3 levels deep'],
    ['5 values', { a: [1, 2, 3, 4] }, undefined],
    ['6 values', { a: [1, 2, 3, 4, 5] }, 'the body holds more than 5 values'],
    ['6 values across siblings', { a: [1, 2], b: { c: 1, d: 2 } }, 'the body holds more than 5 values'],
  ])('%s → %p', (_, value, expected) => expect(bodyLimitProblem(value, limits)).toBe(expected));

  const UNSTORABLE = 'a string holds U+0000 or an unpaired surrogate, which is not storable text';
  it.each([
    ['plain text, emoji (a surrogate pair)', { name: 'Orders 😀', scopes: ['read:😀'] }, undefined],
    ['U+0000 in a value', { name: 'a\u0000b' }, UNSTORABLE],
    ['U+0000 in a nested array', { a: { b: ['ok', '\u0000'] } }, UNSTORABLE],
    ['U+0000 in a property name', { ['k\u0000']: 1 }, UNSTORABLE],
    ['a lone high surrogate', { display_name: '\ud800' }, UNSTORABLE],
    ['a lone low surrogate inside text', { script: 'x\udfffy' }, UNSTORABLE],
    ['a bare string body', '\u0000', UNSTORABLE],
  ])('text no database stores: %s → %p', (_, value, expected) => expect(bodyLimitProblem(value)).toBe(expected));

  it('inspects any depth without recursion (a million levels)', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 1_000_000; i++) deep = [deep];
    expect(bodyLimitProblem(deep)).toBe('the body is nested more than 32 levels deep');
    expect(bodyLimitProblem(nest(32))).toBeUndefined();
    expect(bodyLimitProblem(nest(33))).toBe('the body is nested more than 32 levels deep');
  });
});

describe('clientErrorOf (Node HTTP parser refusals, Auth0 shape)', () => {
  it.each([
    ['HPE_HEADER_OVERFLOW', 431, 'request_header_fields_too_large', 'Request Header Fields Too Large'],
    ['ERR_HTTP_REQUEST_TIMEOUT', 408, 'request_timeout', 'Request Timeout'],
    ['HPE_INVALID_METHOD', 400, 'malformed_request', 'Bad Request'],
    [undefined, 400, 'malformed_request', 'Bad Request'],
  ])('%s → %d %s', (code, status, errorCode, error) => {
    expect(clientErrorOf(code).toBody()).toEqual({ statusCode: status, error, message: expect.any(String), errorCode });
  });
});

describe('frameworkErrorHandler (Fastify router errors)', () => {
  function run(code: string) {
    const sent: { status?: number; headers: Record<string, string>; body?: unknown } = { headers: {} };
    const reply = {
      header(k: string, v: string) {
        sent.headers[k] = v;
        return reply;
      },
      code(s: number) {
        sent.status = s;
        return reply;
      },
      send(b: unknown) {
        sent.body = b;
        return reply;
      },
    };
    const req = { id: 'req-1', log: { error: () => undefined } };
    frameworkErrorHandler(Object.assign(new Error(`framework says ${code}`), { code }), req as never, reply as never);
    return sent;
  }
  it.each([
    ['FST_ERR_BAD_URL', 400, 'invalid_uri'],
    ['FST_ERR_MAX_PARAM_LENGTH', 414, 'uri_too_long'],
    ['FST_ERR_ASYNC_CONSTRAINT', 500, 'internal_error'],
  ])('%s → %d %s, no framework name in the body', (code, status, errorCode) => {
    const sent = run(code);
    expect(sent.status).toBe(status);
    expect(sent.body).toMatchObject({ statusCode: status, errorCode });
    expect(JSON.stringify(sent.body)).not.toMatch(/FST_|framework/);
    expect(sent.headers['x-request-id']).toBe('req-1');
  });
});
