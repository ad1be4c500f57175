import { DataSource } from 'typeorm';
import { useTestApp } from '@gatehouse/testing';
import { UsersReader } from '@gatehouse/users';

/** /api/v2/users (issue 11 §5): database users in Auth0's shape, passwords hashed, errors, isolation. */
describe('users', () => {
  const app = useTestApp();
  const { t } = app;
  const call = app.api('/api/v2/users');
  const connections = app.api('/api/v2/connections');
  let db: string;
  let strictDb: string;
  beforeAll(async () => {
    db = (await connections('POST', '', { name: 'users-db', strategy: 'auth0' })).json().name;
    strictDb = (await connections('POST', '', { name: 'strict-db', strategy: 'auth0', options: { passwordPolicy: 'good', requires_username: true } })).json()
      .name;
  });

  it('POST creates an Auth0-shaped user (auth0|id, identities, defaults); the password is stored hashed and never returned', async () => {
    const res = await call('POST', '', {
      connection: db,
      email: 'Ada.Lovelace@Example.com',
      password: 'analytical engine 1843',
      user_metadata: { theme: 'dark' },
    });
    expect(res.statusCode).toBe(201);
    const user = res.json();
    const id = user.user_id.slice('auth0|'.length);
    expect(user).toEqual({
      user_id: expect.stringMatching(/^auth0\|[0-9a-f]{24}$/),
      email: 'ada.lovelace@example.com',
      email_verified: false,
      name: 'ada.lovelace@example.com',
      nickname: 'ada.lovelace',
      picture: expect.stringMatching(/^https:\/\/s\.gravatar\.com\/avatar\/[0-9a-f]{32}\?s=480&r=pg&d=https%3A%2F%2Fcdn\.auth0\.com%2Favatars%2Fad\.png$/),
      user_metadata: { theme: 'dark' },
      created_at: expect.any(String),
      updated_at: expect.any(String),
      identities: [{ connection: 'users-db', user_id: id, provider: 'auth0', isSocial: false }],
    });
    expect(res.body).not.toContain('analytical');
    expect((await call('GET', `/${encodeURIComponent(user.user_id)}`)).json()).toEqual(user);
    expect((await call('GET', `/${user.user_id}?fields=email,user_id`)).json()).toEqual({ email: user.email, user_id: user.user_id });
    const [row] = await t.app
      .get(DataSource)
      .query('SELECT password_hash FROM users WHERE user_id = $1', [user.user_id])
      .catch(() => t.app.get(DataSource).query('SELECT password_hash FROM users WHERE user_id = ?', [user.user_id]));
    expect(row.password_hash).toMatch(/^scrypt\$\d+\$\d+\$\d+\$/);
    expect(row.password_hash).not.toContain('analytical');
  });

  it('UsersReader.authenticate (for the login page) checks email and password against the stored hash', async () => {
    const user = (await call('POST', '', { connection: db, email: 'Login@Example.com', password: 'right password' })).json();
    const reader = t.app.get(UsersReader);
    expect((await reader.authenticate(t.main.tenant.id, db, 'login@example.com', 'right password'))?.userId).toBe(user.user_id);
    expect((await reader.authenticate(t.main.tenant.id, db, 'LOGIN@example.com', 'right password'))?.userId).toBe(user.user_id);
    expect(await reader.authenticate(t.main.tenant.id, db, 'login@example.com', 'wrong password')).toBeUndefined();
    expect(await reader.authenticate(t.main.tenant.id, 'nope', 'login@example.com', 'right password')).toBeUndefined();
    const b = await t.createTenant('users-reader-b.localhost:3000');
    expect(await reader.authenticate(b.tenant.id, db, 'login@example.com', 'right password')).toBeUndefined();
  });

  it('a password never reaches the tenant log: the logged request body has it redacted', async () => {
    await call('POST', '', { connection: db, email: 'logged@example.com', password: 'do-not-log-me-1' });
    const logs = app.api('/api/v2/logs');
    let text = '';
    for (let i = 0; i < 50 && !text.includes('logged@example.com'); i++) {
      text = (await logs('GET', '?per_page=100')).body;
      if (!text.includes('logged@example.com')) await new Promise((r) => setTimeout(r, 100));
    }
    expect(text).toContain('logged@example.com');
    expect(text).toContain('[redacted]');
    expect(text).not.toContain('do-not-log-me-1');
  });

  it('a given user_id becomes auth0|<it>', async () => {
    const res = await call('POST', '', { connection: db, email: 'given@example.com', password: 'x', user_id: 'custom-1' });
    expect(res.json()).toMatchObject({ user_id: 'auth0|custom-1', identities: [{ user_id: 'custom-1' }] });
  });

  it.each([
    ['no email', { password: 'x' }, 'invalid_body'],
    ['no password', { email: 'np@example.com' }, 'invalid_body'],
    ['a malformed email', { email: 'not-an-email', password: 'x' }, 'invalid_body'],
    ['an unknown property', { email: 'u@example.com', password: 'x', sso: true }, 'invalid_body'],
    ['a username on a connection without requires_username', { email: 'u@example.com', password: 'x', username: 'u' }, 'invalid_body'],
  ])('POST with %s → 400 %s', async (_, body, code) => {
    const res = await call('POST', '', { connection: db, ...body });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ statusCode: 400, error: 'Bad Request', errorCode: code });
  });

  it("enforces the connection's password policy and username rule", async () => {
    const weak = await call('POST', '', { connection: strictDb, email: 'w@example.com', username: 'w', password: 'password' });
    expect(weak.statusCode).toBe(400);
    expect(weak.json()).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'PasswordStrengthError: Password is too weak',
      errorCode: 'invalid_password',
    });
    expect((await call('POST', '', { connection: strictDb, email: 'w@example.com', password: 'Passw0rd!' })).json().errorCode).toBe('invalid_body');
    const ok = await call('POST', '', { connection: strictDb, email: 'w@example.com', username: 'w', password: 'Passw0rd!' });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().username).toBe('w');
    const sameUsername = await call('POST', '', { connection: strictDb, email: 'w2@example.com', username: 'w', password: 'Passw0rd!' });
    expect(sameUsername.statusCode).toBe(409);
  });

  it('an unknown connection is 400 inexistent_connection; a taken email 409 auth0_idp_error', async () => {
    const unknown = await call('POST', '', { connection: 'nope', email: 'x@example.com', password: 'x' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toEqual({ statusCode: 400, error: 'Bad Request', message: 'The connection does not exist.', errorCode: 'inexistent_connection' });
    expect((await call('POST', '', { connection: db, email: 'taken@example.com', password: 'x' })).statusCode).toBe(201);
    const taken = await call('POST', '', { connection: db, email: 'TAKEN@example.com', password: 'y' });
    expect(taken.statusCode).toBe(409);
    expect(taken.json()).toEqual({ statusCode: 409, error: 'Conflict', message: 'The user already exists.', errorCode: 'auth0_idp_error' });
  });

  it('PATCH merges metadata, removes with null, unverifies a new email, refuses email + password together; DELETE → 204 then 404', async () => {
    const user = (
      await call('POST', '', {
        connection: db,
        email: 'patch@example.com',
        password: 'x',
        email_verified: true,
        app_metadata: { plan: 'free', tier: 1 },
        given_name: 'Pat',
      })
    ).json();
    const url = `/${encodeURIComponent(user.user_id)}`;
    const patched = await call('PATCH', url, { app_metadata: { plan: 'pro', tier: null }, given_name: null, blocked: true, email: 'new@example.com' });
    expect(patched.statusCode).toBe(200);
    const body = patched.json();
    expect(body).toMatchObject({ app_metadata: { plan: 'pro' }, blocked: true, email: 'new@example.com', email_verified: false });
    expect(body).not.toHaveProperty('given_name');
    expect(body.updated_at >= user.updated_at).toBe(true);
    expect((await call('PATCH', url, { email: 'a@example.com', password: 'z' })).json().errorCode).toBe('invalid_body');
    expect((await call('PATCH', url, { connection: 'other' })).json().errorCode).toBe('inexistent_connection');
    expect((await call('PATCH', url, { password: 'new password' })).statusCode).toBe(200);
    expect((await call('PATCH', url, { user_id: 'x' })).statusCode).toBe(400);
    expect((await call('DELETE', url)).statusCode).toBe(204);
    const gone = await call('GET', url);
    expect(gone.statusCode).toBe(404);
    expect(gone.json()).toEqual({ statusCode: 404, error: 'Not Found', message: 'The user does not exist.', errorCode: 'inexistent_user' });
    expect((await call('DELETE', url)).statusCode).toBe(404);
    expect((await call('PATCH', url, {})).statusCode).toBe(404);
  });

  it('lists by offset with Auth0’s users page, filtered by connection; q is not emulated', async () => {
    const list = await call('GET', `?connection=${db}&per_page=2&include_totals=true`);
    expect(list.statusCode).toBe(200);
    const page = list.json();
    expect(Object.keys(page).sort()).toEqual(['length', 'limit', 'start', 'total', 'users']);
    expect(page).toMatchObject({ start: 0, limit: 2, length: 2, total: expect.any(Number) });
    expect(page.users.every((u: { identities: { connection: string }[] }) => u.identities[0]!.connection === db)).toBe(true);
    expect((await call('GET', '?connection=nope')).json()).toEqual([]);
    for (const q of ['?q=email:"a@example.com"', '?take=1', '?per_page=101', '?search_engine=v9']) {
      expect((await call('GET', q)).json().errorCode).toBe('invalid_query_string');
    }
  });

  it('deleting a connection deletes its users', async () => {
    const c = (await connections('POST', '', { name: 'doomed-db', strategy: 'auth0' })).json();
    const user = (await call('POST', '', { connection: 'doomed-db', email: 'doomed@example.com', password: 'x' })).json();
    expect((await connections('DELETE', `/${c.id}`)).statusCode).toBe(202);
    expect((await call('GET', `/${user.user_id}`)).statusCode).toBe(404);
  });

  it('needs the users scopes', async () => {
    const token = await t.token(t.main, 'read:connections');
    for (const [method, url, scope] of [
      ['GET', '', 'read:users'],
      ['POST', '', 'create:users'],
      ['GET', '/auth0|x', 'read:users'],
      ['PATCH', '/auth0|x', 'update:users'],
      ['DELETE', '/auth0|x', 'delete:users'],
    ] as const) {
      const res = await call(method, url, method === 'GET' || method === 'DELETE' ? undefined : {}, token);
      expect({ method, url, status: res.statusCode, message: res.json().message }).toEqual({
        method,
        url,
        status: 403,
        message: `Insufficient scope, expected any of: ${scope}`,
      });
    }
  });

  it("tenants are isolated: B cannot see A's users and may reuse an email in its own connection", async () => {
    const a = (await call('POST', '', { connection: db, email: 'iso@example.com', password: 'x' })).json();
    const b = await t.createTenant('users-b.localhost:3000');
    const tokenB = await t.token(b);
    const asB = (method: 'GET' | 'POST', url: string, payload?: object) =>
      t.inject({ method, url, host: b.host, headers: { authorization: `Bearer ${tokenB}` }, ...(payload ? { payload } : {}) });
    expect((await asB('GET', `/api/v2/users/${a.user_id}`)).statusCode).toBe(404);
    expect((await asB('GET', '/api/v2/users')).json()).toEqual([]);
    expect((await asB('POST', '/api/v2/users', { connection: db, email: 'iso@example.com', password: 'x' })).json().errorCode).toBe('inexistent_connection');
    expect((await asB('POST', '/api/v2/connections', { name: db, strategy: 'auth0' })).statusCode).toBe(201);
    expect((await asB('POST', '/api/v2/users', { connection: db, email: 'iso@example.com', password: 'x' })).statusCode).toBe(201);
  });
});
