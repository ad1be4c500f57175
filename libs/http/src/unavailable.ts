import type { FastifyRequest } from 'fastify';
import { isAuthenticationApi } from './api-family';
import { Auth0Error, ErrorCode, OAuthError } from './errors';

/**
 * What a lower layer says of an error meaning a dependency (the database) cannot serve now: a code for
 * the logs and /readyz (a driver or network code, never a message or a connection string).
 */
export interface Unavailability {
  code: string;
}

/** Classifies errors for the exception filter; persistence's `databaseUnavailable` is the one in use. */
export type UnavailabilityClassifier = (err: unknown) => Unavailability | undefined;

/** How long a client is told to wait before retrying a request refused because the database is down. */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

/**
 * 503 with Retry-After, in the shape of the route's API: Auth0's `{statusCode, error, message,
 * errorCode}` for the Management API and everything else, RFC 6749's `temporarily_unavailable` for the
 * Authentication API.
 */
export function unavailableError(url: string): Auth0Error | OAuthError {
  const headers = { 'retry-after': String(UNAVAILABLE_RETRY_AFTER_SECONDS) };
  return isAuthenticationApi(url)
    ? new OAuthError('temporarily_unavailable', 'The service is temporarily unavailable. Retry later.', headers)
    : new Auth0Error(ErrorCode.Unavailable, 'The service is temporarily unavailable. Retry later.', headers);
}

/**
 * The 503 for an error the classifier recognises (logged at warn with its code only), else undefined.
 * Errors that are already domain errors are never reclassified.
 */
export function unavailableFor(err: unknown, req: FastifyRequest, classify: UnavailabilityClassifier | undefined): Auth0Error | OAuthError | undefined {
  if (!classify || err instanceof Auth0Error || err instanceof OAuthError) return undefined;
  const why = classify(err);
  if (!why) return undefined;
  req.log.warn({ db_error: why.code }, 'database unavailable: answered 503');
  return unavailableError(req.url);
}
