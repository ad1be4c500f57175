import {
  AuthorizeClient,
  AuthorizeParams,
  checkAuthorizeRequest,
  connectionRefusal,
  flowRulesFor,
  FlowKind,
  loginConnections,
  redirectsErrors,
  RESPONSE_TYPES,
  responseTypeParts,
  rulesRefusal,
} from './authorization-request';
import { MODE_RULES, STRICT_AUTHORIZE_PARAMETERS, STRICT_REFUSED_PARAMETERS } from './security-modes';

const CB = 'https://app.example.com/callback';
const CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';
const strict: FlowKind = { firstParty: false, mode: 'strict' };
const permissive: FlowKind = { firstParty: false, mode: 'permissive' };
const firstParty: FlowKind = { firstParty: true };
const client = (kind: FlowKind, over: Partial<AuthorizeClient> = {}): AuthorizeClient => ({
  kind,
  grantTypes: ['authorization_code', 'refresh_token', 'implicit'],
  callbacks: [CB],
  ...over,
});
const base = { client_id: 'c1', redirect_uri: CB, response_type: 'code', code_challenge: CHALLENGE, code_challenge_method: 'S256', state: 'xyz' };
const run = (kind: FlowKind, params: AuthorizeParams, over: Partial<AuthorizeClient> = {}, tenant = {}) =>
  checkAuthorizeRequest(params, client(kind, over), tenant);

describe('flow rules are data', () => {
  it.each([
    ['strict', strict, ['S256'], false, false],
    ['permissive', permissive, ['S256', 'plain'], true, true],
    ['first-party', firstParty, ['S256', 'plain'], true, true],
  ] as const)('%s', (_n, kind, pkceMethods, implicit, idTokens) => {
    const rules = flowRulesFor(kind);
    expect(rules.pkceMethods).toEqual(pkceMethods);
    expect(rules.implicitResponseTypes).toBe(implicit);
    expect(rules.idTokens).toBe(idTokens);
    expect(rules.userinfo).toBe(idTokens);
  });
  it('strict flows read MODE_RULES (a data change widens them)', () => {
    expect(flowRulesFor(strict)).toBe(MODE_RULES.strict.flows);
  });
});

describe('identification: errors before the redirect URI is verified are never redirected', () => {
  it.each([
    ['no client_id', { ...base, client_id: undefined }, client(strict), 'Missing required parameter: client_id'],
    ['unknown client', base, undefined, 'Unknown client: c1'],
    ['redirect_uri not a callback', { ...base, redirect_uri: 'https://evil.example/cb' }, client(strict), 'not one of the application'],
    ['redirect_uri prefix of a callback', { ...base, redirect_uri: 'https://app.example.com/callback/x' }, client(strict), 'exact match'],
    ['strict without redirect_uri', { ...base, redirect_uri: undefined }, client(strict), 'Missing required parameter: redirect_uri'],
    [
      'two callbacks, no redirect_uri',
      { ...base, redirect_uri: undefined },
      client(firstParty, { callbacks: [CB, 'https://b/cb'] }),
      'Missing required parameter: redirect_uri',
    ],
    ['repeated client_id', { ...base, client_id: ['c1', 'c2'] }, client(strict), 'sent once'],
  ] as const)('%s → error page', (_n, params, c, description) => {
    const out = checkAuthorizeRequest(params as AuthorizeParams, c, {});
    expect(out).toMatchObject({ outcome: 'error_page', error: 'invalid_request' });
    expect((out as { description: string }).description).toContain(description);
  });
  it('a first-party client with one callback may omit redirect_uri', () => {
    const out = run(firstParty, { ...base, redirect_uri: undefined });
    expect(out).toMatchObject({ outcome: 'valid', request: { redirectUri: CB } });
  });
});

