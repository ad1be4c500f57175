/**
 * What `POST /oauth/token` accepts today, in one place: the token service enforces these lists and
 * discovery advertises them (`grant_types_supported`, `token_endpoint_auth_methods_supported`), so the
 * documents cannot promise a grant or an authentication method the endpoint refuses.
 */
export const ACCEPTED_GRANT_TYPES: readonly string[] = ['authorization_code', 'refresh_token', 'client_credentials'];

/**
 * Client authentication at the token endpoint (RFC 6749 §2.3.1): HTTP Basic or the form body, and
 * `none` for public clients (`token_endpoint_auth_method: "none"`, user flows only: client_credentials
 * always needs a secret).
 */
export const ACCEPTED_CLIENT_AUTH_METHODS: readonly string[] = ['client_secret_basic', 'client_secret_post', 'none'];

/** PKCE methods a stored code challenge may use (RFC 7636 §4.2); /authorize narrows them per client kind. */
export const CODE_CHALLENGE_METHODS: readonly string[] = ['S256', 'plain'];

/**
 * The parameters of a token request (RFC 6749 §4.1.3, §4.4.2, §6, §2.3.1; RFC 7636 §4.5) as sent, form
 * or JSON: any value may arrive, so each is checked where it is read, and other parameters are ignored
 * (RFC 6749 §3.2), not refused by the global pipe.
 */
export interface TokenRequest {
  grant_type?: unknown;
  client_id?: unknown;
  client_secret?: unknown;
  audience?: unknown;
  scope?: unknown;
  code?: unknown;
  redirect_uri?: unknown;
  code_verifier?: unknown;
  refresh_token?: unknown;
}

/** POST /oauth/revoke's parameters (RFC 7009 §2.1), checked where read as the token request's are. */
export interface RevocationRequest {
  client_id?: unknown;
  client_secret?: unknown;
  token?: unknown;
  token_type_hint?: unknown;
}
