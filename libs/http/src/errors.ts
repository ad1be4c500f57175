/**
 * Domain errors carry a code; the one exception filter turns a code into Auth0's body
 * `{statusCode, error, message, errorCode}` by an exhaustive switch. Never match message text.
 */
export enum ErrorCode {
  InvalidBody = 'invalid_body',
  /** A request Node's HTTP parser could not read (bad request line, header or framing). */
  MalformedRequest = 'malformed_request',
  InvalidQueryString = 'invalid_query_string',
  InvalidUri = 'invalid_uri',
  InvalidToken = 'invalid_token',
  MissingAuthentication = 'missing_authentication',
  InsufficientScope = 'insufficient_scope',
  OperationNotSupported = 'operation_not_supported',
  InexistentClient = 'inexistent_client',
  InexistentClientGrant = 'inexistent_client_grant',
  InexistentResourceServer = 'inexistent_resource_server',
  InexistentConnection = 'inexistent_connection',
  InexistentUser = 'inexistent_user',
  InexistentRule = 'inexistent_rule',
  InexistentGrant = 'inexistent_grant',
  /** A password the connection's password policy refuses (Auth0's `PasswordStrengthError`). */
  InvalidPassword = 'invalid_password',
  /** Auth0's answer to a user that already exists in the connection (the identity provider refused it). */
  UserExists = 'auth0_idp_error',
  ConnectionConflict = 'connection_conflict',
  NotFound = 'not_found',
  MethodNotAllowed = 'method_not_allowed',
  Conflict = 'conflict',
  PayloadTooLarge = 'payload_too_large',
  /** A path segment longer than the router takes (Fastify's maxParamLength). */
  UriTooLong = 'uri_too_long',
  /** Headers larger than Node's HTTP parser takes (answered at the socket, before any route). */
  RequestHeaderFieldsTooLarge = 'request_header_fields_too_large',
  /** A client too slow to send its headers or body (Node's headersTimeout / requestTimeout). */
  RequestTimeout = 'request_timeout',
  UnsupportedMediaType = 'unsupported_media_type',
  TooManyRequests = 'too_many_requests',
  Internal = 'internal_error',
  Unavailable = 'service_unavailable',
}

export function statusOf(code: ErrorCode): number {
  switch (code) {
    case ErrorCode.InvalidBody:
    case ErrorCode.MalformedRequest:
    case ErrorCode.InvalidQueryString:
    case ErrorCode.InvalidUri:
    case ErrorCode.InvalidPassword:
      return 400;
    case ErrorCode.InvalidToken:
    case ErrorCode.MissingAuthentication:
      return 401;
    case ErrorCode.InsufficientScope:
    case ErrorCode.OperationNotSupported:
      return 403;
    case ErrorCode.InexistentClient:
    case ErrorCode.InexistentClientGrant:
    case ErrorCode.InexistentResourceServer:
    case ErrorCode.InexistentConnection:
    case ErrorCode.InexistentUser:
    case ErrorCode.InexistentRule:
    case ErrorCode.InexistentGrant:
    case ErrorCode.NotFound:
      return 404;
    case ErrorCode.MethodNotAllowed:
      return 405;
    case ErrorCode.Conflict:
    case ErrorCode.UserExists:
    case ErrorCode.ConnectionConflict:
      return 409;
    case ErrorCode.RequestTimeout:
      return 408;
    case ErrorCode.PayloadTooLarge:
      return 413;
    case ErrorCode.UriTooLong:
      return 414;
    case ErrorCode.UnsupportedMediaType:
      return 415;
    case ErrorCode.TooManyRequests:
      return 429;
    case ErrorCode.RequestHeaderFieldsTooLarge:
      return 431;
    case ErrorCode.Internal:
      return 500;
    case ErrorCode.Unavailable:
      return 503;
  }
}

const REASON: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  409: 'Conflict',
  413: 'Payload Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export interface Auth0ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  errorCode: string;
}

export class Auth0Error extends Error {
  readonly statusCode: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Extra response headers, e.g. Retry-After on 429 or Allow on 405. */
    readonly headers: Record<string, string> = {},
    /**
     * Auth0 answers a few codes at another status when the missing thing is named in the body rather
     * than the path (`inexistent_connection` is 404 on /connections/{id}, 400 for POST /users' `connection`).
     */
    status?: 400,
  ) {
    super(message);
    this.statusCode = status ?? statusOf(code);
  }

  toBody(): Auth0ErrorBody {
    return { statusCode: this.statusCode, error: REASON[this.statusCode] ?? 'Error', message: this.message, errorCode: this.code };
  }
}

/** RFC 6749 §5.2 error codes, used by /oauth/token and friends. */
export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'invalid_scope'
  | 'access_denied'
  | 'server_error'
  | 'temporarily_unavailable'
  | 'invalid_redirect_uri'
  | 'invalid_client_metadata'
  | 'too_many_requests'
  // RFC 6750 §3.1: a bearer token refused at /userinfo.
  | 'invalid_token';

export function oauthStatusOf(code: OAuthErrorCode): number {
  switch (code) {
    case 'invalid_client':
    case 'invalid_token':
      return 401;
    case 'access_denied':
    case 'unauthorized_client':
      return 403;
    case 'too_many_requests':
      return 429;
    case 'server_error':
      return 500;
    case 'temporarily_unavailable':
      return 503;
    case 'invalid_request':
    case 'invalid_grant':
    case 'unsupported_grant_type':
    case 'invalid_scope':
    case 'invalid_redirect_uri':
    case 'invalid_client_metadata':
      return 400;
  }
}

/** An error of the Authentication API: body `{error, error_description}`. */
export class OAuthError extends Error {
  readonly statusCode: number;

  constructor(
    readonly code: OAuthErrorCode,
    readonly description: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(description);
    this.statusCode = oauthStatusOf(code);
  }

  toBody(): { error: string; error_description: string } {
    return { error: this.code, error_description: this.description };
  }
}
