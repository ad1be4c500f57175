import { createPrivateKey, createSecretKey, generateKeyPairSync } from 'crypto';
import { request } from 'http';
import { decodeJwt, SignJWT } from 'jose';
import { SigningKeysService } from '@gatehouse/tenancy';
import { freePort, useTestApp } from '@gatehouse/testing';

/** Each way a Management API token can be wrong gets 401 in Auth0's shape (SPEC §3). */
describe('Management API guard', () => {
  const app = useTestApp();
  const { t } = app;

  const call = (authorization?: string) => t.inject({ method: 'GET', url: '/api/v2/roles', headers: authorization ? { authorization } : {} });

  /** Sign claims with the tenant's own key, so only the claim under test is wrong. */
  async function signWithTenantKey(claims: Record<string, unknown>): Promise<string> {
    const key = await t.app.get(SigningKeysService).currentKey(t.main.tenant.id);
    return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: key.kid }).sign(key.privateKey);
  }
  const validClaims = () => {
    const now = t.clock.nowSeconds();
    return {
      iss: 'http://localhost:3000/',
      aud: 'https://localhost:3000/api/v2/',
      sub: 'x@clients',
      azp: 'x',
      scope: 'read:clients',
      iat: now,
      exp: now + 600,
    };
  };

  it('accepts a valid token (the route then answers for itself)', async () => {
    expect((await call(`Bearer ${app.token}`)).statusCode).toBe(403);
    expect((await call(`Bearer ${await signWithTenantKey(validClaims())}`)).statusCode).toBe(403);
  });

  it('401 Missing authentication without a token', async () => {
    const res = await call();
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual({ statusCode: 401, error: 'Unauthorized', message: 'Missing authentication', errorCode: 'missing_authentication' });
  });

  it.each(['Basic dXNlcjpwYXNz', 'Bearer', 'Bearer ', 'token abc'])(
    '401 Missing authentication with a header that carries no bearer token (%s)',
    async (header) => {
      const res = await call(header);
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({ message: 'Missing authentication', errorCode: 'missing_authentication' });
    },
  );

  const cases: [string, () => Promise<string>][] = [
    ['garbage', async () => 'Bearer not.a.jwt'],
    [
      'alg none',
      async () => {
        const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
        return `Bearer ${enc({ alg: 'none', typ: 'JWT' })}.${enc(validClaims())}.`;
      },
    ],
    [
      'HS256 signed with the public key material',
      async () => {
        const kid = decodeJwtHeaderKid(app.token);
        const jwt = await new SignJWT(validClaims()).setProtectedHeader({ alg: 'HS256', kid }).sign(createSecretKey(Buffer.from('k'.repeat(32))));
        return `Bearer ${jwt}`;
      },
    ],
    [
      'a key that is not the tenant’s',
      async () => {
        const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
        const kid = decodeJwtHeaderKid(app.token);
        return `Bearer ${await new SignJWT(validClaims()).setProtectedHeader({ alg: 'RS256', kid }).sign(createPrivateKey(privateKey.export({ format: 'pem', type: 'pkcs8' })))}`;
      },
    ],
    [
      'a tampered payload',
      async () => {
        const [h, , s] = app.token.split('.');
        const claims = { ...decodeJwt(app.token), scope: 'read:everything' };
        return `Bearer ${h}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${s}`;
      },
    ],
    ['an expired token', async () => `Bearer ${await signWithTenantKey({ ...validClaims(), exp: t.clock.nowSeconds() - 1 })}`],
    ['a wrong issuer', async () => `Bearer ${await signWithTenantKey({ ...validClaims(), iss: 'https://evil.example/' })}`],
    ['a wrong audience', async () => `Bearer ${await signWithTenantKey({ ...validClaims(), aud: 'https://localhost:3000/me/' })}`],
    ['no exp', async () => `Bearer ${await signWithTenantKey({ ...validClaims(), exp: undefined })}`],
  ];

  it.each(cases)('401 for %s', async (_, make) => {
    const res = await call(await make());
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ statusCode: 401, error: 'Unauthorized', errorCode: 'invalid_token', message: expect.any(String) });
  });

  // Issue 12 §2, §4: claims of the wrong type, `iat` ahead of the clock, absurd `exp`, `crit` headers.
  const day = 86_400;
  const claimCases: [string, () => Record<string, unknown>][] = [
    ['scope as an array', () => ({ ...validClaims(), scope: ['read:clients'] })],
    ['scope as an object', () => ({ ...validClaims(), scope: { 'read:clients': true } })],
    ['aud as a number', () => ({ ...validClaims(), aud: 42 })],
    ['aud holding an object', () => ({ ...validClaims(), aud: ['https://localhost:3000/api/v2/', {}] })],
    ['iss as an array', () => ({ ...validClaims(), iss: ['http://localhost:3000/'] })],
    ['sub as an object', () => ({ ...validClaims(), sub: { id: 'x' } })],
    ['azp as a number', () => ({ ...validClaims(), azp: 7 })],
    ['exp as a string', () => ({ ...validClaims(), exp: String(t.clock.nowSeconds() + 600) })],
    ['iat as a string', () => ({ ...validClaims(), iat: 'yesterday' })],
    ['nbf as an array', () => ({ ...validClaims(), nbf: [0] })],
    ['iat ten minutes ahead of the clock', () => ({ ...validClaims(), iat: t.clock.nowSeconds() + 600 })],
    ['nbf ten minutes ahead of the clock', () => ({ ...validClaims(), nbf: t.clock.nowSeconds() + 600 })],
    ['exp ten years ahead', () => ({ ...validClaims(), exp: t.clock.nowSeconds() + 3650 * day })],
    ['exp at 1e300', () => ({ ...validClaims(), exp: 1e300 })],
  ];

  it.each(claimCases)('401 (never 500) for a correctly signed token with %s', async (_, claims) => {
    const res = await call(`Bearer ${await signWithTenantKey(claims())}`);
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual({ statusCode: 401, error: 'Unauthorized', message: expect.stringMatching(/^Invalid token/), errorCode: 'invalid_token' });
  });

  it('tolerates a little clock skew on iat and nbf, and a long but sane exp', async () => {
    const now = t.clock.nowSeconds();
    for (const claims of [{ iat: now + 30 }, { nbf: now + 30 }, { exp: now + 30 * day }]) {
      expect((await call(`Bearer ${await signWithTenantKey({ ...validClaims(), ...claims })}`)).statusCode).toBe(403);
    }
  });

  it('401 for a token whose protected header declares a crit extension', async () => {
    const key = await t.app.get(SigningKeysService).currentKey(t.main.tenant.id);
    const jwt = await new SignJWT(validClaims())
      .setProtectedHeader({ alg: 'RS256', kid: key.kid, crit: ['urn:example:must-understand'], 'urn:example:must-understand': true })
      .sign(key.privateKey, { crit: { 'urn:example:must-understand': true } });
    const res = await call(`Bearer ${jwt}`);
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual({
      statusCode: 401,
      error: 'Unauthorized',
      message: 'Invalid token: unsupported critical header parameter',
      errorCode: 'invalid_token',
    });
  });

  it('the scheme is case-insensitive (RFC 7235); anything after the token is refused', async () => {
    for (const scheme of ['bearer', 'BEARER', 'BeArEr']) expect((await call(`${scheme} ${app.token}`)).statusCode).toBe(403);
    for (const header of [`Bearer ${app.token} extra`, `Bearer ${app.token},Bearer ${app.token}`, `Bearer ${app.token}, x`, `Bearer\t${app.token}`]) {
      const res = await call(header);
      expect(res.statusCode).toBe(401);
      expect(res.json()).toEqual({ statusCode: 401, error: 'Unauthorized', message: 'Bad HTTP authentication header format', errorCode: 'invalid_token' });
    }
  });

  it('two Authorization headers are refused whatever their order: never "the first one wins"', async () => {
    const port = await freePort();
    await t.app.listen({ port, host: '127.0.0.1' });
    const send = (values: string[]) =>
      new Promise<{ status: number; body: unknown }>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port, path: '/api/v2/roles', headers: { host: t.main.host } }, (res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(body) }));
        });
        req.setHeader('authorization', values); // an array: one header line each
        req.on('error', reject);
        req.end();
      });
    // One valid header alone is accepted over the socket (403: the route needs a scope the admin lacks).
    expect((await send([`Bearer ${app.token}`])).status).toBe(403);
    for (const values of [
      [`Bearer ${app.token}`, 'Bearer garbage'],
      ['Bearer garbage', `Bearer ${app.token}`],
      [`Bearer ${app.token}`, `Bearer ${app.token}`],
    ]) {
      const res = await send(values);
      expect(res).toEqual({
        status: 401,
        body: { statusCode: 401, error: 'Unauthorized', message: 'Bad HTTP authentication header format', errorCode: 'invalid_token' },
      });
    }
  });

  it('a token expires when the clock passes exp', async () => {
    const token = await t.token();
    expect((await call(`Bearer ${token}`)).statusCode).toBe(403);
    const exp = decodeJwt(token).exp as number;
    const before = t.clock.now();
    t.clock.set(new Date((exp + 1) * 1000));
    try {
      const res = await call(`Bearer ${token}`);
      expect(res.statusCode).toBe(401);
      expect(res.json().message).toBe('Expired token received for JSON Web Token validation');
    } finally {
      t.clock.set(before);
    }
  });
});

function decodeJwtHeaderKid(jwt: string): string {
  return JSON.parse(Buffer.from(jwt.split('.')[0]!, 'base64url').toString()).kid;
}
