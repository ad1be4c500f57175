import { RESTRICTED_ENDPOINTS, restrictedEndpointRefusal } from './authentication-endpoints';
import { MODE_RULES } from './security-modes';

const byPath = (p: string) => RESTRICTED_ENDPOINTS.find((e) => e.path === p)!;

describe('restricted Authentication API endpoints', () => {
  it('every endpoint names a feature strict mode refuses', () => {
    for (const e of RESTRICTED_ENDPOINTS) expect(MODE_RULES.strict.unsupportedFeatures).toContain(e.feature);
  });
  it.each([
    ['/v2/logout', 'Logout endpoints are not supported for third-party applications in strict mode; use POST /oauth/revoke to revoke tokens'],
    ['/oauth/ro', 'The legacy /oauth/ro endpoint is not supported for third-party applications in strict mode; use the authorization code flow with PKCE'],
    ['/passwordless/start', 'Non-OAuth Authentication API endpoints (/passwordless/*) are not supported for third-party applications in strict mode'],
    ['/oauth/par', 'Pushed authorization requests (PAR) are not supported for third-party applications in strict mode'],
    ['/samlp/:client_id', 'SAML is not supported for third-party applications in strict mode'],
  ])('strict: %s', (path, message) => {
    expect(restrictedEndpointRefusal({ firstParty: false, mode: 'strict' }, byPath(path))).toBe(message);
  });
  it.each(RESTRICTED_ENDPOINTS.map((e) => [e.path, e]))('permissive and first-party may use %s', (_p, e) => {
    expect(restrictedEndpointRefusal({ firstParty: false, mode: 'permissive' }, e)).toBeUndefined();
    expect(restrictedEndpointRefusal({ firstParty: true }, e)).toBeUndefined();
  });
});
