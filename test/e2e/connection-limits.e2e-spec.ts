import { connect, Socket } from 'net';
import { createTestApp, freePort, TestApp } from '@gatehouse/testing';
import { loadConfig } from '@gatehouse/config';

/**
 * Connections are bounded (issue 12 §6, SPEC §10): a silent client, an idle keep-alive connection, headers
 * or a body sent a byte at a time are cut, and a connection over the cap is refused, while ordinary
 * requests are served. Real sockets against the listening app, with short configured limits so the
 * suite takes seconds (production defaults are seconds to a minute: README's configuration table).
 */
interface Conn {
  socket: Socket;
  received: () => string;
  /** Resolves with the milliseconds from connect to close. */
  closed: Promise<number>;
  isClosed: () => boolean;
}

function open(port: number): Promise<Conn> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = connect({ host: '127.0.0.1', port });
    let data = '';
    let closed = false;
    socket.setEncoding('latin1');
    socket.on('data', (d: string) => (data += d));
    socket.on('error', () => undefined); // a reset is one of the ways to be cut
    const closedAt = new Promise<number>((r) => socket.on('close', () => ((closed = true), r(Date.now() - started))));
    socket.once('connect', () => resolve({ socket, received: () => data, closed: closedAt, isClosed: () => closed }));
    socket.once('error', reject);
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits for `ms` at most; true when the connection closed within it. */
async function closesWithin(c: Conn, ms: number): Promise<boolean> {
  return Promise.race([c.closed.then(() => true), sleep(ms).then(() => false)]);
}

/** Writes `text` one byte every `everyMs` until the connection closes or the text ends. */
async function trickle(c: Conn, text: string, everyMs: number): Promise<number> {
  let sent = 0;
  for (const ch of text) {
    if (c.isClosed() || c.socket.destroyed) break;
    c.socket.write(ch);
    sent++;
    await sleep(everyMs);
  }
  return sent;
}

/** Sends one request on an open keep-alive connection and waits for a complete response head + body. */
async function request(c: Conn, path: string, host: string): Promise<string> {
  const before = c.received().length;
  c.socket.write(`GET ${path} HTTP/1.1\r\nHost: ${host}\r\n\r\n`);
  const until = Date.now() + 5_000;
  for (;;) {
    const got = c.received().slice(before);
    const m = /content-length: (\d+)/i.exec(got);
    const head = got.indexOf('\r\n\r\n');
    if (m && head >= 0 && got.length >= head + 4 + Number(m[1])) return got;
    if (Date.now() > until || c.isClosed()) throw new Error(`no complete response to ${path}: ${JSON.stringify(got)}`);
    await sleep(10);
  }
}

