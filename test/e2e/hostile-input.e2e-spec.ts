import { connect } from 'net';
import { freePort, useTestApp } from '@gatehouse/testing';

/**
 * Hostile input at the edge (issue 12 §2, SPEC §10): however deep, wide, long or malformed a request is,
 * the answer is a 4xx in Auth0's error shape, from whichever layer refuses it (Node's HTTP parser,
 * Fastify's router, the body parsers) — never a 5xx, never a body naming the framework.
 */
describe('hostile input gets a 4xx in Auth0’s shape', () => {
  const app = useTestApp();
  const { t } = app;
  let port: number;
  let clientId: string;

  beforeAll(async () => {
    port = await freePort();
    await t.app.listen({ port, host: '127.0.0.1' });
    const created = await t.inject({ method: 'POST', url: '/api/v2/clients', headers: { authorization: `Bearer ${app.token}` }, payload: { name: 'target' } });
    clientId = created.json().client_id;
  });

  const auth0Shape = (status: number, errorCode: string) => ({ statusCode: status, error: expect.any(String), message: expect.any(String), errorCode });

  function expectAuth0Error(res: { statusCode: number; body: string; headers: Record<string, unknown> }, status: number, errorCode: string): void {
    expect({ status: res.statusCode, body: res.body.slice(0, 300) }).toEqual({ status, body: expect.any(String) });
    expect(String(res.headers['content-type'])).toMatch(/^application\/json/);
    const body = JSON.parse(res.body);
    expect(body).toEqual(auth0Shape(status, errorCode));
    expect(Object.keys(body).sort()).toEqual(['error', 'errorCode', 'message', 'statusCode']);
    expect(res.body).not.toMatch(/fastify|FST_/i);
  }

  const nested = (levels: number) => `{"name":"deep","client_metadata":${'['.repeat(levels)}${']'.repeat(levels)}}`;
  const jsonWrites = () =>
    [
      ['POST', '/api/v2/clients'],
      ['PATCH', `/api/v2/clients/${clientId}`],
      ['POST', '/api/v2/resource-servers'],
      ['POST', '/api/v2/client-grants'],
      ['PATCH', '/api/v2/tenants/settings'],
      ['POST', '/oauth/token'],
      ['POST', '/oidc/register'],
    ] as const;

  it.each([3_000, 10_000, 100_000])('a JSON body nested %d levels deep is 400 invalid_body on every JSON write route', async (levels) => {
    for (const [method, url] of jsonWrites()) {
      const res = await t.inject({
        method,
        url,
        headers: { authorization: `Bearer ${app.token}`, 'content-type': 'application/json' },
        payload: nested(levels),
      });
      expectAuth0Error(res, 400, 'invalid_body');
      expect(res.json().message).toBe('Payload validation error: the body is nested more than 32 levels deep');
    }
  });

  it('a body within the depth limit reaches validation (its answer is the route’s own)', async () => {
    const res = await t.inject({
      method: 'POST',
      url: '/api/v2/clients',
      headers: { authorization: `Bearer ${app.token}`, 'content-type': 'application/json' },
      payload: nested(20),
    });
    expectAuth0Error(res, 400, 'invalid_body');
    expect(res.json().message).toMatch(/client_metadata/);
  });

  it('a body with too many values (a 1 MiB array, a huge form) is 400 before validation', async () => {
    const wide = await t.inject({
      method: 'POST',
      url: '/api/v2/clients',
      headers: { authorization: `Bearer ${app.token}`, 'content-type': 'application/json' },
      payload: `{"name":"wide","callbacks":[${new Array(300_000).fill('0').join(',')}]}`,
    });
    expectAuth0Error(wide, 400, 'invalid_body');
    expect(wide.json().message).toBe('Payload validation error: the body holds more than 20000 values');
    const form = await t.inject({
      method: 'POST',
      url: '/oauth/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: Array.from({ length: 30_000 }, (_, i) => `k${i}=v`).join('&'),
    });
    expectAuth0Error(form, 400, 'invalid_body');
  });

  it('unparseable JSON, prototype poisoning, an empty JSON body are 400 invalid_body', async () => {
    for (const payload of ['{"name":', '{"name":"x","__proto__":{"admin":true}}', '{"constructor":{"prototype":{"admin":true}}}', '']) {
      const res = await t.inject({
        method: 'POST',
        url: '/api/v2/clients',
        headers: { authorization: `Bearer ${app.token}`, 'content-type': 'application/json' },
        payload,
      });
      expectAuth0Error(res, 400, 'invalid_body');
    }
  });

  it('a body over 1 MiB is 413 and an unknown media type is 415, on the Management and Authentication APIs', async () => {
    for (const url of ['/api/v2/clients', '/oauth/token']) {
      const big = await t.inject({
        method: 'POST',
        url,
        headers: { authorization: `Bearer ${app.token}`, 'content-type': 'application/json' },
        payload: JSON.stringify({ name: 'x'.repeat(1024 * 1024 + 1) }),
      });
      expectAuth0Error(big, 413, 'payload_too_large');
      for (const type of ['text/plain', 'application/xml', 'multipart/form-data; boundary=x', ';;;', 'application/json-patch+json']) {
        const res = await t.inject({ method: 'POST', url, headers: { authorization: `Bearer ${app.token}`, 'content-type': type }, payload: 'x' });
        expectAuth0Error(res, 415, 'unsupported_media_type');
      }
    }
  });

  it.each(['/api/v2/clients/%zz', '/api/v2/clients/%E0%A4%A', '/oauth/%zz', '/%', '/api/v2/resource-servers/%ff%fe'])(
    'invalid percent-encoding in the path (%s) is 400 invalid_uri',
    async (url) => {
      expectAuth0Error(await t.inject({ method: 'GET', url, headers: { authorization: `Bearer ${app.token}` } }), 400, 'invalid_uri');
    },
  );

  // Found by R2 on PostgreSQL, whose text cannot hold U+0000 (or unpaired surrogates, which are not UTF-8):
  // a lookup or a write carrying one answered 500 there (SQLite stored it). Refused at the edge on both.
  it.each([
    ['GET', '/api/v2/resource-servers/%00'],
    ['GET', '/api/v2/users/%00'],
    ['DELETE', '/api/v2/client-grants/%00'],
    ['GET', '/api/v2/client-grants?client_id=%00'],
    ['GET', '/api/v2/clients?fields=name%00'],
  ])('%s %s (U+0000 in the path or the query) is 400 invalid_uri', async (method, url) => {
    expectAuth0Error(await t.inject({ method: method as 'GET', url, headers: { authorization: `Bearer ${app.token}` } }), 400, 'invalid_uri');
  });

  it.each([
    ['a lone surrogate', '{"name":"\\ud800"}'],
    ['U+0000 escaped', '{"name":"a\\u0000b"}'],
    ['U+0000 in a property name', '{"client_metadata":{"k\\u0000":"v"}}'],
  ])('a JSON body holding %s is 400 invalid_body, for a create and an update', async (_, payload) => {
    for (const [method, url] of [
      ['POST', '/api/v2/clients'],
      ['PATCH', `/api/v2/clients/${clientId}`],
    ] as const) {
      const res = await t.inject({ method, url, headers: { authorization: `Bearer ${app.token}`, 'content-type': 'application/json' }, payload });
      expectAuth0Error(res, 400, 'invalid_body');
      expect(res.json().message).toContain('not storable text');
    }
  });

  it('a form body holding %00 is refused as the Authentication API refuses a bad body (never a 500)', async () => {
    const res = await t.inject({
      method: 'POST',
      url: '/oauth/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'grant_type=client_credentials&client_id=%00&client_secret=x',
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('not storable text');
  });

  it('path parameters of any length get a 4xx in Auth0’s shape (long ones reach their route)', async () => {
    for (const length of [150, 1500, 3000, 10_000]) {
      const res = await t.inject({ method: 'GET', url: `/api/v2/clients/${'a'.repeat(length)}`, headers: { authorization: `Bearer ${app.token}` } });
      expect(res.statusCode).toBeGreaterThanOrEqual(400);
      expect(res.statusCode).toBeLessThan(500);
      expectAuth0Error(res, res.statusCode, res.json().errorCode);
    }
    // Up to 2,048 characters the client route answers (no such client); beyond, the unemulated catch-all does.
    expect(
      (await t.inject({ method: 'GET', url: `/api/v2/clients/${'a'.repeat(1500)}`, headers: { authorization: `Bearer ${app.token}` } })).json(),
    ).toMatchObject({
      statusCode: 404,
      errorCode: 'inexistent_client',
    });
  });

  /** One raw HTTP exchange on a fresh connection: what Node's parser answers before any route. */
  function raw(request: string | Buffer): Promise<{ statusCode: number; headers: Record<string, string>; body: string; closed: boolean }> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1');
      let data = '';
      socket.on('data', (c) => (data += c.toString('latin1')));
      socket.on('error', (e: NodeJS.ErrnoException) => (e.code === 'ECONNRESET' || e.code === 'EPIPE' ? undefined : reject(e)));
      socket.on('close', () => {
        const [head, ...rest] = data.split('\r\n\r\n');
        const [status, ...lines] = head!.split('\r\n');
        const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
        resolve({ statusCode: Number(status!.split(' ')[1]), headers, body: rest.join('\r\n\r\n'), closed: true });
      });
      socket.end(request);
    });
  }

  it('oversized headers are 431 in Auth0’s shape, written on the socket, connection closed', async () => {
    for (const request of [
      `GET /api/v2/clients HTTP/1.1\r\nHost: ${t.main.host}\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
      `GET /api/v2/clients?q=${'a'.repeat(20_000)} HTTP/1.1\r\nHost: ${t.main.host}\r\n\r\n`,
      `POST /oauth/token HTTP/1.1\r\nHost: ${t.main.host}\r\n${Array.from({ length: 100 }, (_, i) => `X-H${i}: ${'v'.repeat(300)}`).join('\r\n')}\r\n\r\n`,
    ]) {
      const res = await raw(request);
      expectAuth0Error(res, 431, 'request_header_fields_too_large');
      expect(res.headers.connection).toBe('close');
    }
  });

  it.each([
    ['a bad Content-Length', `POST /api/v2/clients HTTP/1.1\r\nHost: h\r\nContent-Length: abc\r\n\r\n`],
    ['two Content-Lengths that disagree', `POST /api/v2/clients HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab`],
    ['a header without a colon', `GET /api/v2/clients HTTP/1.1\r\nHost: h\r\nbroken header\r\n\r\n`],
    ['a control character in the path', `GET /api/v2/cli\x01ents HTTP/1.1\r\nHost: h\r\n\r\n`],
    ['not HTTP at all', `\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03 hello\r\n\r\n`],
    ['an unknown method', `BREW /api/v2/clients HTTP/1.1\r\nHost: h\r\n\r\n`],
  ])('a request Node’s parser refuses (%s) is 400 in Auth0’s shape', async (_, request) => {
    const res = await raw(Buffer.from(request, 'latin1'));
    expectAuth0Error(res, 400, 'malformed_request');
  });
});