describe('where errors go after identification', () => {
  it.each([
    ['strict, default policy (open_redirect_protection)', strict, undefined, false],
    ['strict, open_redirect_protection', strict, 'open_redirect_protection', false],
    ['strict, allow_always', strict, 'allow_always', true],
    ['permissive', permissive, undefined, true],
    ['first-party', firstParty, undefined, true],
  ] as const)('%s → redirects: %s', (_n, kind, policy, redirects) => {
    expect(redirectsErrors(client(kind, { redirectionPolicy: policy }))).toBe(redirects);
    const out = run(kind, { ...base, response_type: 'bogus' }, { redirectionPolicy: policy });
    expect(out.outcome).toBe(redirects ? 'redirect_error' : 'error_page');
    if (out.outcome === 'redirect_error')
      expect(out).toMatchObject({ redirectUri: CB, state: 'xyz', error: 'unsupported_response_type', responseMode: 'query' });
  });
});

describe('the strict /authorize parameter allow-list (seed 002)', () => {
  it.each(STRICT_AUTHORIZE_PARAMETERS.filter((p) => !(p in base)).map((p) => [p]))('%s is accepted', (p) => {
    const value = p === 'max_age' ? '60' : p === 'prompt' ? 'login' : 'x';
    expect(run(strict, { ...base, [p]: value }).outcome).toBe('valid');
  });
  it('ext-* custom parameters are accepted', () => {
    expect(run(strict, { ...base, 'ext-tracking': '1' }).outcome).toBe('valid');
  });
  it.each(Object.keys(STRICT_REFUSED_PARAMETERS).map((p) => [p]))('%s → invalid_request naming it', (p) => {
    const out = run(strict, { ...base, [p]: 'x' });
    expect(out).toMatchObject({ outcome: 'error_page', error: 'invalid_request' });
    expect((out as { description: string }).description).toContain(`Parameter ${p} (`);
  });
  it.each([['response_mode'], ['foo'], ['access_type']])('an unlisted %s → invalid_request', (p) => {
    expect(run(strict, { ...base, [p]: 'query' })).toMatchObject({ error: 'invalid_request' });
  });
  it.each([[permissive], [firstParty]])('other clients may send any parameter (%o)', (kind) => {
    expect(run(kind, { ...base, screen_hint: 'signup', claims: '{}', foo: 'bar' }).outcome).toBe('valid');
  });
  it('a repeated parameter is invalid_request for everyone', () => {
    expect(run(firstParty, { ...base, scope: ['a', 'b'] })).toMatchObject({ error: 'invalid_request' });
  });
});