describe('connections are bounded', () => {
  it('advertises a keep-alive timeout (Keep-Alive: timeout=N) shorter than the idle timeout, with the default settings: a client that trusts it never reuses a socket the server closed', async () => {
    const port = await freePort();
    const t = await createTestApp({});
    try {
      await t.app.listen({ port, host: '127.0.0.1' });
      const c = await open(port);
      const res = await request(c, '/healthz', t.main.host);
      const advertised = Number(/\r\nkeep-alive: timeout=(\d+)/i.exec(res)?.[1]);
      expect(advertised).toBe(72);
      expect(advertised * 1000).toBeLessThan(loadConfig({}).server.idleTimeoutMs);
      c.socket.destroy();
    } finally {
      await t.close();
    }
  });

  describe('timeouts', () => {
    let t: TestApp;
    let port: number;
    const limits = { headers: 500, request: 1_200, keepAlive: 700, idle: 900 };

    beforeAll(async () => {
      port = await freePort();
      t = await createTestApp({
        env: {
          GATEHOUSE_HEADERS_TIMEOUT_MS: String(limits.headers),
          GATEHOUSE_REQUEST_TIMEOUT_MS: String(limits.request),
          GATEHOUSE_KEEP_ALIVE_TIMEOUT_MS: String(limits.keepAlive),
          GATEHOUSE_IDLE_TIMEOUT_MS: String(limits.idle),
        },
      });
      await t.app.listen({ port, host: '127.0.0.1' });
    });
    afterAll(() => t.close());

    it('a client that connects and never speaks is cut (Node counts the headers timeout from the connection, the idle timeout bounds it too)', async () => {
      const c = await open(port);
      expect(await closesWithin(c, Math.min(limits.headers, limits.idle) / 2)).toBe(false);
      expect(await closesWithin(c, 3_000)).toBe(true);
      expect(await c.closed).toBeGreaterThanOrEqual(Math.min(limits.headers, limits.idle) - 50);
      if (c.received()) expect(c.received()).toMatch(/^HTTP\/1\.1 408 /);
    });

    it('serves requests on a keep-alive connection, then closes it once idle for the keep-alive timeout', async () => {
      const c = await open(port);
      expect(await request(c, '/healthz', t.main.host)).toMatch(/^HTTP\/1\.1 200 /);
      expect(await request(c, '/readyz', t.main.host)).toMatch(/^HTTP\/1\.1 200 /);
      expect(await closesWithin(c, 3_000)).toBe(true);
    });

    it('headers sent a byte at a time (slowloris) are cut at the headers timeout: 408 or closed', async () => {
      const c = await open(port);
      // Every 100 ms a byte: the connection is never idle, but the headers never end.
      const headers = `GET /healthz HTTP/1.1\r\nHost: ${t.main.host}\r\n${'X-Slow: a\r\n'.repeat(200)}\r\n`;
      const sending = trickle(c, headers, 100);
      expect(await closesWithin(c, limits.headers + 2_500)).toBe(true);
      const sent = await sending;
      expect(sent).toBeLessThan(headers.length);
      expect(c.received()).not.toMatch(/^HTTP\/1\.1 200 /);
      if (c.received()) expect(c.received()).toMatch(/^HTTP\/1\.1 408 /);
    });

    it('a body sent a byte at a time is cut at the request timeout: 408 or closed', async () => {
      const c = await open(port);
      const body = JSON.stringify({ grant_type: 'client_credentials', client_id: 'x'.repeat(100), client_secret: 'y'.repeat(100) });
      c.socket.write(`POST /oauth/token HTTP/1.1\r\nHost: ${t.main.host}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`);
      const started = Date.now();
      const sending = trickle(c, body, 100);
      expect(await closesWithin(c, limits.request + 2_500)).toBe(true);
      expect(Date.now() - started).toBeGreaterThanOrEqual(limits.request - 400);
      expect(await sending).toBeLessThan(body.length);
      expect(c.received()).not.toMatch(/^HTTP\/1\.1 (200|400|401) /);
      if (c.received()) expect(c.received()).toMatch(/^HTTP\/1\.1 408 /);
    });

    it('an ordinary request within the limits is answered', async () => {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`, { headers: { host: t.main.host } });
      expect(res.status).toBe(200);
      const token = await fetch(`http://127.0.0.1:${port}/oauth/token`, {
        method: 'POST',
        headers: { host: t.main.host, 'content-type': 'application/json' },
        body: JSON.stringify({
          grant_type: 'client_credentials',
          client_id: t.main.admin.clientId,
          client_secret: t.main.admin.clientSecret,
          audience: t.main.tenant.managementAudience,
        }),
      });
      expect(token.status).toBe(200);
    });
  });

  describe('a cap on concurrent connections', () => {
    let t: TestApp;
    let port: number;
    const cap = 5;
    const held: Conn[] = [];

    beforeAll(async () => {
      port = await freePort();
      t = await createTestApp({ env: { GATEHOUSE_MAX_CONNECTIONS: String(cap) } });
      await t.app.listen({ port, host: '127.0.0.1' });
    });
    afterAll(async () => {
      for (const c of held) c.socket.destroy();
      await t.close();
    });

    it(`serves ${cap} connections at once, refuses connection ${cap + 1} unanswered, and accepts again once one closes`, async () => {
      for (let i = 0; i < cap; i++) {
        const c = await open(port);
        held.push(c);
        expect(await request(c, '/healthz', t.main.host)).toMatch(/^HTTP\/1\.1 200 /);
      }
      const over = await open(port);
      over.socket.write(`GET /healthz HTTP/1.1\r\nHost: ${t.main.host}\r\n\r\n`);
      expect(await closesWithin(over, 2_000)).toBe(true);
      expect(over.received()).toBe('');
      // The held connections are unaffected.
      expect(await request(held[0]!, '/healthz', t.main.host)).toMatch(/^HTTP\/1\.1 200 /);

      held.pop()!.socket.destroy();
      const until = Date.now() + 3_000;
      for (;;) {
        const again = await open(port);
        again.socket.write(`GET /healthz HTTP/1.1\r\nHost: ${t.main.host}\r\nConnection: close\r\n\r\n`);
        await closesWithin(again, 2_000);
        if (/^HTTP\/1\.1 200 /.test(again.received())) break;
        if (Date.now() > until) throw new Error('no connection accepted after one of the held ones closed');
        await sleep(50);
      }
    });
  });
});
