import { createHash, randomBytes } from 'crypto';
import type { LightMyRequestResponse } from 'fastify';
import { createLocalJWKSet, decodeJwt, jwtVerify } from 'jose';
import { FlowStateRepository, hashSecret, newSecret } from '@gatehouse/authorization';
import { LogWriter } from '@gatehouse/logs';
import type { AuthorizationCodeRow } from '@gatehouse/schemas';
import type { TenantHandle } from '@gatehouse/testing';
import { useTestApp } from '@gatehouse/testing';
import { UserGrantsRepository } from '@gatehouse/user-grants';

/**
 * The token-endpoint half of the user flows (issue 11 §3, §4) over HTTP: the authorization code
 * exchange (one-time, bound to client, redirect URI and PKCE; a reused code revokes what it issued),
 * refresh tokens (rotation with leeway, reuse detection, idle and absolute expiry on the test clock,
 * narrowing), /oauth/revoke, /userinfo, the restricted endpoints, strict vs permissive vs first-party,
 * client deletion, tenant isolation and malformed input. Codes are inserted as /authorize stores them
 * (FlowStateRepository), so these tests do not depend on the login pages.
 */

const CB = 'https://app.example.com/callback';
const API = 'https://orders.example.com/';
const PASSWORD = 'Correct-Horse-Battery-9';
const TOKEN = '/oauth/token';
const REVOKE = '/oauth/revoke';
const formHeaders = { 'content-type': 'application/x-www-form-urlencoded' };

const verifier = () => randomBytes(32).toString('base64url');
const challengeOf = (v: string) => createHash('sha256').update(v).digest('base64url');

interface App {
  clientId: string;
  clientSecret?: string;
}

function expectError(res: LightMyRequestResponse, status: number, error: string, description?: string | RegExp) {
  expect({ status: res.statusCode, body: res.json() }).toEqual({
    status,
    body: {
      error,
      error_description:
        description === undefined
          ? expect.any(String)
          : typeof description === 'string'
            ? expect.stringContaining(description)
            : expect.stringMatching(description),
    },
  });
  expect(res.headers['cache-control']).toBe('no-store');
}

