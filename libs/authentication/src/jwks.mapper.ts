import type { JWK } from 'jose';
import type { JwksBody } from '@gatehouse/contract';

/**
 * A tenant's published keys as the contract types them. Tenancy stores each public key as exported
 * plus its kid, `alg: RS256` and `use: sig`; anything else would be a corrupt row, refused here rather
 * than published.
 */
export function jwksBody({ keys }: { keys: JWK[] }): JwksBody {
  return { keys: keys.map(publishedKey) };
}

function publishedKey({ kty, n, e, kid, alg, use }: JWK): JwksBody['keys'][number] {
  if (kty !== 'RSA' || alg !== 'RS256' || use !== 'sig' || !n || !e || !kid)
    throw new Error(`signing key ${kid ?? '(no kid)'} is not a stored RS256 signing key`);
  return { kty: 'RSA', n, e, kid, alg: 'RS256', use: 'sig' };
}
