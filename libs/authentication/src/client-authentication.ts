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

/** What the token and revocation endpoints know about a client to authenticate it. */
export interface AuthenticatingClient {
  tokenEndpointAuthMethod?: string;
  authenticatesWithKeys: boolean;
}

/**
 * Does this client authenticate this way (RFC 6749 §2.3)? A public client (`token_endpoint_auth_method:
 * "none"`) sends its client_id only; any other client proves its secret, by HTTP Basic or in the body,
 * whichever of the two it registered (as Auth0, which accepts both for a confidential client).
 * `storedSecret` is the client's secret, opened. Undefined: authenticated; else the description of an
 * `invalid_client` refusal. One description for an unknown client and a wrong secret, so which client
 * ids exist is not disclosed.
 */
export function clientAuthenticationRefusal(
  client: AuthenticatingClient | undefined,
  presented: PresentedCredentials,
  storedSecret: string | undefined,
): string | undefined {
  if (!client) return 'Unauthorized';
  if (client.tokenEndpointAuthMethod === 'none') {
    return presented.method === 'none' ? undefined : 'The application is public (token_endpoint_auth_method none): send client_id without a client secret';
  }
  if (client.authenticatesWithKeys) return 'The application authenticates with private_key_jwt, which Gatehouse does not accept at this endpoint';
  if (presented.method === 'none')
    return `Client authentication is required: the application's token_endpoint_auth_method is ${client.tokenEndpointAuthMethod ?? 'client_secret_post'}`;
  if (!presented.clientSecret || !storedSecret || !secretsEqual(presented.clientSecret, storedSecret)) return 'Unauthorized';
  return undefined;
}
