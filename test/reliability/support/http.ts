import { connect } from 'net';

/**
 * A raw HTTP/1.1 client over one loopback TCP connection per request (`Connection: close`). Node's own
 * clients refuse to send most of what the battery needs (invalid percent-encoding is fine for them, but
 * not a duplicated `Authorization` header, a header of 100 kB, or a body that lies about its type), so
 * the request is written byte for byte as given.
 */
export interface RawRequest {
  method: string;
  /** The request target exactly as sent (not normalised, not re-encoded). */
  path: string;
  /** Header lines in order; a name may repeat. `host` and `content-length` are added when missing. */
  headers?: [string, string][];
  body?: string | Buffer;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[]>;
  body: string;
  /** The body parsed as JSON when it is JSON, else undefined. */
  json: unknown;
  /** Milliseconds from connect to the end of the answer. */
  ms: number;
}

export class NoAnswer extends Error {}

export function send(port: number, host: string, req: RawRequest, timeoutMs = 20_000): Promise<RawResponse> {
  const body = req.body === undefined ? undefined : Buffer.isBuffer(req.body) ? req.body : Buffer.from(req.body, 'utf8');
  const headers = [...(req.headers ?? [])];
  const has = (name: string) => headers.some(([k]) => k.toLowerCase() === name);
  if (!has('host')) headers.unshift(['Host', host]);
  if (body && !has('content-length') && !has('transfer-encoding')) headers.push(['Content-Length', String(body.length)]);
  headers.push(['Connection', 'close']);
  const head = `${req.method} ${req.path} HTTP/1.1\r\n${headers.map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n`;
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    const chunks: Buffer[] = [];
    let settled = false;
    const finish = (error?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      const raw = Buffer.concat(chunks);
      try {
        resolve(parse(raw, Date.now() - started));
      } catch (e) {
        reject(new NoAnswer(`${req.method} ${req.path.slice(0, 120)}: ${error ? `${error.message}; ` : ''}${(e as Error).message}`));
      }
    };
    const timer = setTimeout(() => finish(new Error(`no complete answer within ${timeoutMs} ms`)), timeoutMs);
    socket.on('data', (d) => {
      chunks.push(d);
      // A complete answer (known length) ends the exchange even if the server keeps the socket.
      if (complete(Buffer.concat(chunks))) finish();
    });
    socket.on('end', () => finish());
    socket.on('close', () => finish());
    // The server may answer and close before the whole request is written (413, 431): what it said counts.
    socket.on('error', (e) => finish(e));
    socket.write(head);
    if (body) socket.write(body);
  });
}

function splitHead(raw: Buffer): { head: string; rest: Buffer } | undefined {
  const at = raw.indexOf('\r\n\r\n');
  if (at < 0) return undefined;
  return { head: raw.subarray(0, at).toString('latin1'), rest: raw.subarray(at + 4) };
}

function complete(raw: Buffer): boolean {
  const parts = splitHead(raw);
  if (!parts) return false;
  const length = /\r\ncontent-length:\s*(\d+)/i.exec(parts.head);
  if (length) return parts.rest.length >= Number(length[1]);
  if (/\r\ntransfer-encoding:\s*chunked/i.test(parts.head)) return parts.rest.includes('0\r\n\r\n');
  return false;
}

function parse(raw: Buffer, ms: number): RawResponse {
  const parts = splitHead(raw);
  if (!parts)
    throw new Error(raw.length ? `not an HTTP answer: ${JSON.stringify(raw.toString('latin1').slice(0, 200))}` : 'connection closed without an answer');
  const [statusLine, ...lines] = parts.head.split('\r\n');
  const m = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine);
  if (!m) throw new Error(`bad status line ${JSON.stringify(statusLine)}`);
  const headers: Record<string, string | string[]> = {};
  for (const line of lines) {
    const i = line.indexOf(':');
    const k = line.slice(0, i).trim().toLowerCase();
    const v = line.slice(i + 1).trim();
    const prev = headers[k];
    headers[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  let bodyBuf = parts.rest;
  if (String(headers['transfer-encoding'] ?? '').toLowerCase() === 'chunked') bodyBuf = dechunk(bodyBuf);
  else if (headers['content-length'] !== undefined) bodyBuf = bodyBuf.subarray(0, Number(headers['content-length']));
  const body = bodyBuf.toString('utf8');
  let json: unknown;
  if (/json/i.test(String(headers['content-type'] ?? ''))) {
    try {
      json = JSON.parse(body);
    } catch {
      json = undefined;
    }
  }
  return { status: Number(m[1]), headers, body, json, ms };
}

function dechunk(buf: Buffer): Buffer {
  const out: Buffer[] = [];
  let at = 0;
  for (;;) {
    const eol = buf.indexOf('\r\n', at);
    if (eol < 0) break;
    const size = parseInt(buf.subarray(at, eol).toString('latin1'), 16);
    if (!Number.isFinite(size) || size === 0) break;
    out.push(buf.subarray(eol + 2, eol + 2 + size));
    at = eol + 2 + size + 2;
  }
  return Buffer.concat(out);
}
