import { randomBytes, randomInt } from 'crypto';

const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Uniformly random base62 string (crypto RNG, no modulo bias). */
export function base62(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += BASE62[randomInt(62)];
  return out;
}

/** Auth0's id formats (SPEC §3). */
export const newId = {
  client: () => base62(32),
  strictThirdPartyClient: () => `tpc_${base62(22)}`,
  clientSecret: () => randomBytes(48).toString('base64url'),
  clientGrant: () => `cgr_${base62(16)}`,
  resourceServer: () => randomBytes(12).toString('hex'),
  tenant: () => `ten_${base62(16)}`,
  account: () => `acc_${base62(16)}`,
  signingKey: () => base62(22),
};
