/**
 * What `POST /oauth/token` accepts today, in one place: the token service enforces these lists and
 * discovery advertises them (`grant_types_supported`, `token_endpoint_auth_methods_supported`), so the
 * documents cannot promise a grant or an authentication method the endpoint refuses.
 */
export const ACCEPTED_GRANT_TYPES: readonly string[] = ['client_credentials'];

/** Client authentication at the token endpoint (RFC 6749 §2.3.1): HTTP Basic or the form body. */
export const ACCEPTED_CLIENT_AUTH_METHODS: readonly string[] = ['client_secret_basic', 'client_secret_post'];

/**
 * The parameters of a token request (RFC 6749 §4.4.2, §2.3.1) as sent, form or JSON: any value may
 * arrive, so each is checked where it is read, and other parameters are ignored (RFC 6749 §3.2), not
 * refused by the global pipe.
 */
export interface TokenRequest {
  grant_type?: unknown;
  client_id?: unknown;
  client_secret?: unknown;
  audience?: unknown;
  scope?: unknown;
}
