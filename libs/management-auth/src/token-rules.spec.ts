import { authorizationValues, checkManagementClaims, CLOCK_LEEWAY_SECONDS, headerRefusal, MAX_EXPIRY_AHEAD_SECONDS, parseAuthorization } from './token-rules';

describe('parseAuthorization (exactly one header, exactly `Bearer <token>`)', () => {
  it.each([
    [[], { kind: 'missing' }],
    [['Basic dXNlcjpwYXNz'], { kind: 'missing' }],
    [['token abc'], { kind: 'missing' }],
    [['Bearer'], { kind: 'missing' }],
    [['Bearer   '], { kind: 'missing' }],
    [['Bearertoken'], { kind: 'missing' }],
    [['Bearer abc.def.ghi'], { kind: 'token', token: 'abc.def.ghi' }],
    [['bearer abc'], { kind: 'token', token: 'abc' }],
    [['BEARER abc'], { kind: 'token', token: 'abc' }],
    [['Bearer  abc'], { kind: 'token', token: 'abc' }],
    [['Bearer abc=='], { kind: 'token', token: 'abc==' }],
    [['  Bearer abc  '], { kind: 'token', token: 'abc' }],
    [['Bearer abc def'], { kind: 'malformed' }],
    [['Bearer abc, Bearer def'], { kind: 'malformed' }],
    [['Bearer abc,def'], { kind: 'malformed' }],
    [['Bearer\tabc'], { kind: 'malformed' }],
    [['Bearer a=b'], { kind: 'malformed' }],
    [['Bearer abc', 'Bearer abc'], { kind: 'malformed' }],
    [['Bearer abc', 'Basic x'], { kind: 'malformed' }],
  ])('%p → %p', (values, expected) => {
    expect(parseAuthorization(values)).toEqual(expected);
  });

  it('reads every Authorization header from the raw list (Node keeps only the first in req.headers)', () => {
    const req = { headers: { authorization: 'Bearer a' }, raw: { rawHeaders: ['Host', 'h', 'Authorization', 'Bearer a', 'authorization', 'Bearer b'] } };
    expect(authorizationValues(req)).toEqual(['Bearer a', 'Bearer b']);
    expect(authorizationValues({ headers: { authorization: 'Bearer a' } })).toEqual(['Bearer a']);
    expect(authorizationValues({ headers: {} })).toEqual([]);
  });
});

describe('checkManagementClaims (types, issuer, audience, times)', () => {
  const now = 1_800_000_000;
  const ctx = { issuer: 'https://t/', audience: 'https://t/api/v2/', nowSeconds: now };
  const valid = { iss: 'https://t/', aud: 'https://t/api/v2/', sub: 'c@clients', azp: 'c', scope: 'read:clients update:clients', iat: now, exp: now + 600 };

  it('accepts a well-formed token and reads its principal', () => {
    expect(checkManagementClaims(valid, ctx)).toEqual({ ok: true, clientId: 'c', scopes: ['read:clients', 'update:clients'], exp: now + 600 });
    expect(checkManagementClaims({ ...valid, azp: undefined, aud: ['x', 'https://t/api/v2/'] }, ctx)).toMatchObject({ ok: true, clientId: 'c' });
    expect(checkManagementClaims({ ...valid, scope: undefined, iat: undefined }, ctx)).toMatchObject({ ok: true, scopes: [] });
    expect(checkManagementClaims({ ...valid, iat: now + CLOCK_LEEWAY_SECONDS, nbf: now + CLOCK_LEEWAY_SECONDS }, ctx)).toMatchObject({ ok: true });
    expect(checkManagementClaims({ ...valid, exp: now + MAX_EXPIRY_AHEAD_SECONDS }, ctx)).toMatchObject({ ok: true });
  });

  it.each([
    ['not an object', 'a string', 'Invalid token'],
    ['an array', [valid], 'Invalid token'],
    ['scope as an array', { ...valid, scope: ['read:clients'] }, 'Invalid token: the scope claim has the wrong type'],
    ['scope as an object', { ...valid, scope: { a: 1 } }, 'Invalid token: the scope claim has the wrong type'],
    ['iss as a number', { ...valid, iss: 1 }, 'Invalid token: the iss claim has the wrong type'],
    ['sub as an object', { ...valid, sub: {} }, 'Invalid token: the sub claim has the wrong type'],
    ['azp as an array', { ...valid, azp: ['c'] }, 'Invalid token: the azp claim has the wrong type'],
    ['aud holding a number', { ...valid, aud: ['https://t/api/v2/', 3] }, 'Invalid token: the aud claim has the wrong type'],
    ['aud as an object', { ...valid, aud: { 'https://t/api/v2/': true } }, 'Invalid token: the aud claim has the wrong type'],
    ['exp as a string', { ...valid, exp: String(now + 600) }, 'Invalid token: the exp claim has the wrong type'],
    ['exp as null', { ...valid, exp: null }, 'Invalid token: the exp claim has the wrong type'],
    ['iat as a string', { ...valid, iat: 'now' }, 'Invalid token: the iat claim has the wrong type'],
    ['nbf as a boolean', { ...valid, nbf: true }, 'Invalid token: the nbf claim has the wrong type'],
    ['a wrong issuer', { ...valid, iss: 'https://evil/' }, 'Bad issuer: https://evil/'],
    ['no issuer', { ...valid, iss: undefined }, 'Bad issuer: undefined'],
    ['a wrong audience', { ...valid, aud: 'https://t/me/' }, 'Bad audience: https://t/me/'],
    ['no exp', { ...valid, exp: undefined }, 'Expired token received for JSON Web Token validation'],
    ['exp now', { ...valid, exp: now }, 'Expired token received for JSON Web Token validation'],
    ['exp absurdly far', { ...valid, exp: now + MAX_EXPIRY_AHEAD_SECONDS + 1 }, 'Invalid token: exp is too far in the future'],
    ['exp as Infinity-like', { ...valid, exp: 1e300 }, 'Invalid token: exp is too far in the future'],
    ['iat in the future', { ...valid, iat: now + CLOCK_LEEWAY_SECONDS + 1 }, 'Invalid token: issued in the future (iat)'],
    ['nbf in the future', { ...valid, nbf: now + CLOCK_LEEWAY_SECONDS + 1 }, 'Invalid token: not valid yet (nbf)'],
  ])('refuses %s', (_, claims, message) => {
    expect(checkManagementClaims(claims, ctx)).toEqual({ ok: false, message });
  });
});

describe('headerRefusal', () => {
  it.each([
    [{ alg: 'RS256', kid: 'k' }, undefined],
    [{ alg: 'RS256', kid: 'k', crit: ['exp'] }, 'Invalid token: unsupported critical header parameter'],
    [{ alg: 'RS256', kid: 'k', crit: ['b64'], b64: false }, 'Invalid token: unsupported critical header parameter'],
    [{ alg: 'RS256', kid: 'k', crit: [] }, 'Invalid token: unsupported critical header parameter'],
  ])('%p → %p', (header, expected) => expect(headerRefusal(header)).toBe(expected));
});
