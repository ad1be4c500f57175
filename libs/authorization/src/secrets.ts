import { createHash, randomBytes, timingSafeEqual } from 'crypto';

/**
 * Codes, refresh tokens, session cookies and CSRF tokens: 256 random bits, handed out once and stored
 * only as their SHA-256 (a database dump yields nothing usable).
 */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Constant-time comparison of two strings (different lengths are simply unequal). */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** RFC 7636 §4.1: a verifier is 43 to 128 unreserved characters. */
const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;

/** RFC 7636 §4.6: does the verifier match the challenge stored with the code? */
export function pkceVerified(verifier: unknown, challenge: string, method: string): boolean {
  if (typeof verifier !== 'string' || !VERIFIER.test(verifier)) return false;
  const derived = method === 'S256' ? createHash('sha256').update(verifier, 'ascii').digest('base64url') : method === 'plain' ? verifier : undefined;
  return derived !== undefined && sameSecret(derived, challenge);
}
