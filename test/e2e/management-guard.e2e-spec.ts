import { createPrivateKey, createSecretKey, generateKeyPairSync } from 'crypto';
import { decodeJwt, SignJWT } from 'jose';
import { SigningKeysService } from '@gatehouse/tenancy';
import { useTestApp } from '@gatehouse/testing';

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
