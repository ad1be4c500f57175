import { STATUS_CODES } from 'http';
import type { Socket } from 'net';
import { parse as parseQueryString } from 'fast-querystring';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Auth0Error, ErrorCode } from './errors';
import { logUnexpected, sendError, toAuth0Error } from './exception.filter';

/**
 * Hostile input at the edge (issue 12 §2, SPEC §10): every refusal made before a route runs — by Node's
 * HTTP parser, by Fastify's router, by the body parsers — answers in Auth0's error shape, never in the
 * framework's own, and nothing a client sends can reach validation deep or wide enough to overflow a
 * stack or burn the CPU.
 */

/**
 * Bounds on a parsed body, checked before validation: nesting depth (class-transformer and
 * class-validator recurse; 3,000 levels overflowed the stack) and the number of values (object
 * members plus array elements; validation is linear in it and 1 MiB holds ~500,000 of them). The
 * deepest body any route takes is a handful of levels (metadata maps, addons); the widest, a few
 * thousand scopes or callbacks.
 */
export const BODY_LIMITS = { maxDepth: 32, maxValues: 20_000 } as const;

export interface BodyLimits {
  maxDepth: number;
  maxValues: number;
}

/**
 * Text no database can hold: U+0000 (PostgreSQL's text refuses it) and unpaired UTF-16 surrogates (a JSON
 * `"\ud800"` is not Unicode text, and cannot be encoded as UTF-8). Refused at the edge, in any property
 * name or string value, so that neither database answers it with a 500.
 */
function unstorable(text: string): boolean {
  // In a `u` regex a well-formed surrogate pair is one code point, so \p{Cs} matches unpaired ones only.
  return text.includes('\u0000') || /\p{Cs}/u.test(text);
}
const UNSTORABLE = 'a string holds U+0000 or an unpaired surrogate, which is not storable text';

/** Why a parsed body exceeds the limits (or holds unstorable text), or undefined. Iterative: any depth is safe to inspect. */
export function bodyLimitProblem(value: unknown, limits: BodyLimits = BODY_LIMITS): string | undefined {
  if (typeof value === 'string') return unstorable(value) ? UNSTORABLE : undefined;
  if (value === null || typeof value !== 'object') return undefined;
  const stack: [object, number][] = [[value, 1]];
  let values = 0;
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (depth > limits.maxDepth) return `the body is nested more than ${limits.maxDepth} levels deep`;
    const children: unknown[] = Array.isArray(node) ? node : Object.values(node);
    values += children.length;
    if (values > limits.maxValues) return `the body holds more than ${limits.maxValues} values`;
    if (!Array.isArray(node) && Object.keys(node).some(unstorable)) return UNSTORABLE;
    for (const child of children) {
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
      else if (typeof child === 'string' && unstorable(child)) return UNSTORABLE;
    }
  }
  return undefined;
}

type Done = (err: Error | null, body?: unknown) => void;

function bounded(value: unknown, limits: BodyLimits, done: Done): void {
  const problem = bodyLimitProblem(value, limits);
  if (problem) done(new Auth0Error(ErrorCode.InvalidBody, `Payload validation error: ${problem}`));
  else done(null, value);
}

/**
 * The body parsers (the app is created with Nest's `bodyParser: false`): JSON through Fastify's own
 * parser (secure-json-parse: `__proto__` and `constructor` poisoning refused) and form-urlencoded through
 * fast-querystring, as Nest registers them, each followed by the limits above.
 */
export function registerBodyParsers(fastify: FastifyInstance, limits: BodyLimits = BODY_LIMITS): void {
  const json = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    json(req, String(body), (err: Error | null, value?: unknown) => (err ? done(err, undefined) : bounded(value, limits, done)));
  });
  fastify.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    bounded(parseQueryString(String(body)), limits, done);
  });
}

/**
 * A URL whose path or query holds `%00` is refused before routing reaches a database (PostgreSQL's text
 * cannot hold U+0000: a lookup by such an id answered 500). Percent-decoding can produce no unpaired
 * surrogate (invalid UTF-8 is already an invalid_uri from the router), so NUL is the one case left.
 */
export function refuseNulInUrl(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (req, reply, done) => {
    if (!/%00/i.test(req.url)) return done();
    sendError(reply, new Auth0Error(ErrorCode.InvalidUri, 'Invalid URI: the path or query holds %00 (U+0000), which is not storable text'));
  });
}

/** Fastify's router errors, raised before any hook or route (`frameworkErrors`). */
export function frameworkErrorHandler(err: Error & { code?: string }, req: FastifyRequest, reply: FastifyReply): void {
  reply.header('x-request-id', String(req.id));
  switch (err.code) {
    case 'FST_ERR_BAD_URL':
      return sendError(reply, new Auth0Error(ErrorCode.InvalidUri, 'Invalid URI: the path is not valid percent-encoding'));
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return sendError(reply, new Auth0Error(ErrorCode.UriTooLong, 'URI Too Long'));
    default:
      return sendError(
        reply,
        toAuth0Error(err, String(req.id), (id, e) => logUnexpected(req, id, e)),
      );
  }
}

/** What Node's HTTP parser refused, as Auth0 would say it. */
export function clientErrorOf(code: string | undefined): Auth0Error {
  switch (code) {
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return new Auth0Error(ErrorCode.RequestTimeout, 'Request Timeout: the request was not received in time');
    case 'HPE_HEADER_OVERFLOW':
      return new Auth0Error(ErrorCode.RequestHeaderFieldsTooLarge, 'Request header fields too large');
    default:
      return new Auth0Error(ErrorCode.MalformedRequest, 'Bad Request: the request could not be parsed');
  }
}

/**
 * Fastify's `clientErrorHandler` (Node's `clientError`: oversized headers, a malformed request, a
 * header or request timeout). It runs on the socket, before any request object exists: the answer is
 * written raw, in Auth0's shape, and the connection closed. Only the error code is logged (the error
 * carries the raw packet: the request line and headers).
 */
export function clientErrorHandler(this: { log?: { debug(o: object, m: string): void } } | undefined, err: Error & { code?: string }, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  this?.log?.debug({ client_error: err.code }, 'client error');
  // A response already under way on this socket cannot be followed by another.
  const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (socket.writable && !inFlight?.headersSent) {
    const error = clientErrorOf(err.code);
    const body = JSON.stringify(error.toBody());
    socket.write(
      `HTTP/1.1 ${error.statusCode} ${STATUS_CODES[error.statusCode]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(err);
}

/**
 * Fastify server options for the edge: Auth0-shaped router and socket errors, and path parameters up
 * to 2,048 characters (Fastify's default, 100, refused a long resource-server identifier with 414; the
 * header limit still bounds the whole URL).
 */
export function edgeServerOptions() {
  return { frameworkErrors: frameworkErrorHandler, clientErrorHandler, routerOptions: { maxParamLength: 2048 } };
}
