import { grantTypeLabel, methodLabel, outcomeLabel, rateLimiterLabel, routeLabel, UNMATCHED_ROUTE } from './metrics';

/** /metrics label values (issue 15 §2): closed sets, never a URL, id, tenant or token. */
describe('metrics labels', () => {
  it.each([
    ['/api/v2/clients/:id', '/api/v2/clients/:id'],
    ['/oauth/token', '/oauth/token'],
    ['/api/v2/*', '/api/v2/*'],
    [undefined, UNMATCHED_ROUTE],
    ['', UNMATCHED_ROUTE],
    ['clients', UNMATCHED_ROUTE],
  ])('route %p → %p', (template, label) => expect(routeLabel(template)).toBe(label));

  it.each([
    ['GET', 'GET'],
    ['DELETE', 'DELETE'],
    ['PROPFIND', 'OTHER'],
    ['get', 'OTHER'],
  ])('method %p → %p', (method, label) => expect(methodLabel(method)).toBe(label));

  it.each([
    [{ grant_type: 'client_credentials' }, 'client_credentials'],
    [{ grant_type: 'authorization_code' }, 'authorization_code'],
    [{ grant_type: 'refresh_token' }, 'refresh_token'],
    [{ grant_type: 'password' }, 'unsupported'],
    [{ grant_type: 'https://tenant.example/secret-looking-value' }, 'unsupported'],
    [{ grant_type: ['client_credentials'] }, 'none'],
    [{}, 'none'],
    [undefined, 'none'],
    ['grant_type=client_credentials', 'none'],
  ])('grant_type of %p → %p', (body, label) => expect(grantTypeLabel(body)).toBe(label));

  it.each([
    [200, 200, '{"access_token":"x"}', 'issued'],
    [401, 200, '{"error":"invalid_client","error_description":"Wrong client_id or client_secret"}', 'invalid_client'],
    [400, 200, '{"error":"unsupported_grant_type","error_description":"x"}', 'unsupported_grant_type'],
    [415, 200, '{"statusCode":415,"error":"Unsupported Media Type","message":"x","errorCode":"unsupported_media_type"}', 'unsupported_media_type'],
    // An error code Gatehouse never emits is not copied into a label.
    [400, 200, '{"error":"tenant-acme.example.com"}', 'error'],
    [400, 200, '{"statusCode":400,"errorCode":"client-id-123"}', 'error'],
    [500, 200, 'not json', 'error'],
    [500, 200, undefined, 'error'],
    [201, 201, '{"client_id":"abc"}', 'registered'],
    [429, 201, '{"error":"too_many_requests","error_description":"x"}', 'too_many_requests'],
  ])('status %p (success %p), body %p → %p', (status, success, payload, label) =>
    expect(outcomeLabel(status, success, payload, success === 201 ? 'registered' : 'issued')).toBe(label),
  );

  it.each([
    ['/oidc/register', 429, false, 'dcr'],
    ['/api/v2/clients?page=1', 429, true, 'management_api'],
    ['/api/v2/clients', 429, false, 'unauthenticated'],
    ['/ext/v1/tenants', 429, false, 'unauthenticated'],
    ['/oauth/token', 429, false, 'other'],
    ['/api/v2/clients', 401, false, undefined],
    ['/oidc/register', 201, false, undefined],
  ])('%s answered %p (authenticated: %p) → limiter %p', (path, status, authenticated, label) =>
    expect(rateLimiterLabel(path, status, authenticated)).toBe(label),
  );
});
