import { createHash, randomBytes } from 'crypto';
import { reportFigures, spawnGatehouse, SpawnedGatehouse } from './support/server';

/**
 * R4 (issue 12 §8, §7; SPEC §10 "no secret in any log, query strings included"): a whole session against
 * the compiled server, run as its own process at LOG_LEVEL=trace with stdout and stderr captured: the
 * admin's client credentials token, an application created and its secret rotated, its own client
 * credentials token, a user with a password, Dynamic Client Registration of a confidential client, the
 * authorization code flow in test mode with PKCE, the code exchange, a refresh (rotated), a revocation,
 * and secrets sent where they do not belong (in query strings). Then the whole output is searched for
 * every secret used: none may appear, whole or as a JWT's signature.
 */

const TEST_USER = 'r4-user@example.com';
const API = 'https://r4.example/api';
const REDIRECT = 'http://127.0.0.1:9/r4-callback';

describe('R4: a full session at LOG_LEVEL=trace leaves no secret in the logs', () => {
  let server: SpawnedGatehouse;
  const secrets = new Map<string, string>();
  const keep = (name: string, value: unknown): string => {
    if (typeof value !== 'string' || value.length < 8) throw new Error(`${name}: no secret to keep (${JSON.stringify(value)})`);
    secrets.set(name, value);
    return value;
  };

  beforeAll(async () => {
    server = await spawnGatehouse({ env: { LOG_LEVEL: 'trace', GATEHOUSE_TEST_LOGIN: TEST_USER } });
  }, 120_000);
  afterAll(() => server?.dispose());

  it('runs the session, then finds none of its secrets in stdout or stderr', async () => {
    const base = server.base;
    const json = async (res: Response, expected: number, what: string) => {
      const text = await res.text();
      if (res.status !== expected) throw new Error(`${what}: ${res.status} ${text}`);
      return (text ? JSON.parse(text) : {}) as Record<string, any>;
    };
    const form = (o: Record<string, string>) => ({
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(o).toString(),
    });

    keep('admin client_secret', server.admin.clientSecret);
    const adminToken = keep(
      'admin access token',
      (
        await json(
          await fetch(
            `${base}/oauth/token`,
            form({ grant_type: 'client_credentials', client_id: server.admin.clientId, client_secret: server.admin.clientSecret, audience: server.audience }),
          ),
          200,
          'admin token',
        )
      ).access_token,
    );
    const mgmt = async (method: string, path: string, expected: number, body?: unknown) =>
      json(
        await fetch(`${base}/api/v2${path}`, {
          method,
          headers: { authorization: `Bearer ${adminToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
          body: body === undefined ? undefined : JSON.stringify(body),
        }),
        expected,
        `${method} ${path}`,
      );

    // An API, an application with a grant on it, its secret rotated, its own token.
    await mgmt('POST', '/resource-servers', 201, { identifier: API, name: 'R4', allow_offline_access: true, scopes: [{ value: 'read:r4' }] });
    const app = await mgmt('POST', '/clients', 201, { name: 'r4-machine', app_type: 'non_interactive', grant_types: ['client_credentials'] });
    keep('application client_secret (first)', app.client_secret);
    const rotated = keep('application client_secret (rotated)', (await mgmt('POST', `/clients/${app.client_id}/rotate-secret`, 200)).client_secret);
    await mgmt('POST', '/client-grants', 201, { client_id: app.client_id, audience: API, scope: ['read:r4'] });
    keep(
      'application access token',
      (
        await json(
          await fetch(`${base}/oauth/token`, form({ grant_type: 'client_credentials', client_id: app.client_id, client_secret: rotated, audience: API })),
          200,
          'app token',
        )
      ).access_token,
    );

    // A user with a password, default third-party permissions, DCR on.
    await mgmt('POST', '/connections', 201, { name: 'r4-users', strategy: 'auth0', is_domain_connection: true });
    const password = keep('user password', `R4-${randomBytes(12).toString('hex')}-pw`);
    await mgmt('POST', '/users', 201, { connection: 'r4-users', email: TEST_USER, password });
    await mgmt('POST', '/client-grants', 201, { default_for: 'third_party_clients', audience: API, scope: ['read:r4'], subject_type: 'user' });
    await mgmt('PATCH', '/tenants/settings', 200, { flags: { enable_dynamic_client_registration: true }, dynamic_client_registration_security_mode: 'strict' });

    // Dynamic Client Registration of a confidential client.
    const registered = await json(
      await fetch(`${base}/oidc/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          client_name: 'r4-dcr',
          redirect_uris: [REDIRECT],
          token_endpoint_auth_method: 'client_secret_post',
          grant_types: ['authorization_code', 'refresh_token'],
          response_types: ['code'],
        }),
      }),
      201,
      'DCR',
    );
    const clientId = registered.client_id as string;
    const clientSecret = keep('DCR client_secret', registered.client_secret);
    if (typeof registered.registration_access_token === 'string') keep('DCR registration_access_token', registered.registration_access_token);

    // /authorize in test mode: the configured user logs in and consents; the answer is the redirect with the code.
    const verifier = keep('PKCE code_verifier', randomBytes(32).toString('base64url'));
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const authorize = new URL(`${base}/authorize`);
    for (const [k, v] of Object.entries({
      response_type: 'code',
      client_id: clientId,
      redirect_uri: REDIRECT,
      scope: 'read:r4 offline_access',
      audience: API,
      code_challenge: challenge,
      code_challenge_method: 'S256',
      state: 'r4-state',
    }))
      authorize.searchParams.set(k, v);
    const redirect = await fetch(authorize, { redirect: 'manual' });
    const location = redirect.headers.get('location');
    if (redirect.status !== 302 || !location) throw new Error(`/authorize: ${redirect.status} ${await redirect.text()}`);
    const code = keep('authorization code', new URL(location).searchParams.get('code'));

    const tokens = await json(
      await fetch(
        `${base}/oauth/token`,
        form({ grant_type: 'authorization_code', client_id: clientId, client_secret: clientSecret, code, code_verifier: verifier, redirect_uri: REDIRECT }),
      ),
      200,
      'code exchange',
    );
    const accessToken = keep('user access token', tokens.access_token);
    const refreshToken = keep('refresh token', tokens.refresh_token);
    const refreshed = await json(
      await fetch(`${base}/oauth/token`, form({ grant_type: 'refresh_token', client_id: clientId, client_secret: clientSecret, refresh_token: refreshToken })),
      200,
      'refresh',
    );
    keep('refreshed access token', refreshed.access_token);
    // Rotated when the application's refresh_token.rotation_type says so; otherwise the same family goes on.
    const rotatedRefresh = refreshed.refresh_token === undefined ? refreshToken : keep('rotated refresh token', refreshed.refresh_token);
    const revoked = await fetch(
      `${base}/oauth/revoke`,
      form({ client_id: clientId, client_secret: clientSecret, token: rotatedRefresh, token_type_hint: 'refresh_token' }),
    );
    expect(revoked.status).toBe(200);

    // Secrets where they do not belong: in query strings (refused or ignored, but never logged).
    const leaks = [
      `/api/v2/clients?access_token=${adminToken}`,
      `/userinfo?access_token=${accessToken}`,
      `/oauth/token?client_secret=${clientSecret}&code=${code}&refresh_token=${refreshToken}&code_verifier=${verifier}`,
      `/authorize?client_id=${clientId}&client_assertion=${accessToken}&password=${password}`,
    ];
    for (const path of leaks) await (await fetch(`${base}${path}`, { method: path.startsWith('/oauth/token') ? 'POST' : 'GET', redirect: 'manual' })).text();
    // A wrong password and a wrong secret, which a careless error log would print.
    await (
      await fetch(`${base}/oauth/token`, form({ grant_type: 'client_credentials', client_id: app.client_id, client_secret: `${rotated}x`, audience: API }))
    ).text();

    await server.stop(); // flushes the asynchronous log destination
    const output = `${server.stdout()}\n${server.stderr()}`;
    const lines = output.split('\n').filter(Boolean).length;
    const found: string[] = [];
    for (const [name, value] of secrets) {
      const at = output.indexOf(value);
      // Where it was, the secret itself masked, so the failure says which log line to fix.
      if (at >= 0)
        found.push(
          `${name} (whole): …${output
            .slice(Math.max(0, at - 120), at + value.length + 40)
            .split(value)
            .join('<SECRET>')}…`,
        );
      const parts = value.split('.');
      if (parts.length === 3 && parts[2].length >= 16 && output.includes(parts[2])) found.push(`${name} (JWT signature)`);
    }
    reportFigures(
      `R4: ${secrets.size} secrets used over a full session, ${lines} log lines at trace (${output.length} bytes), ${found.length} found in the output`,
    );
    // The logs are really there (trace request logs name the routes), so finding nothing means something.
    expect(lines).toBeGreaterThan(30);
    expect(output).toContain('/oauth/token');
    expect(found).toEqual([]);
  }, 180_000);
});
