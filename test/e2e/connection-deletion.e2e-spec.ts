import { createHash, randomBytes } from 'crypto';
import type { LightMyRequestResponse } from 'fastify';
import { FlowStateRepository, hashSecret } from '@gatehouse/authorization';
import { useTestApp } from '@gatehouse/testing';

/**
 * DELETE /api/v2/connections/{id} deletes its users as DELETE /api/v2/users/{id} does (issue 11 §4, SPEC
 * §4.1): for each user, USER_DELETED runs in the connection's transaction, so their refresh tokens are
 * revoked, their login sessions end, their codes and pending authorizations go, at once. Another
 * connection's user keeps everything.
 */

const CB = 'https://app.example.com/callback';
const API = 'https://orders.example.com/';
const PASSWORD = 'Correct-Horse-Battery-9';

const verifier = () => randomBytes(32).toString('base64url');
const challengeOf = (v: string) => createHash('sha256').update(v).digest('base64url');

function formOf(res: LightMyRequestResponse): { transaction: string; csrf: string } {
  const value = (name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(res.body)?.[1];
  return { transaction: value('transaction')!, csrf: value('csrf')! };
}

describe('deleting a connection deletes its users with everything that hangs off them', () => {
  const app = useTestApp();
  const { t } = app;
  const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
    t.inject({ method, url, headers: { authorization: `Bearer ${app.token}` }, ...(payload === undefined ? {} : { payload: payload as object }) });
  const created = async (url: string, payload: unknown) => {
    const res = await call('POST', url, payload);
    if (res.statusCode !== 201 && res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
    return res.json();
  };
  const flows = () => t.app.get(FlowStateRepository);

  /** A user's state: a refresh token, an unused code, a session, and a pending authorization with the user attached. */
  async function stateOf(client: { client_id: string; client_secret: string }, strict: string, email: string, connection: string) {
    const v = verifier();
    const params = {
      client_id: client.client_id,
      redirect_uri: CB,
      response_type: 'code',
      audience: API,
      scope: 'read:orders offline_access',
      code_challenge: challengeOf(v),
      code_challenge_method: 'S256',
    };
    const page = await t.inject({ method: 'GET', url: `/authorize?${new URLSearchParams(params)}` });
    const tx = page.cookies.find((c) => c.name === 'gh_tx')!.value;
    const login = await t.inject({
      method: 'POST',
      url: '/u/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ ...formOf(page), email, password: PASSWORD, connection }).toString(),
      cookies: { gh_tx: tx },
    });
    expect(login.statusCode).toBe(302);
    const session = login.cookies.find((c) => c.name === 'gh_session')!.value;
    const code = new URL(String(login.headers.location)).searchParams.get('code')!;
    const exchanged = await t.inject({
      method: 'POST',
      url: '/oauth/token',
      payload: { grant_type: 'authorization_code', code, redirect_uri: CB, code_verifier: v, client_id: client.client_id, client_secret: client.client_secret },
    });
    expect(exchanged.statusCode).toBe(200);
    const refreshToken = exchanged.json().refresh_token as string;
    expect(refreshToken).toBeDefined();
    // A second authorization with the session: a code issued and never used.
    const again = await t.inject({ method: 'GET', url: `/authorize?${new URLSearchParams(params)}`, cookies: { gh_session: session } });
    const unusedCode = new URL(String(again.headers.location)).searchParams.get('code')!;
    // A strict application's consent page: a pending authorization the user is attached to.
    const strictParams = { ...params, client_id: strict, scope: 'read:orders' };
    const consent = await t.inject({ method: 'GET', url: `/authorize?${new URLSearchParams(strictParams)}`, cookies: { gh_session: session } });
    expect(consent.body).toContain('action="/u/consent"');
    const pending = formOf(consent);
    return { refreshToken, session, unusedCode, pending, pendingCookie: consent.cookies.find((c) => c.name === 'gh_tx')!.value };
  }

  it('the users of the connection lose their refresh tokens, sessions, codes and pending authorizations; others keep theirs', async () => {
    await created('/api/v2/resource-servers', { identifier: API, name: 'Orders', scopes: [{ value: 'read:orders' }], allow_offline_access: true });
    const client = await created('/api/v2/clients', { name: 'First', callbacks: [CB], grant_types: ['authorization_code', 'refresh_token'] });
    const strict = (await created('/api/v2/clients', { name: 'Strict', is_first_party: false, third_party_security_mode: 'strict', callbacks: [CB] }))
      .client_id as string;
    await created('/api/v2/client-grants', { client_id: strict, audience: API, scope: ['read:orders'], subject_type: 'user' });
    const doomed = await created('/api/v2/connections', { name: 'doomed-db', strategy: 'auth0', is_domain_connection: true });
    const kept = await created('/api/v2/connections', { name: 'kept-db', strategy: 'auth0', is_domain_connection: true });
    for (const c of [doomed.id, kept.id]) {
      expect((await call('PATCH', `/api/v2/connections/${c}/clients`, [{ client_id: client.client_id, status: true }])).statusCode).toBeLessThan(300);
    }
    const alice = (await created('/api/v2/users', { connection: 'doomed-db', email: 'alice@example.com', password: PASSWORD })).user_id as string;
    const bob = (await created('/api/v2/users', { connection: 'kept-db', email: 'bob@example.com', password: PASSWORD })).user_id as string;
    const a = await stateOf(client, strict, 'alice@example.com', 'doomed-db');
    const b = await stateOf(client, strict, 'bob@example.com', 'kept-db');

    const tenantId = t.main.tenant.id;
    const snapshot = async (s: typeof a) => ({
      refreshRevoked: (await flows().findRefreshToken(tenantId, hashSecret(s.refreshToken)))?.revoked_at !== null,
      session: (await flows().findSession(tenantId, hashSecret(s.session))) !== null,
      code: (await flows().findCode(tenantId, hashSecret(s.unusedCode))) !== null,
      pending: (await flows().findTransaction(tenantId, s.pending.transaction)) !== null,
    });
    expect(await snapshot(a)).toEqual({ refreshRevoked: false, session: true, code: true, pending: true });

    expect((await call('DELETE', `/api/v2/connections/${doomed.id}`)).statusCode).toBe(202);

    expect(await snapshot(a)).toEqual({ refreshRevoked: true, session: false, code: false, pending: false });
    expect(await snapshot(b)).toEqual({ refreshRevoked: false, session: true, code: true, pending: true });
    expect((await call('GET', `/api/v2/users/${encodeURIComponent(alice)}`)).statusCode).toBe(404);
    expect((await call('GET', `/api/v2/users/${encodeURIComponent(bob)}`)).statusCode).toBe(200);

    // Over HTTP: the refresh token is refused, the pending consent form is refused, bob's token still works.
    const refresh = (token: string) =>
      t.inject({
        method: 'POST',
        url: '/oauth/token',
        payload: { grant_type: 'refresh_token', refresh_token: token, client_id: client.client_id, client_secret: client.client_secret },
      });
    expect((await refresh(a.refreshToken)).json().error).toBe('invalid_grant');
    expect((await refresh(b.refreshToken)).statusCode).toBe(200);
    const consent = await t.inject({
      method: 'POST',
      url: '/u/consent',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ ...a.pending, decision: 'accept' }).toString(),
      cookies: { gh_tx: a.pendingCookie },
    });
    expect(consent.statusCode).toBe(403);
  });

  it('an unknown connection is still 404, and deleting a connection without users works', async () => {
    expect((await call('DELETE', '/api/v2/connections/con_0000000000000000')).statusCode).toBe(404);
    const empty = await created('/api/v2/connections', { name: 'empty-db', strategy: 'auth0' });
    expect((await call('DELETE', `/api/v2/connections/${empty.id}`)).statusCode).toBe(202);
    expect((await call('GET', `/api/v2/connections/${empty.id}`)).statusCode).toBe(404);
  });
});
