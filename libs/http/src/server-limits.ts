import type { Server, ServerOptions } from 'http';
import type { ServerOptions as TlsServerOptions } from 'https';

/**
 * How long a client may hold a connection, and how many it may hold (issue 12 §6, SPEC §10), in
 * milliseconds. The configuration's `server` (GATEHOUSE_*_TIMEOUT_MS, GATEHOUSE_MAX_CONNECTIONS).
 */
export interface ConnectionLimits {
  /** From a request's first byte to the end of its headers (Node's `headersTimeout`): slowloris headers. */
  headersTimeoutMs: number;
  /** From a request's first byte to the end of its body (Node's `requestTimeout`): a slow body. */
  requestTimeoutMs: number;
  /** An idle keep-alive connection after a response (Node's `keepAliveTimeout`). */
  keepAliveTimeoutMs: number;
  /** No byte either way for this long (the socket timeout, Fastify's `connectionTimeout`): a silent client. */
  idleTimeoutMs: number;
  /** Concurrent connections (Node's `maxConnections`): one more is closed at once. */
  maxConnections: number;
}

/**
 * Fastify server options for the limits. Node checks the header and request timeouts of open requests
 * on an interval (30 s by default, which would let a request live up to 30 s past its limit); it is
 * derived from the limits so a request is cut within a quarter of its limit (at most every 5 s).
 * A request cut by either timeout gets 408 through the server's `clientError` handling, then the
 * connection is closed.
 */
export function connectionLimitOptions(limits: ConnectionLimits): {
  connectionTimeout: number;
  keepAliveTimeout: number;
  requestTimeout: number;
  http: ServerOptions;
} {
  const checkEvery = Math.max(50, Math.min(5_000, Math.floor(Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs) / 4)));
  return {
    connectionTimeout: limits.idleTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    http: {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      connectionsCheckingInterval: checkEvery,
    },
  };
}

/**
 * connectionLimitOptions for a TLS server (GATEHOUSE_HTTPS): Fastify then makes an https server from its
 * `https` options and ignores `http`, so the same limits go there, beside the certificate.
 */
export function tlsConnectionLimitOptions(
  limits: ConnectionLimits,
  tls: TlsServerOptions,
): { connectionTimeout: number; keepAliveTimeout: number; requestTimeout: number; https: TlsServerOptions & ServerOptions } {
  const { http, ...rest } = connectionLimitOptions(limits);
  return { ...rest, https: { ...http, ...tls } };
}

/** How often, at most, connections refused over the cap are logged (a flood must not flood the log too). */
const DROP_LOG_INTERVAL_MS = 10_000;

/**
 * Cap concurrent connections: over `maxConnections`, Node closes a new connection as soon as it is
 * accepted, unanswered (its `drop` event). Refusals are logged at warn, counted, at most every 10 s.
 */
export function capConnections(server: Server, maxConnections: number, warn: (facts: object, message: string) => void): void {
  server.maxConnections = maxConnections;
  let dropped = 0;
  let lastLog = 0;
  server.on('drop', () => {
    dropped++;
    const now = Date.now();
    if (now - lastLog < DROP_LOG_INTERVAL_MS) return;
    lastLog = now;
    warn({ max_connections: maxConnections, refused: dropped }, 'connection refused: at the concurrent connection cap');
    dropped = 0;
  });
}
