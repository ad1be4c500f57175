/**
 * Auth0's Authentication API, served or answered only to refuse (RESTRICTED_ENDPOINTS), and the login and
 * consent pages (/u/…), which are part of authenticating as Auth0's Universal Login is, and Dynamic Client
 * Registration (/oidc/register, RFC 7591). Their errors have RFC 6749's shape `{error, error_description}`;
 * every other route's have the Management API's.
 */
export const AUTHENTICATION_API_PREFIXES: readonly string[] = [
  '/authorize',
  '/oauth/',
  '/userinfo',
  '/u/',
  '/v2/logout',
  '/oidc/logout',
  '/oidc/register',
  '/dbconnections/',
  '/passwordless/',
  '/delegation',
  '/samlp/',
  '/wsfed/',
  '/bc-authorize',
];

/** True for a path (or URL with a query) of the Authentication API. */
export function isAuthenticationApi(url: string): boolean {
  return AUTHENTICATION_API_PREFIXES.some((prefix) => url.startsWith(prefix));
}
