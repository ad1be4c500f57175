import { createHash, timingSafeEqual } from 'crypto';
import { OAuthError } from '@gatehouse/http';
import type { TokenRequest } from './token-endpoint';

export interface PresentedCredentials {
  clientId: string;
  clientSecret?: string;
  method: 'client_secret_post' | 'client_secret_basic' | 'none';
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/**
 * Which client is calling and how (RFC 6749 §2.3): HTTP Basic or the body, never both.
 * Basic credentials are form-urlencoded before base64 (RFC 6749 §2.3.1).
 */
export function presentedCredentials(authorization: string | undefined, body: Pick<TokenRequest, 'client_id' | 'client_secret'>): PresentedCredentials {
  const bodyId = str(body.client_id);
  const bodySecret = str(body.client_secret);
  const basic = /^basic\s+(\S+)$/i.exec(authorization ?? '');
  if (basic) {
    if (bodySecret) throw new OAuthError('invalid_request', 'Only one client authentication method may be used per request.');
    const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
    const i = decoded.indexOf(':');
    if (i < 0) throw new OAuthError('invalid_client', 'Malformed HTTP Basic client credentials.');
    let id: string;
    let secret: string;
    try {
      id = decodeURIComponent(decoded.slice(0, i).replace(/\+/g, ' '));
      secret = decodeURIComponent(decoded.slice(i + 1).replace(/\+/g, ' '));
    } catch {
      throw new OAuthError('invalid_client', 'Malformed HTTP Basic client credentials.');
    }
    if (bodyId && bodyId !== id) throw new OAuthError('invalid_request', 'client_id in the body does not match the HTTP Basic credentials.');
    return { clientId: id, clientSecret: secret, method: 'client_secret_basic' };
  }
  if (!bodyId) throw new OAuthError('invalid_request', 'Missing required parameter: client_id');
  return bodySecret ? { clientId: bodyId, clientSecret: bodySecret, method: 'client_secret_post' } : { clientId: bodyId, method: 'none' };
}

/** Constant-time comparison (hashing first so lengths never leak through timing). */
export function secretsEqual(presented: string, stored: string): boolean {
  const a = createHash('sha256').update(presented, 'utf8').digest();
  const b = createHash('sha256').update(stored, 'utf8').digest();
  return timingSafeEqual(a, b);
}