describe('response types', () => {
  it.each([
    [strict, 'code', 'valid', undefined],
    [strict, 'token', 'error_page', 'unsupported_response_type'],
    [strict, 'code id_token', 'error_page', 'unsupported_response_type'],
    [permissive, 'token', 'valid', undefined],
    [permissive, 'token code', 'valid', undefined],
    [firstParty, 'id_token token', 'valid', undefined],
    [firstParty, 'magic', 'redirect_error', 'unsupported_response_type'],
  ] as const)('%o %s → %s %s', (kind, type, outcome, error) => {
    const out = run(kind, { ...base, response_type: type, scope: type.includes('id_token') ? 'openid' : undefined, nonce: 'n' });
    expect(out.outcome).toBe(outcome);
    if (error) expect(out).toMatchObject({ error });
  });
  it('implicit needs the implicit grant; code needs authorization_code', () => {
    expect(run(permissive, { ...base, response_type: 'token' }, { grantTypes: ['authorization_code'] })).toMatchObject({ error: 'unauthorized_client' });
    expect(run(firstParty, base, { grantTypes: ['client_credentials'] })).toMatchObject({ error: 'unauthorized_client' });
  });
  it('fragment is the default response mode of implicit flows; query with tokens is refused', () => {
    expect(run(firstParty, { ...base, response_type: 'token' })).toMatchObject({ outcome: 'valid', request: { responseMode: 'fragment' } });
    expect(run(firstParty, { ...base, response_type: 'token', response_mode: 'query' })).toMatchObject({ error: 'invalid_request' });
    expect(run(firstParty, { ...base, response_mode: 'form_post' })).toMatchObject({ outcome: 'valid', request: { responseMode: 'form_post' } });
  });
  it('id_token needs openid and a nonce', () => {
    expect(run(firstParty, { ...base, response_type: 'id_token', nonce: 'n' })).toMatchObject({ error: 'invalid_request' });
    expect(run(firstParty, { ...base, response_type: 'id_token', scope: 'openid' })).toMatchObject({ error: 'invalid_request' });
  });
  it.each([
    ['code', { code: true, idToken: false, accessToken: false }],
    ['token', { code: false, idToken: false, accessToken: true }],
    ['id_token', { code: false, idToken: true, accessToken: false }],
    ['id_token token', { code: false, idToken: true, accessToken: true }],
    ['code id_token', { code: true, idToken: true, accessToken: false }],
    ['code token', { code: true, idToken: false, accessToken: true }],
    ['code id_token token', { code: true, idToken: true, accessToken: true }],
  ])('%s returns %o', (type, parts) => {
    expect(responseTypeParts(type)).toEqual(parts);
    expect(RESPONSE_TYPES).toContain(type);
  });
  it.each([
    [permissive, 'code token', undefined, 'fragment'],
    [permissive, 'code id_token', 'form_post', 'form_post'],
    [firstParty, 'id_token', 'fragment', 'fragment'],
    [firstParty, 'code', 'fragment', 'fragment'],
    [firstParty, 'code', undefined, 'query'],
    [firstParty, 'token', 'form_post', 'form_post'],
  ] as const)('%o %s with response_mode %s answers in %s', (kind, type, mode, expected) => {
    const out = run(kind, { ...base, response_type: type, scope: 'openid', nonce: 'n', ...(mode ? { response_mode: mode } : {}) });
    expect(out).toMatchObject({ outcome: 'valid', request: { responseType: type, responseMode: expected } });
  });
  it.each([['id_token'], ['id_token token'], ['code id_token'], ['code id_token token']])(
    'response_type %s returns an ID token from /authorize: nonce required (OIDC Core 3.2.2.1, 3.3.2.11)',
    (type) => {
      expect(run(permissive, { ...base, response_type: type, scope: 'openid' })).toMatchObject({
        outcome: 'redirect_error',
        responseMode: 'fragment',
        error: 'invalid_request',
        description: `response_type ${type} requires a nonce`,
      });
    },
  );
  it.each([['code'], ['token'], ['code token']])('response_type %s returns no ID token from /authorize: no nonce needed', (type) => {
    expect(run(permissive, { ...base, response_type: type, scope: 'openid' }).outcome).toBe('valid');
  });
  it('an unknown response_mode is refused; strict clients may not send response_mode at all (seed 002 allow-list)', () => {
    expect(run(firstParty, { ...base, response_mode: 'web_message' })).toMatchObject({
      error: 'invalid_request',
      description: expect.stringContaining('web_message'),
    });
    expect(run(strict, { ...base, response_mode: 'form_post' })).toMatchObject({
      error: 'invalid_request',
      description: expect.stringContaining('response_mode'),
    });
  });
});

describe('PKCE', () => {
  const noPkce = { ...base, code_challenge: undefined, code_challenge_method: undefined };
  it.each([
    [strict, noPkce, 'PKCE is required'],
    [strict, { ...base, code_challenge_method: 'plain' }, 'code_challenge_method=plain is not allowed'],
    [strict, { ...base, code_challenge_method: undefined }, 'code_challenge_method=plain is not allowed'],
    [strict, { ...base, code_challenge_method: 'S512' }, 'Unsupported code_challenge_method'],
    [strict, { ...base, code_challenge: 'short' }, '43 to 128'],
    [firstParty, { ...base, code_challenge: undefined }, 'without code_challenge'],
  ] as const)('%o refuses %o', (kind, params, description) => {
    const out = run(kind, params as AuthorizeParams);
    expect(out).toMatchObject({ error: 'invalid_request' });
    expect((out as { description: string }).description).toContain(description);
  });
  it.each([
    [permissive, noPkce, undefined],
    [firstParty, noPkce, undefined],
    [permissive, { ...base, code_challenge_method: 'plain' }, 'plain'],
    [firstParty, { ...base, code_challenge_method: undefined }, 'plain'],
    [strict, base, 'S256'],
  ] as const)('%o accepts %o', (kind, params, method) => {
    const out = run(kind, params as AuthorizeParams);
    expect(out.outcome).toBe('valid');
    if (out.outcome === 'valid') expect(out.request.codeChallenge?.method).toBe(method);
  });
});

