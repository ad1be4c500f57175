/** The claims of an Auth0 access token (SPEC §3, issue 2 §6). Pure, so it is unit-tested alone. */
export interface AccessTokenClaims {
  iss: string;
  sub: string;
  aud: string;
  iat: number;
  exp: number;
  scope: string;
  gty: 'client-credentials';
  azp: string;
}

export function clientCredentialsClaims(input: {
  issuer: string;
  clientId: string;
  audience: string;
  scopes: readonly string[];
  nowSeconds: number;
  lifetimeSeconds: number;
}): AccessTokenClaims {
  return {
    iss: input.issuer,
    sub: `${input.clientId}@clients`,
    aud: input.audience,
    iat: input.nowSeconds,
    exp: input.nowSeconds + input.lifetimeSeconds,
    scope: input.scopes.join(' '),
    gty: 'client-credentials',
    azp: input.clientId,
  };
}