describe('the user flows at the token endpoint', () => {
  // Permissive clients exist only from before April 2026: the app starts then, and the clock moves on.
  const app = useTestApp({ now: new Date('2026-03-01T00:00:00Z') });
  const { t } = app;
  let token: string;
  let flows: FlowStateRepository;
  const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown, tenant?: TenantHandle, bearer = token) =>
    t.inject({
      method,
      url,
      host: tenant?.host,
      headers: { authorization: `Bearer ${bearer}` },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  const created = async (url: string, payload: unknown, tenant?: TenantHandle, bearer?: string) => {
    const res = await call('POST', url, payload, tenant, bearer);
    if (res.statusCode !== 201 && res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
    return res.json();
  };
  const appOf = (c: { client_id: string; client_secret?: string }): App => ({ clientId: c.client_id, clientSecret: c.client_secret });

  let strict: App;
  let strictPublic: App;
  let strictNoRefresh: App;
  let permissive: App;
  let firstParty: App;
  let alice: string;
  let acme: TenantHandle;

  beforeAll(async () => {
    token = await t.token();
    flows = t.app.get(FlowStateRepository);
    permissive = appOf(
      await created('/api/v2/clients', { name: 'Permissive', is_first_party: false, callbacks: [CB], grant_types: ['authorization_code', 'refresh_token'] }),
    );
    t.clock.set(new Date('2026-12-01T00:00:00Z'));
    token = await t.token();
    await created('/api/v2/resource-servers', {
      identifier: API,
      name: 'Orders',
      allow_offline_access: true,
      token_lifetime: 600,
      scopes: [{ value: 'read:orders' }, { value: 'write:orders' }],
    });
    strict = appOf(
      await created('/api/v2/clients', {
        name: 'Strict',
        is_first_party: false,
        third_party_security_mode: 'strict',
        callbacks: [CB],
        grant_types: ['authorization_code', 'refresh_token'],
        token_endpoint_auth_method: 'client_secret_post',
        refresh_token: {
          rotation_type: 'rotating',
          expiration_type: 'expiring',
          leeway: 10,
          token_lifetime: 7200,
          infinite_token_lifetime: false,
          idle_token_lifetime: 3600,
          infinite_idle_token_lifetime: false,
        },
      }),
    );
    // A public application: it authenticates with its client_id only (whatever secret Auth0's shape returns).
    strictPublic = {
      clientId: (
        await created('/api/v2/clients', {
          name: 'Strict SPA',
          is_first_party: false,
          third_party_security_mode: 'strict',
          app_type: 'spa',
          token_endpoint_auth_method: 'none',
          callbacks: [CB],
          grant_types: ['authorization_code', 'refresh_token'],
        })
      ).client_id,
    };
    strictNoRefresh = appOf(
      await created('/api/v2/clients', { name: 'Strict code only', is_first_party: false, third_party_security_mode: 'strict', callbacks: [CB] }),
    );
    firstParty = appOf(
      await created('/api/v2/clients', {
        name: 'First Party',
        callbacks: [CB],
        grant_types: ['authorization_code', 'refresh_token'],
        refresh_token: {
          rotation_type: 'non-rotating',
          expiration_type: 'expiring',
          token_lifetime: 7200,
          infinite_token_lifetime: false,
          idle_token_lifetime: 600,
          infinite_idle_token_lifetime: false,
        },
      }),
    );
    for (const c of [strict, strictPublic, strictNoRefresh])
      await created('/api/v2/client-grants', { client_id: c.clientId, audience: API, scope: ['read:orders', 'write:orders'], subject_type: 'user' });
    await created('/api/v2/connections', { name: 'domain-db', strategy: 'auth0', is_domain_connection: true });
    alice = (await created('/api/v2/users', { connection: 'domain-db', email: 'alice@example.com', password: PASSWORD, name: 'Alice', nickname: 'ali' }))
      .user_id;
    acme = await t.createTenant('acme.localhost:3000');
  });

  /** A code as /authorize stores it after login and consent (and the consent, for third-party apps). */
  async function issueCode(client: App, over: Partial<AuthorizationCodeRow> = {}, tenant: TenantHandle = t.main): Promise<{ code: string; verifier: string }> {
    const code = newSecret();
    const v = verifier();
    const now = t.clock.now();
    const row: AuthorizationCodeRow = {
      code_hash: hashSecret(code),
      tenant_id: tenant.tenant.id,
      client_id: client.clientId,
      user_id: alice,
      redirect_uri: CB,
      audience: API,
      scope: 'read:orders offline_access',
      nonce: null,
      code_challenge: challengeOf(v),
      code_challenge_method: 'S256',
      auth_time: now.toISOString(),
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + 60_000).toISOString(),
      consumed_at: null,
      ...over,
    };
    await flows.insertCode(row);
    if (client !== firstParty && tenant === t.main) {
      await t.app.get(UserGrantsRepository).grant({
        tenantId: tenant.tenant.id,
        userId: row.user_id,
        clientId: client.clientId,
        audience: row.audience ?? `${tenant.tenant.issuer}userinfo`,
        scopes: row.scope.split(' '),
        at: now.toISOString(),
      });
    }
    return { code, verifier: v };
  }

  const credentialsOf = (c: App) => ({ client_id: c.clientId, ...(c.clientSecret ? { client_secret: c.clientSecret } : {}) });
  const post = (url: string, fields: Record<string, string>, opts: { host?: string; authorization?: string } = {}) =>
    t.inject({
      method: 'POST',
      url,
      host: opts.host,
      headers: { ...formHeaders, ...(opts.authorization ? { authorization: opts.authorization } : {}) },
      payload: new URLSearchParams(fields).toString(),
    });
  const exchange = (c: App, code: string, v: string | undefined, extra: Record<string, string> = {}) =>
    post(TOKEN, { grant_type: 'authorization_code', ...credentialsOf(c), code, redirect_uri: CB, ...(v === undefined ? {} : { code_verifier: v }), ...extra });
  const refresh = (c: App, refreshToken: string, extra: Record<string, string> = {}) =>
    post(TOKEN, { grant_type: 'refresh_token', ...credentialsOf(c), refresh_token: refreshToken, ...extra });
  const jwks = async () => createLocalJWKSet((await t.inject({ method: 'GET', url: '/.well-known/jwks.json' })).json());
  const later = (ms: number) => t.clock.set(new Date(t.clock.nowMs() + ms));

  async function codeTokens(c: App, over: Partial<AuthorizationCodeRow> = {}) {
    const { code, verifier: v } = await issueCode(c, over);
    const res = await exchange(c, code, over.code_challenge === null ? undefined : v);
    expect({ status: res.statusCode, body: res.statusCode === 200 ? 'ok' : res.body }).toEqual({ status: 200, body: 'ok' });
    return res.json() as { access_token: string; refresh_token?: string; id_token?: string; scope?: string; expires_in: number; token_type: string };
  }

  describe('authorization_code', () => {
    it('a strict confidential application gets a user access token for the API and a refresh token, no ID token', async () => {
      const body = await codeTokens(strict);
      expect(body).toEqual({
        access_token: expect.any(String),
        refresh_token: expect.any(String),
        token_type: 'Bearer',
        expires_in: 600,
        scope: 'read:orders offline_access',
      });
      const { payload } = await jwtVerify(body.access_token, await jwks(), { issuer: t.main.tenant.issuer, audience: API, currentDate: t.clock.now() });
      expect(payload).toMatchObject({ sub: alice, aud: API, azp: strict.clientId, scope: 'read:orders offline_access' });
      expect(payload.exp! - payload.iat!).toBe(600);
      expect(payload).not.toHaveProperty('gty');
    });

    it('a strict public application authenticates with client_id only (none) and PKCE; HTTP Basic works for confidential ones', async () => {
      expect((await codeTokens(strictPublic)).refresh_token).toEqual(expect.any(String));
      const { code, verifier: v } = await issueCode(strict);
      const basic = `Basic ${Buffer.from(`${encodeURIComponent(strict.clientId)}:${encodeURIComponent(strict.clientSecret!)}`).toString('base64')}`;
      const res = await post(TOKEN, { grant_type: 'authorization_code', code, redirect_uri: CB, code_verifier: v }, { authorization: basic });
      expect(res.statusCode).toBe(200);
    });

    it('client authentication is as the application registered (invalid_client, never telling which part was wrong)', async () => {
      const { code, verifier: v } = await issueCode(strict);
      expectError(await exchange({ clientId: strict.clientId, clientSecret: 'wrong' }, code, v), 401, 'invalid_client', 'Unauthorized');
      expectError(await exchange({ clientId: 'tpc_unknownclient000000000' }, code, v), 401, 'invalid_client', 'Unauthorized');
      expectError(await exchange({ clientId: strict.clientId }, code, v), 401, 'invalid_client', 'token_endpoint_auth_method is client_secret_post');
      expectError(await exchange({ clientId: strictPublic.clientId, clientSecret: 'anything' }, code, v), 401, 'invalid_client', 'public');
      // None of these used the code.
      expect((await exchange(strict, code, v)).statusCode).toBe(200);
    });

    it('the code is bound to the client, the exact redirect_uri and the PKCE verifier', async () => {
      const { code, verifier: v } = await issueCode(strict);
      expectError(await exchange(strictPublic, code, v), 400, 'invalid_grant', 'Invalid authorization code');
      expectError(await exchange(strict, code, v, { redirect_uri: `${CB}/other` }), 400, 'invalid_grant', 'redirect_uri does not match');
      expectError(
        await post(TOKEN, { grant_type: 'authorization_code', ...credentialsOf(strict), code, code_verifier: v }),
        400,
        'invalid_request',
        'redirect_uri',
      );
      expectError(await exchange(strict, code, undefined), 400, 'invalid_request', 'code_verifier');
      expectError(await exchange(strict, code, verifier()), 400, 'invalid_grant', 'Failed to verify code verifier');
      expectError(await exchange(strict, code, 'short'), 400, 'invalid_grant', 'Failed to verify code verifier');
      expect((await exchange(strict, code, v)).statusCode).toBe(200);
    });

    it('plain PKCE (permissive applications) verifies; a verifier for a code issued without a challenge is refused (OAuth 2.1 downgrade protection)', async () => {
      const v = verifier();
      const plain = await issueCode(permissive, { code_challenge: v, code_challenge_method: 'plain' });
      expect((await exchange(permissive, plain.code, v)).statusCode).toBe(200);
      const none = await issueCode(permissive, { code_challenge: null, code_challenge_method: null });
      expectError(await exchange(permissive, none.code, verifier()), 400, 'invalid_grant', 'no code_challenge');
      expect((await exchange(permissive, none.code, undefined)).statusCode).toBe(200);
    });

    it('a code is used once: a second exchange is invalid_grant and revokes the refresh tokens issued from it', async () => {
      const { code, verifier: v } = await issueCode(strict);
      const first = await exchange(strict, code, v);
      expect(first.statusCode).toBe(200);
      expectError(await exchange(strict, code, v), 400, 'invalid_grant', 'already been used');
      expectError(await refresh(strict, first.json().refresh_token), 400, 'invalid_grant', 'revoked');
    });

    it('racing exchanges of one code: one wins, and the loser revokes what the winner got', async () => {
      const { code, verifier: v } = await issueCode(strictPublic);
      const results = await Promise.all(Array.from({ length: 4 }, () => exchange(strictPublic, code, v)));
      expect(results.map((r) => r.statusCode).sort()).toEqual([200, 400, 400, 400]);
      const winner = results.find((r) => r.statusCode === 200)!;
      expect((await refresh(strictPublic, winner.json().refresh_token)).statusCode).toBe(400);
    });

    it('an expired code is invalid_grant (a minute, on the test clock)', async () => {
      const { code, verifier: v } = await issueCode(strict);
      later(61_000);
      expectError(await exchange(strict, code, v), 400, 'invalid_grant', 'expired');
    });

    it('the application must have the grant type (unauthorized_client), and no refresh token without the refresh_token grant', async () => {
      const res = await codeTokens(strictNoRefresh);
      expect(res).not.toHaveProperty('refresh_token');
      expect(res.scope).toBe('read:orders');
      expectError(await refresh(strictNoRefresh, 'whatever'), 403, 'unauthorized_client', "Grant type 'refresh_token' not allowed for the client.");
    });

    it('the access decision is asked again: a client grant removed since /authorize makes the code useless', async () => {
      const extra = appOf(
        await created('/api/v2/clients', {
          name: 'Strict temp',
          is_first_party: false,
          third_party_security_mode: 'strict',
          callbacks: [CB],
          grant_types: ['authorization_code', 'refresh_token'],
        }),
      );
      const grant = await created('/api/v2/client-grants', { client_id: extra.clientId, audience: API, scope: ['read:orders'], subject_type: 'user' });
      const ok = await codeTokens(extra);
      const { code, verifier: v } = await issueCode(extra);
      expect((await call('DELETE', `/api/v2/client-grants/${grant.id}`)).statusCode).toBe(204);
      expectError(await exchange(extra, code, v), 400, 'invalid_grant', 'explicit client grant');
      expectError(await refresh(extra, ok.refresh_token!), 400, 'invalid_grant', 'explicit client grant');
    });

    it('API scopes are the decision now ∩ what was granted (a narrowed client grant narrows the token)', async () => {
      const body = await codeTokens(strict, { scope: 'read:orders write:orders offline_access' });
      expect(body.scope).toBe('read:orders write:orders offline_access');
    });

    it('no refresh token while the API does not allow offline access', async () => {
      const other = 'https://no-offline.example.com/';
      await created('/api/v2/resource-servers', { identifier: other, name: 'No offline', scopes: [{ value: 'read:x' }] });
      const body = await codeTokens(firstParty, { audience: other, scope: 'read:x offline_access' });
      expect(body).not.toHaveProperty('refresh_token');
      expect(body.scope).toBe('read:x');
    });
  });

  describe('ID tokens and /userinfo by kind of application', () => {
    it.each([
      ['permissive', () => permissive],
      ['first-party', () => firstParty],
    ])('%s: openid gives an ID token (nonce, at_hash, auth_time, azp) and an access token for /userinfo too', async (_kind, client) => {
      const c = client();
      const authTime = new Date(t.clock.nowMs() - 5000);
      const body = await codeTokens(c, { scope: 'openid profile email read:orders offline_access', nonce: 'n-0S6_WzA2Mj', auth_time: authTime.toISOString() });
      const keys = await jwks();
      const userinfoAud = `${t.main.tenant.issuer}userinfo`;
      const { payload: at } = await jwtVerify(body.access_token, keys, { issuer: t.main.tenant.issuer, audience: API, currentDate: t.clock.now() });
      expect(at.aud).toEqual([API, userinfoAud]);
      expect(at.scope).toBe('openid profile email read:orders offline_access');
      const { payload: id } = await jwtVerify(body.id_token!, keys, { issuer: t.main.tenant.issuer, audience: c.clientId, currentDate: t.clock.now() });
      const digest = createHash('sha256').update(body.access_token).digest();
      expect(id).toMatchObject({
        sub: alice,
        aud: c.clientId,
        azp: c.clientId,
        nonce: 'n-0S6_WzA2Mj',
        auth_time: Math.floor(authTime.getTime() / 1000),
        at_hash: digest.subarray(0, 16).toString('base64url'),
        email: 'alice@example.com',
        email_verified: false,
        name: 'Alice',
        nickname: 'ali',
      });
      const info = await t.inject({ method: 'GET', url: '/userinfo', headers: { authorization: `Bearer ${body.access_token}` } });
      expect(info.statusCode).toBe(200);
      expect(info.json()).toMatchObject({ sub: alice, email: 'alice@example.com', name: 'Alice', nickname: 'ali' });
      // A refresh gives a new ID token too.
      const refreshed = await refresh(c, body.refresh_token!);
      expect(refreshed.statusCode).toBe(200);
      expect(decodeJwt(refreshed.json().id_token)).toMatchObject({ sub: alice, aud: c.clientId });
    });

    it('openid alone (no API): the access token is for /userinfo only', async () => {
      const body = await codeTokens(permissive, { audience: null, scope: 'openid email' });
      expect(decodeJwt(body.access_token).aud).toBe(`${t.main.tenant.issuer}userinfo`);
      expect(body.expires_in).toBe(86400);
      const info = await t.inject({ method: 'GET', url: '/userinfo', headers: { authorization: `Bearer ${body.access_token}` } });
      expect(info.json()).toEqual({ sub: alice, email: 'alice@example.com', email_verified: false });
    });

    it('strict: never an ID token, and /userinfo refuses naming the restriction', async () => {
      // Even a code that (wrongly) carried OIDC scopes yields none: the flow rules decide.
      const body = await codeTokens(strict, { scope: 'openid profile read:orders' });
      expect(body).not.toHaveProperty('id_token');
      expect(body.scope).toBe('read:orders');
      expect(decodeJwt(body.access_token).aud).toBe(API);
      const info = await t.inject({ method: 'GET', url: '/userinfo', headers: { authorization: `Bearer ${body.access_token}` } });
      expectError(info, 403, 'unauthorized_client', '/userinfo endpoint is not supported for third-party applications in strict mode');
      // RFC 6750 §3: the refusal of a bearer token carries its challenge, naming the error and why.
      expect(info.headers['www-authenticate']).toBe(
        'Bearer error="unauthorized_client", error_description="The /userinfo endpoint is not supported for third-party applications in strict mode"',
      );
    });

    it('/userinfo refuses what is not a valid token for it (invalid_token, with a Bearer challenge)', async () => {
      const missing = await t.inject({ method: 'GET', url: '/userinfo' });
      expect(missing.statusCode).toBe(400);
      expect(missing.json().error).toBe('invalid_request');
      for (const bearer of ['not-a-jwt', `${await t.token()}`]) {
        const res = await t.inject({ method: 'GET', url: '/userinfo', headers: { authorization: `Bearer ${bearer}` } });
        expect(res.statusCode).toBe(401);
        expect(res.json().error).toBe('invalid_token');
        expect(String(res.headers['www-authenticate'])).toMatch(/^Bearer error="invalid_token"/);
      }
      const body = await codeTokens(firstParty, { scope: 'openid read:orders' });
      later(601_000);
      const expired = await t.inject({ method: 'GET', url: '/userinfo', headers: { authorization: `Bearer ${body.access_token}` } });
      expect(expired.statusCode).toBe(401);
    });
  });

  describe('refresh_token', () => {
    it('rotation: each exchange returns a new token of the family; reuse within the leeway is tolerated, after it the family is revoked', async () => {
      const first = await codeTokens(strict);
      const r1 = await refresh(strict, first.refresh_token!);
      expect(r1.statusCode).toBe(200);
      const second = r1.json().refresh_token as string;
      expect(second).toEqual(expect.any(String));
      expect(second).not.toBe(first.refresh_token);
      expect(r1.json()).not.toHaveProperty('id_token');
      // Within the leeway (10 s): the old token works once more (a lost response), giving another child.
      later(5_000);
      const again = await refresh(strict, first.refresh_token!);
      expect(again.statusCode).toBe(200);
      // After it: reuse detection revokes the whole family, the newest tokens included.
      later(6_000);
      expectError(await refresh(strict, first.refresh_token!), 400, 'invalid_grant', 'reuse detected');
      expectError(await refresh(strict, second), 400, 'invalid_grant', 'revoked');
      expectError(await refresh(strict, again.json().refresh_token), 400, 'invalid_grant', 'revoked');
    });

    it('strict public applications rotate by default (OAuth 2.1); racing refreshes of one token do not both win outside the leeway', async () => {
      const first = await codeTokens(strictPublic);
      const results = await Promise.all([refresh(strictPublic, first.refresh_token!), refresh(strictPublic, first.refresh_token!)]);
      // Leeway 0: the loser either lands in the same second (tolerated) or is reuse; never a 5xx.
      expect(results.every((r) => r.statusCode === 200 || r.statusCode === 400)).toBe(true);
      expect(results.some((r) => r.statusCode === 200)).toBe(true);
    });

    it('non-rotating: no new refresh token, the same one keeps working, and the idle lifetime restarts at each use', async () => {
      const first = await codeTokens(firstParty);
      for (let i = 0; i < 3; i++) {
        later(500_000);
        const res = await refresh(firstParty, first.refresh_token!);
        expect(res.statusCode).toBe(200);
        expect(res.json()).not.toHaveProperty('refresh_token');
      }
      later(601_000);
      expectError(await refresh(firstParty, first.refresh_token!), 400, 'invalid_grant', 'idle lifetime');
    });

    it('absolute lifetime: the family ends token_lifetime after the grant, however it is used', async () => {
      let current = (await codeTokens(strict)).refresh_token!;
      for (let i = 0; i < 3; i++) {
        later(2_000_000);
        const res = await refresh(strict, current);
        expect(res.statusCode).toBe(200);
        current = res.json().refresh_token;
      }
      later(1_300_000);
      expectError(await refresh(strict, current), 400, 'invalid_grant', 'absolute lifetime');
    });

    it('scope may narrow, never widen', async () => {
      const first = await codeTokens(strict, { scope: 'read:orders write:orders offline_access' });
      const narrowed = await refresh(strict, first.refresh_token!, { scope: 'read:orders' });
      expect(narrowed.statusCode).toBe(200);
      expect(narrowed.json().scope).toBe('read:orders');
      expect(decodeJwt(narrowed.json().access_token).scope).toBe('read:orders');
      // The family keeps what was granted, offline_access included (Auth0's refresh answer names it).
      const full = await refresh(strict, narrowed.json().refresh_token);
      expect(full.json().scope).toBe('read:orders write:orders offline_access');
      expectError(await refresh(strict, full.json().refresh_token, { scope: 'read:orders delete:orders' }), 400, 'invalid_scope', 'delete:orders');
    });

    it('a refresh token is bound to its application, its tenant and its user', async () => {
      const first = await codeTokens(strict);
      expectError(await refresh(strictPublic, first.refresh_token!), 400, 'invalid_grant', 'Unknown or invalid refresh token.');
      expectError(await refresh(strict, 'not-a-token'), 400, 'invalid_grant', 'Unknown or invalid refresh token.');
      const acmeAdmin = await t.token(acme);
      const acmeClient = appOf(
        await created('/api/v2/clients', { name: 'Acme', callbacks: [CB], grant_types: ['authorization_code', 'refresh_token'] }, acme, acmeAdmin),
      );
      const res = await t.inject({
        method: 'POST',
        url: TOKEN,
        host: acme.host,
        headers: formHeaders,
        payload: new URLSearchParams({ grant_type: 'refresh_token', ...credentialsOf(acmeClient), refresh_token: first.refresh_token! }).toString(),
      });
      expectError(res, 400, 'invalid_grant', 'Unknown or invalid refresh token.');
      // A blocked user's tokens stop working.
      const bob = (await created('/api/v2/users', { connection: 'domain-db', email: 'bob@example.com', password: PASSWORD })).user_id;
      const bobs = await codeTokens(firstParty, { user_id: bob });
      expect((await call('PATCH', `/api/v2/users/${encodeURIComponent(bob)}`, { blocked: true })).statusCode).toBe(200);
      expectError(await refresh(firstParty, bobs.refresh_token!), 400, 'invalid_grant', 'user is blocked');
    });

    it('a third-party application loses its refresh tokens when the user withdraws consent (DELETE /api/v2/grants)', async () => {
      const first = await codeTokens(strict);
      const grants = (await call('GET', `/api/v2/grants?user_id=${encodeURIComponent(alice)}&client_id=${strict.clientId}`)).json() as { id: string }[];
      for (const g of grants) expect((await call('DELETE', `/api/v2/grants/${g.id}`)).statusCode).toBe(204);
      expectError(await refresh(strict, first.refresh_token!), 400, 'invalid_grant', 'consent');
    });
  });

  describe('POST /oauth/revoke', () => {
    it('revokes the family (200, empty body); unknown tokens are 200 too; another application’s token is refused and stays valid', async () => {
      const first = await codeTokens(strict);
      const rotated = (await refresh(strict, first.refresh_token!)).json().refresh_token as string;
      const other = await codeTokens(strictPublic);
      expectError(await post(REVOKE, { ...credentialsOf(strict), token: other.refresh_token! }), 400, 'invalid_grant', 'another application');
      expect((await refresh(strictPublic, other.refresh_token!)).statusCode).toBe(200);

      const res = await post(REVOKE, { ...credentialsOf(strict), token: first.refresh_token!, token_type_hint: 'refresh_token' });
      expect(res.statusCode).toBe(200);
      expect(res.body).toBe('');
      expectError(await refresh(strict, rotated), 400, 'invalid_grant', 'revoked');
      for (const tokenValue of [first.refresh_token!, 'unknown-token', 'x'.repeat(5000)]) {
        expect((await post(REVOKE, { ...credentialsOf(strict), token: tokenValue })).statusCode).toBe(200);
      }
    });

    it('public applications revoke with client_id only; client authentication and token are required', async () => {
      const body = await codeTokens(strictPublic);
      expect((await post(REVOKE, { client_id: strictPublic.clientId, token: body.refresh_token! })).statusCode).toBe(200);
      expectError(await refresh(strictPublic, body.refresh_token!), 400, 'invalid_grant');
      expectError(await post(REVOKE, { client_id: strict.clientId, client_secret: 'wrong', token: 'x' }), 401, 'invalid_client');
      expectError(await post(REVOKE, { token: 'x' }), 400, 'invalid_request', 'client_id');
      expectError(await post(REVOKE, credentialsOf(strict)), 400, 'invalid_request', 'token');
    });
  });

  describe('the tenant log', () => {
    it('records seacft / feacft, sertft / fertft and srrt, with the user, and never a code, token or secret', async () => {
      const { code, verifier: v } = await issueCode(strict);
      const used = await exchange(strict, code, v);
      await exchange(strict, code, v);
      const second = await issueCode(strict);
      const ok = await exchange(strict, second.code, second.verifier);
      const r = await refresh(strict, ok.json().refresh_token);
      expect([used.statusCode, ok.statusCode, r.statusCode]).toEqual([200, 200, 200]);
      await refresh(strict, 'bogus-refresh-token');
      await post(REVOKE, { ...credentialsOf(strict), token: r.json().refresh_token });
      await t.app.get(LogWriter).flush();
      const logs = (await call('GET', '/api/v2/logs?per_page=100')).json() as { type: string; client_id?: string; user_id?: string; description?: string }[];
      for (const type of ['seacft', 'feacft', 'sertft', 'fertft', 'srrt'])
        expect({ type, found: logs.some((l) => l.type === type && l.client_id === strict.clientId) }).toEqual({ type, found: true });
      expect(logs.find((l) => l.type === 'seacft')).toMatchObject({ user_id: alice });
      expect(logs.find((l) => l.type === 'feacft')).toMatchObject({ description: expect.stringContaining('already been used') });
      const text = JSON.stringify(logs);
      const secrets = {
        code,
        verifier: v,
        code2: second.code,
        used: used.json().refresh_token,
        refresh: ok.json().refresh_token,
        access: ok.json().access_token,
        rotated: r.json().refresh_token,
        bogus: 'bogus-refresh-token',
        clientSecret: strict.clientSecret!,
      };
      expect(
        Object.entries(secrets)
          .filter(([, secret]) => text.includes(secret))
          .map(([name]) => name),
      ).toEqual([]);
    });
  });

  describe('restricted Authentication API endpoints', () => {
    it.each([
      ['GET', '/v2/logout', 'Logout endpoints are not supported for third-party applications in strict mode; use POST /oauth/revoke'],
      ['POST', '/oidc/logout', 'Logout endpoints are not supported'],
      ['POST', '/oauth/ro', 'The legacy /oauth/ro endpoint is not supported'],
      ['POST', '/delegation', 'The legacy /delegation endpoint'],
      ['POST', '/dbconnections/signup', '(/dbconnections/*) are not supported'],
      ['POST', '/passwordless/start', '(/passwordless/*) are not supported'],
      ['POST', '/oauth/device/code', 'The device authorization flow is not supported'],
      ['POST', '/oauth/par', 'Pushed authorization requests (PAR) are not supported'],
      ['POST', '/bc-authorize', 'backchannel authentication (CIBA) is not supported'],
    ] as const)('%s %s: a strict application is refused naming the restriction; others learn it is not emulated', async (method, url, description) => {
      const ask = (clientId?: string) =>
        method === 'GET'
          ? t.inject({ method, url: `${url}${clientId ? `?client_id=${clientId}` : ''}` })
          : t.inject({ method, url, headers: formHeaders, payload: new URLSearchParams(clientId ? { client_id: clientId } : {}).toString() });
      expectError(await ask(strict.clientId), 403, 'unauthorized_client', description);
      for (const other of [permissive.clientId, firstParty.clientId, undefined, 'unknown-client']) {
        expectError(await ask(other), 400, 'invalid_request', `${url} is not emulated by Gatehouse`);
      }
    });

    it('SAML and WS-Fed take the application from the path', async () => {
      expectError(await t.inject({ method: 'GET', url: `/samlp/${strict.clientId}` }), 403, 'unauthorized_client', 'SAML is not supported');
      expectError(
        await t.inject({ method: 'POST', url: `/wsfed/${strict.clientId}`, payload: {} }),
        403,
        'unauthorized_client',
        'WS-Federation is not supported',
      );
      expectError(await t.inject({ method: 'GET', url: `/samlp/${permissive.clientId}` }), 400, 'invalid_request', 'not emulated');
    });
  });

  describe('deleting', () => {
    it('an application: its refresh tokens and codes go at once (the cascade)', async () => {
      const temp = appOf(await created('/api/v2/clients', { name: 'Temp', callbacks: [CB], grant_types: ['authorization_code', 'refresh_token'] }));
      const body = await codeTokens(temp);
      const pending = await issueCode(temp);
      expect((await call('DELETE', `/api/v2/clients/${temp.clientId}`)).statusCode).toBe(204);
      expect(await flows.findRefreshToken(t.main.tenant.id, hashSecret(body.refresh_token!))).toBeNull();
      expect(await flows.findCode(t.main.tenant.id, hashSecret(pending.code))).toBeNull();
      expectError(await refresh(temp, body.refresh_token!), 401, 'invalid_client');
    });

    it('a user: their refresh tokens are revoked and their login sessions end at once (the cascade); others keep theirs', async () => {
      const carol = (await created('/api/v2/users', { connection: 'domain-db', email: 'carol@example.com', password: PASSWORD })).user_id;
      const dave = (await created('/api/v2/users', { connection: 'domain-db', email: 'dave@example.com', password: PASSWORD })).user_id;
      const [carols, daves] = [await codeTokens(firstParty, { user_id: carol }), await codeTokens(firstParty, { user_id: dave })];
      const now = t.clock.now();
      const session = (user_id: string) => ({
        id_hash: hashSecret(newSecret()),
        tenant_id: t.main.tenant.id,
        user_id,
        auth_time: now.toISOString(),
        created_at: now.toISOString(),
        expires_at: new Date(now.getTime() + 3_600_000).toISOString(),
      });
      const [carolSession, daveSession] = [session(carol), session(dave)];
      for (const s of [carolSession, daveSession]) await flows.createSession(s);
      expect((await call('DELETE', `/api/v2/users/${encodeURIComponent(carol)}`)).statusCode).toBe(204);
      const revokedAt = (await flows.findRefreshToken(t.main.tenant.id, hashSecret(carols.refresh_token!)))?.revoked_at;
      expect(Date.parse(String(revokedAt))).toBeGreaterThanOrEqual(now.getTime());
      expect(await flows.findSession(t.main.tenant.id, carolSession.id_hash)).toBeNull();
      expectError(await refresh(firstParty, carols.refresh_token!), 400, 'invalid_grant');
      expect((await flows.findRefreshToken(t.main.tenant.id, hashSecret(daves.refresh_token!)))?.revoked_at).toBeNull();
      expect(await flows.findSession(t.main.tenant.id, daveSession.id_hash)).toEqual(daveSession);
      expect((await refresh(firstParty, daves.refresh_token!)).statusCode).toBe(200);
    });
  });

  describe('end to end through /authorize, the login and consent pages', () => {
    const formOf = (res: LightMyRequestResponse) => {
      const value = (name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(res.body)?.[1];
      const action = /<form method="post" action="([^"]+)"/.exec(res.body)?.[1];
      if (!value('transaction') || !value('csrf') || !action) throw new Error(`no form in: ${res.statusCode} ${res.body.slice(0, 300)}`);
      return { transaction: value('transaction')!, csrf: value('csrf')!, action };
    };
    const submit = (res: LightMyRequestResponse, fields: Record<string, string>) => {
      const f = formOf(res);
      const tx = res.cookies.find((c) => c.name === 'gh_tx')!.value;
      return t.inject({
        method: 'POST',
        url: f.action,
        headers: formHeaders,
        cookies: { gh_tx: tx },
        payload: new URLSearchParams({ transaction: f.transaction, csrf: f.csrf, ...fields }).toString(),
      });
    };
    /** GET /authorize, log in as alice, accept the consent page if one comes: the code from the redirect. */
    async function authorizeCode(client: string, params: Record<string, string>): Promise<string> {
      const page = await t.inject({
        method: 'GET',
        url: `/authorize?${new URLSearchParams({ client_id: client, redirect_uri: CB, response_type: 'code', state: 'st', ...params })}`,
      });
      expect(page.statusCode).toBe(200);
      let res = await submit(page, { email: 'alice@example.com', password: PASSWORD, connection: 'domain-db' });
      if (res.statusCode === 200) res = await submit(res, { decision: 'accept' });
      expect(res.statusCode).toBe(302);
      const url = new URL(String(res.headers.location));
      expect(url.searchParams.get('state')).toBe('st');
      return url.searchParams.get('code')!;
    }

    beforeAll(async () => {
      const connections = (await call('GET', '/api/v2/connections?name=domain-db')).json() as { id: string }[];
      const res = await call(
        'PATCH',
        `/api/v2/connections/${connections[0]!.id}/clients`,
        [strictPublic, firstParty].map((c) => ({ client_id: c.clientId, status: true })),
      );
      expect(res.statusCode).toBeLessThan(300);
    });

    it('a strict public application: PKCE code → tokens → rotation → revoke', async () => {
      const v = verifier();
      const code = await authorizeCode(strictPublic.clientId, {
        audience: API,
        scope: 'read:orders offline_access',
        code_challenge: challengeOf(v),
        code_challenge_method: 'S256',
      });
      const tokens = await exchange(strictPublic, code, v);
      expect(tokens.statusCode).toBe(200);
      expect(tokens.json()).toMatchObject({ token_type: 'Bearer', scope: 'read:orders offline_access', refresh_token: expect.any(String) });
      expect(tokens.json()).not.toHaveProperty('id_token');
      expect(decodeJwt(tokens.json().access_token)).toMatchObject({ sub: alice, aud: API, azp: strictPublic.clientId });
      expectError(await exchange(strictPublic, code, v), 400, 'invalid_grant', 'already been used');
      // The reuse revoked the family the code started.
      expectError(await refresh(strictPublic, tokens.json().refresh_token), 400, 'invalid_grant', 'revoked');

      const v2 = verifier();
      const code2 = await authorizeCode(strictPublic.clientId, {
        audience: API,
        scope: 'read:orders offline_access',
        code_challenge: challengeOf(v2),
        code_challenge_method: 'S256',
      });
      const second = (await exchange(strictPublic, code2, v2)).json();
      const rotated = await refresh(strictPublic, second.refresh_token);
      expect(rotated.statusCode).toBe(200);
      expect(rotated.json().refresh_token).not.toBe(second.refresh_token);
      expect((await post(REVOKE, { client_id: strictPublic.clientId, token: rotated.json().refresh_token })).statusCode).toBe(200);
      expectError(await refresh(strictPublic, rotated.json().refresh_token), 400, 'invalid_grant', 'revoked');
    });

    it('a first-party application: openid → ID token with the nonce, and /userinfo', async () => {
      const code = await authorizeCode(firstParty.clientId, { audience: API, scope: 'openid email read:orders', nonce: 'nonce-e2e' });
      const res = await exchange(firstParty, code, undefined);
      expect(res.statusCode).toBe(200);
      const { payload } = await jwtVerify(res.json().id_token, await jwks(), {
        issuer: t.main.tenant.issuer,
        audience: firstParty.clientId,
        currentDate: t.clock.now(),
      });
      expect(payload).toMatchObject({ sub: alice, nonce: 'nonce-e2e', email: 'alice@example.com', auth_time: expect.any(Number) });
      const info = await t.inject({ method: 'GET', url: '/userinfo', headers: { authorization: `Bearer ${res.json().access_token}` } });
      expect(info.json()).toMatchObject({ sub: alice, email: 'alice@example.com' });
    });
  });

  describe('tenant isolation', () => {
    it("another tenant's host knows neither the code nor the client", async () => {
      const { code, verifier: v } = await issueCode(strict);
      const res = await t.inject({
        method: 'POST',
        url: TOKEN,
        host: acme.host,
        headers: formHeaders,
        payload: new URLSearchParams({ grant_type: 'authorization_code', ...credentialsOf(strict), code, redirect_uri: CB, code_verifier: v }).toString(),
      });
      expectError(res, 401, 'invalid_client');
      expect((await exchange(strict, code, v)).statusCode).toBe(200);
    });
  });

  describe('malformed input never answers 5xx', () => {
    it.each([
      ['code as an array', { grant_type: 'authorization_code', code: ['a', 'b'], redirect_uri: CB }],
      ['code as a number', { grant_type: 'authorization_code', code: 42, redirect_uri: CB }],
      ['a huge code', { grant_type: 'authorization_code', code: 'x'.repeat(100_000), redirect_uri: CB }],
      ['redirect_uri as an object', { grant_type: 'authorization_code', code: 'abc', redirect_uri: { a: 1 } }],
      ['code_verifier as an array', { grant_type: 'authorization_code', code: 'abc', redirect_uri: CB, code_verifier: ['x'] }],
      ['refresh_token as an object', { grant_type: 'refresh_token', refresh_token: { a: 1 } }],
      ['scope as a number', { grant_type: 'refresh_token', refresh_token: 'abc', scope: 7 }],
      ['no code', { grant_type: 'authorization_code' }],
      ['no refresh_token', { grant_type: 'refresh_token' }],
    ])('%s → 4xx in the OAuth shape', async (_name, fields) => {
      const res = await t.inject({ method: 'POST', url: TOKEN, payload: { client_id: strict.clientId, client_secret: strict.clientSecret, ...fields } });
      expect(res.statusCode).toBeGreaterThanOrEqual(400);
      expect(res.statusCode).toBeLessThan(500);
      expect(res.json()).toEqual({ error: expect.stringMatching(/^(invalid_request|invalid_grant|invalid_scope)$/), error_description: expect.any(String) });
    });

    it('/oauth/revoke and /userinfo too', async () => {
      for (const payload of [{ client_id: strict.clientId, client_secret: strict.clientSecret, token: ['a'] }, { client_id: ['x'], token: 'a' }, []]) {
        const res = await t.inject({ method: 'POST', url: REVOKE, payload: payload as object });
        expect(res.statusCode).toBeGreaterThanOrEqual(400);
        expect(res.statusCode).toBeLessThan(500);
      }
      const res = await t.inject({ method: 'GET', url: '/userinfo', headers: { authorization: 'Bearer a.b.c' } });
      expect(res.statusCode).toBe(401);
    });
  });
});