describe('scopes, prompt, max_age, audience', () => {
  it.each([['openid'], ['profile'], ['email'], ['openid offline_access read:x']])('strict: %s → invalid_scope', (scope) => {
    expect(run(strict, { ...base, scope })).toMatchObject({ error: 'invalid_scope' });
  });
  it('strict may ask for offline_access and API scopes; others for openid', () => {
    expect(run(strict, { ...base, scope: 'offline_access read:x' })).toMatchObject({ outcome: 'valid', request: { scopes: ['offline_access', 'read:x'] } });
    expect(run(permissive, { ...base, scope: 'openid profile' }).outcome).toBe('valid');
  });
  it.each([
    ['prompt=bogus', { prompt: 'bogus' }],
    ['prompt=none login', { prompt: 'none login' }],
    ['max_age=-1', { max_age: '-1' }],
    ['max_age=abc', { max_age: 'abc' }],
  ])('%s → invalid_request', (_n, extra) => {
    expect(run(firstParty, { ...base, ...extra })).toMatchObject({ error: 'invalid_request' });
  });
  it('state, nonce, prompt, max_age, login_hint and connection are carried', () => {
    const out = run(strict, { ...base, nonce: 'n1', prompt: 'login consent', max_age: '30', login_hint: 'a@b.c', connection: 'db' });
    expect(out).toMatchObject({
      outcome: 'valid',
      request: { state: 'xyz', nonce: 'n1', prompt: ['login', 'consent'], maxAge: 30, loginHint: 'a@b.c', connection: 'db' },
    });
  });
  it.each([
    ['audience', { audience: 'https://api' }, {}, 'https://api'],
    ['resource, default profile: ignored', { resource: 'https://api' }, {}, undefined],
    ['resource, compatibility profile', { resource: 'https://api' }, { resourceParameterProfile: 'compatibility' }, 'https://api'],
    ['both, the same API', { resource: 'https://api', audience: 'https://api' }, { resourceParameterProfile: 'compatibility' }, 'https://api'],
  ])('%s', (_n, extra, tenant, audience) => {
    const out = run(strict, { ...base, ...extra }, {}, tenant);
    expect(out.outcome).toBe('valid');
    if (out.outcome === 'valid') expect(out.request.audience).toBe(audience);
  });
  it('audience and resource naming different APIs → invalid_request', () => {
    expect(run(strict, { ...base, audience: 'https://a', resource: 'https://b' }, {}, { resourceParameterProfile: 'compatibility' })).toMatchObject({
      error: 'invalid_request',
    });
  });
});

describe('connections and Rules', () => {
  const db = { name: 'db', isDomainConnection: false, enabledForClient: true };
  const domain = { name: 'corp', isDomainConnection: true, enabledForClient: false };
  const hidden = { name: 'other', isDomainConnection: false, enabledForClient: false };
  it.each([
    [strict, ['corp']],
    [permissive, ['db', 'corp']],
    [firstParty, ['db']],
  ] as const)('%o logs in through %o', (kind, names) => {
    expect(loginConnections(kind, [db, domain, hidden]).map((c) => c.name)).toEqual(names);
  });
  it.each([
    [strict, 'db', db, 'not a domain-level connection'],
    [strict, 'corp', domain, undefined],
    [firstParty, 'corp', domain, 'not enabled for this application'],
    [permissive, 'corp', domain, undefined],
    [permissive, 'other', hidden, 'not enabled for this application'],
    [firstParty, 'nope', undefined, 'Unknown connection'],
  ] as const)('%o connection=%s', (kind, name, connection, refusal) => {
    const out = connectionRefusal(kind, name, connection);
    if (refusal === undefined) expect(out).toBeUndefined();
    else expect(out).toContain(refusal);
  });
  it.each([
    [strict, 1, 'Rules are not supported'],
    [strict, 0, undefined],
    [permissive, 3, undefined],
    [firstParty, 3, undefined],
  ] as const)('%o with %d enabled Rules', (kind, count, refusal) => {
    const out = rulesRefusal(kind, count);
    if (refusal === undefined) expect(out).toBeUndefined();
    else expect(out).toContain(refusal);
  });
});
