import { createHash, randomBytes } from 'crypto';
import { createServer, Server } from 'http';
import type { AddressInfo } from 'net';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { auth, OAuthClientProvider, registerClient } from '@modelcontextprotocol/sdk/client/auth.js';
import { OAuthMetadataSchema } from '@modelcontextprotocol/sdk/shared/auth.js';
import type { OAuthClientInformationMixed, OAuthClientMetadata, OAuthMetadata, OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';
import { createTestApp, freePort, TestApp } from '@gatehouse/testing';

/**
 * The MCP TypeScript SDK's client-side OAuth flow (`auth()`), unmodified, as seed 001 scenario 3 sets the
 * tenant up: Dynamic Client Registration on with `dynamic_client_registration_security_mode: "strict"`,
 * and a default third-party permission (`default_for: "third_party_clients"`, subject type user) on the
 * API the MCP server stands for. A tiny local HTTP server plays the MCP server (the protected resource):
 * it serves RFC 9728 metadata naming Gatehouse as its authorization server, as MCP servers do to delegate
 * to Auth0. The SDK then discovers Gatehouse (RFC 8414), registers through DCR (RFC 7591), sends the user
 * to /authorize with PKCE S256 and the RFC 8707 resource, exchanges the code and later refreshes.
 *
 * Gatehouse runs in its CI test mode (GATEHOUSE_TEST_LOGIN): /authorize logs the configured user in and
 * consents at once. The provider's redirectToAuthorization plays the browser: it fetches the URL without
 * following redirects and hands the code from the redirect back to auth(), as an MCP client's callback
 * handler would.
 */

const TEST_USER = 'mcp-user@example.com';

class InMemoryProvider implements OAuthClientProvider {
  client?: OAuthClientInformationMixed;
  verifier?: string;
  authorizationUrl?: URL;
  savedClientInformation = 0;
  saved: OAuthTokens[] = [];
  sentState?: string;
  /** What the user agent saw at the end of the authorization: the redirect to redirect_uri. */
  callback?: { status: number; location: URL | null; body: string };

  constructor(readonly redirectUrl: string) {}

  get clientMetadata(): OAuthClientMetadata {
    return {
      client_name: 'MCP SDK test client',
      redirect_uris: [this.redirectUrl],
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
    };
  }
  clientInformation(): OAuthClientInformationMixed | undefined {
    return this.client;
  }
  saveClientInformation(info: OAuthClientInformationMixed): void {
    this.savedClientInformation++;
    this.client = info;
  }
  tokens(): OAuthTokens | undefined {
    return this.saved.at(-1);
  }
  saveTokens(tokens: OAuthTokens): void {
    this.saved.push(tokens);
  }
  state(): string {
    this.sentState = randomBytes(16).toString('base64url');
    return this.sentState;
  }
  /** The browser: one GET, redirects not followed (the redirect goes to the client's own callback). */
  async redirectToAuthorization(url: URL): Promise<void> {
    this.authorizationUrl = url;
    const res = await fetch(url, { redirect: 'manual' });
    const location = res.headers.get('location');
    this.callback = { status: res.status, location: location ? new URL(location) : null, body: await res.text() };
  }
  /** The code the callback received, after checking it is this client's redirect with the state it sent. */
  codeFromCallback(): string {
    const cb = this.callback;
    if (!cb || cb.status !== 302 || !cb.location) throw new Error(`no redirect from /authorize: ${cb?.status} ${cb?.body.slice(0, 300)}`);
    if (`${cb.location.origin}${cb.location.pathname}` !== this.redirectUrl) throw new Error(`redirected elsewhere: ${cb.location.href}`);
    if (cb.location.searchParams.get('state') !== this.sentState) throw new Error('state mismatch');
    const code = cb.location.searchParams.get('code');
    if (!code) throw new Error(`no code: ${cb.location.href}`);
    return code;
  }
  saveCodeVerifier(verifier: string): void {
    this.verifier = verifier;
  }
  codeVerifier(): string {
    if (!this.verifier) throw new Error('no code verifier saved');
    return this.verifier;
  }
}

describe('MCP TypeScript SDK auth() against Gatehouse (RFC 9728 → discovery → DCR → PKCE → token → refresh)', () => {
  let t: TestApp;
  let gatehouse: string;
  let resourceServer: Server;
  let mcpUrl: string;
  let userId: string;
  const resourceRequests: string[] = [];

  const management = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${gatehouse}/api/v2${path}`, {
      method,
      headers: { authorization: `Bearer ${await t.token()}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as Record<string, unknown> };
  };
  const created = async (path: string, body: unknown) => {
    const res = await management('POST', path, body);
    if (res.status !== 201) throw new Error(`POST ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };

  beforeAll(async () => {
    const port = await freePort();
    gatehouse = `http://127.0.0.1:${port}`;
    t = await createTestApp({ env: { PORT: String(port), GATEHOUSE_PUBLIC_URL: gatehouse, GATEHOUSE_TEST_LOGIN: TEST_USER } });
    await t.app.listen({ port, host: '127.0.0.1' });

    resourceServer = createServer((req, res) => {
      resourceRequests.push(`${req.method} ${req.url}`);
      // RFC 9728 §3.1: the metadata of https://host/mcp is at /.well-known/oauth-protected-resource/mcp.
      if (req.method === 'GET' && req.url === '/.well-known/oauth-protected-resource/mcp') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            resource: mcpUrl,
            authorization_servers: [`${gatehouse}/`],
            // offline_access: the MCP client keeps a refresh token (the SDK then adds prompt=consent).
            scopes_supported: ['read:tools', 'offline_access'],
            bearer_methods_supported: ['header'],
          }),
        );
        return;
      }
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => resourceServer.listen(0, '127.0.0.1', resolve));
    mcpUrl = `http://127.0.0.1:${(resourceServer.address() as AddressInfo).port}/mcp`;

    // Seed 001, scenario 3: default API permissions for third-party applications, then strict DCR.
    // The SDK names the API by its RFC 8707 resource indicator, which Gatehouse (as Auth0) reads under
    // the compatibility resource parameter profile.
    await created('/resource-servers', {
      identifier: mcpUrl,
      name: 'MCP server',
      allow_offline_access: true,
      scopes: [{ value: 'read:tools' }, { value: 'write:tools' }],
    });
    await created('/client-grants', { default_for: 'third_party_clients', audience: mcpUrl, scope: ['read:tools'], subject_type: 'user' });
    const settings = await management('PATCH', '/tenants/settings', {
      flags: { enable_dynamic_client_registration: true },
      dynamic_client_registration_security_mode: 'strict',
      resource_parameter_profile: 'compatibility',
    });
    expect(settings.status).toBe(200);
    // The user the test mode logs in, in a domain-level connection (the only kind a strict client may use).
    await created('/connections', { name: 'mcp-users', strategy: 'auth0', is_domain_connection: true });
    userId = (await created('/users', { connection: 'mcp-users', email: TEST_USER, password: 'Correct-Horse-Battery-9' })).user_id as string;
  });
  afterAll(async () => {
    resourceServer.closeAllConnections();
    await new Promise((resolve) => resourceServer.close(resolve));
    await t.close();
  });

  const gatehouseMetadata = async () => {
    const res = await fetch(`${gatehouse}/.well-known/oauth-authorization-server`);
    expect(res.status).toBe(200);
    // What Gatehouse serves, handed to the SDK as is (it reads registration_endpoint from it).
    return (await res.json()) as OAuthMetadata;
  };
  const recorder = () => {
    const requests: string[] = [];
    const fetchFn = (url: string | URL, init?: RequestInit) => {
      const u = String(url);
      if (u.startsWith(gatehouse)) requests.push(`${init?.method ?? 'GET'} ${u.slice(gatehouse.length)}`);
      return fetch(url, init);
    };
    return { requests, fetchFn };
  };

  it("Gatehouse's RFC 8414 metadata passes the SDK's own schema: /authorize, code, PKCE S256, DCR", async () => {
    const metadata = await gatehouseMetadata();
    expect(OAuthMetadataSchema.safeParse(metadata)).toMatchObject({ success: true });
    expect(metadata).toMatchObject({
      issuer: `${gatehouse}/`,
      authorization_endpoint: `${gatehouse}/authorize`,
      token_endpoint: `${gatehouse}/oauth/token`,
      registration_endpoint: `${gatehouse}/oidc/register`,
      response_types_supported: expect.arrayContaining(['code']),
      code_challenge_methods_supported: expect.arrayContaining(['S256']),
      grant_types_supported: expect.arrayContaining(['authorization_code', 'refresh_token']),
      token_endpoint_auth_methods_supported: expect.arrayContaining(['none']),
    });
  });

  it("the SDK's registerClient() registers a strict public client at the advertised registration_endpoint", async () => {
    const gatehouseRequests: string[] = [];
    const recording = (url: string | URL, init?: RequestInit) => {
      const u = String(url);
      if (u.startsWith(gatehouse)) gatehouseRequests.push(`${init?.method ?? 'GET'} ${u.slice(gatehouse.length)}`);
      return fetch(url, init);
    };
    const redirectUri = 'http://127.0.0.1:33418/oauth/callback';
    const provider = new InMemoryProvider(redirectUri);
    const client = await registerClient(`${gatehouse}/`, {
      metadata: await gatehouseMetadata(),
      clientMetadata: provider.clientMetadata,
      scope: 'read:tools',
      fetchFn: recording,
    });
    expect(gatehouseRequests).toEqual(['POST /oidc/register']);
    expect(client).toMatchObject({
      client_id: expect.stringMatching(/^tpc_[A-Za-z0-9]{22}$/),
      client_name: 'MCP SDK test client',
      redirect_uris: [redirectUri],
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
    });
    expect(client.client_secret).toBeUndefined();

    const res = await fetch(`${gatehouse}/api/v2/clients/${client.client_id}`, { headers: { authorization: `Bearer ${await t.token()}` } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      client_id: client.client_id,
      name: 'MCP SDK test client',
      is_first_party: false,
      third_party_security_mode: 'strict',
      external_metadata_type: 'dcr',
      external_metadata_created_by: 'client',
      app_type: 'spa',
      token_endpoint_auth_method: 'none',
      callbacks: [redirectUri],
    });
  });

  it('discovers Gatehouse through the MCP server, registers a strict tpc_ client, authorizes with PKCE S256, gets a token for the API from the default third-party permission, and refreshes it', async () => {
    const { requests: gatehouseRequests, fetchFn } = recorder();
    const redirectUri = 'http://127.0.0.1:33418/oauth/callback';
    const provider = new InMemoryProvider(redirectUri);
    resourceRequests.length = 0;

    const result = await auth(provider, { serverUrl: mcpUrl, fetchFn });
    expect(result).toBe('REDIRECT');

    // RFC 9728 on the MCP server, then Gatehouse's RFC 8414 metadata, then one registration.
    expect(resourceRequests).toContain('GET /.well-known/oauth-protected-resource/mcp');
    expect(gatehouseRequests).toEqual(['GET /.well-known/oauth-authorization-server', 'POST /oidc/register']);

    // The registration, saved through saveClientInformation, bound to Gatehouse's issuer.
    expect(provider.savedClientInformation).toBe(1);
    const client = provider.client as Record<string, unknown>;
    expect(client).toMatchObject({
      client_id: expect.stringMatching(/^tpc_[A-Za-z0-9]{22}$/),
      client_name: 'MCP SDK test client',
      redirect_uris: [redirectUri],
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      issuer: `${gatehouse}/`,
    });
    expect(client.client_secret).toBeUndefined();
    const clientId = client.client_id as string;

    // The authorization request the user agent was sent to.
    const url = provider.authorizationUrl!;
    expect(url).toBeInstanceOf(URL);
    const discovered = await gatehouseMetadata();
    expect(`${url.origin}${url.pathname}`).toBe(discovered.authorization_endpoint);
    expect(`${url.origin}${url.pathname}`).toBe(`${gatehouse}/authorize`);
    const verifier = provider.codeVerifier();
    expect(verifier).toMatch(/^[A-Za-z0-9\-._~]{43,128}$/);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: clientId,
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
      redirect_uri: redirectUri,
      state: provider.sentState,
      // From the MCP server's scopes_supported, and its resource identifier (RFC 8707), verbatim.
      scope: 'read:tools offline_access',
      prompt: 'consent',
      resource: mcpUrl,
    });

    // Gatehouse holds it as a strict third-party DCR client (dynamic_client_registration_security_mode).
    const held = await management('GET', `/clients/${clientId}`);
    expect(held.status).toBe(200);
    expect(held.body).toMatchObject({
      client_id: clientId,
      name: 'MCP SDK test client',
      is_first_party: false,
      third_party_security_mode: 'strict',
      external_metadata_type: 'dcr',
      external_metadata_created_by: 'client',
      app_type: 'spa',
      token_endpoint_auth_method: 'none',
      callbacks: [redirectUri],
    });
    // It has no grant of its own: the token below comes from the default third-party permission.
    const ownGrants = await management('GET', `/client-grants?client_id=${clientId}`);
    expect(ownGrants).toEqual({ status: 200, body: [] });

    // The user agent came back to the redirect URI with a code and the state (test mode: no pages).
    expect(provider.callback).toMatchObject({ status: 302 });
    expect(provider.callback!.location!.searchParams.get('iss')).toBe(`${gatehouse}/`);
    const code = provider.codeFromCallback();

    // The MCP client's callback handler hands the code back to auth(): the code exchange.
    gatehouseRequests.length = 0;
    expect(await auth(provider, { serverUrl: mcpUrl, authorizationCode: code, fetchFn })).toBe('AUTHORIZED');
    expect(gatehouseRequests).toEqual(['GET /.well-known/oauth-authorization-server', 'POST /oauth/token']);
    expect(provider.saved).toHaveLength(1);
    const tokens = provider.saved[0]!;
    expect(tokens).toMatchObject({
      token_type: expect.stringMatching(/^bearer$/i),
      access_token: expect.any(String),
      refresh_token: expect.any(String),
      scope: 'read:tools offline_access',
    });
    expect(tokens).not.toHaveProperty('id_token');
    const jwks = createRemoteJWKSet(new URL(`${gatehouse}/.well-known/jwks.json`));
    const { payload } = await jwtVerify(tokens.access_token, jwks, { issuer: `${gatehouse}/`, audience: mcpUrl });
    expect(payload).toMatchObject({ sub: userId, aud: mcpUrl, azp: clientId, scope: 'read:tools offline_access' });
    expect(payload).not.toHaveProperty('gty');
    expect(payload.scope).not.toContain('write:tools'); // the default permission grants read:tools only

    // A later auth() with the stored refresh token refreshes, without the user.
    gatehouseRequests.length = 0;
    expect(await auth(provider, { serverUrl: mcpUrl, fetchFn })).toBe('AUTHORIZED');
    expect(gatehouseRequests).toEqual(['GET /.well-known/oauth-authorization-server', 'POST /oauth/token']);
    expect(provider.savedClientInformation).toBe(1); // the registration was reused
    expect(provider.saved).toHaveLength(2);
    const refreshed = provider.saved[1]!;
    // A strict public (spa) application's refresh tokens rotate.
    expect(refreshed.refresh_token).toEqual(expect.any(String));
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
    const again = await jwtVerify(refreshed.access_token, jwks, { issuer: `${gatehouse}/`, audience: mcpUrl });
    // Auth0 documents a refresh response's scope with offline_access still in it; Gatehouse leaves it out
    // of a refreshed token (test/e2e/token-flows asserts that). The API scope is what matters here.
    expect(again.payload).toMatchObject({ sub: userId, aud: mcpUrl, azp: clientId, scope: expect.stringMatching(/^read:tools( offline_access)?$/) });

    // The consent the test mode recorded, per user, client and API.
    const grants = await management('GET', `/grants?user_id=${encodeURIComponent(userId)}&client_id=${clientId}`);
    expect(grants.body).toEqual([expect.objectContaining({ clientID: clientId, audience: mcpUrl, scope: expect.arrayContaining(['read:tools']) })]);
  });

  it("with DCR disabled the metadata has no registration_endpoint, and the SDK's registerClient() refuses without a request", async () => {
    const res = await fetch(`${gatehouse}/api/v2/tenants/settings`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${await t.token()}`, 'content-type': 'application/json' },
      body: JSON.stringify({ flags: { enable_dynamic_client_registration: false } }),
    });
    expect(res.status).toBe(200);
    const metadata = await gatehouseMetadata();
    expect(metadata).not.toHaveProperty('registration_endpoint');
    const requests: string[] = [];
    const recording = (url: string | URL, init?: RequestInit) => {
      requests.push(String(url));
      return fetch(url, init);
    };
    const provider = new InMemoryProvider('http://127.0.0.1:33418/oauth/callback');
    await expect(registerClient(`${gatehouse}/`, { metadata, clientMetadata: provider.clientMetadata, fetchFn: recording })).rejects.toThrow(
      'does not support dynamic client registration',
    );
    expect(requests).toEqual([]);
  });

  it('fails clearly, without registering, when the tenant has DCR disabled', async () => {
    const res = await fetch(`${gatehouse}/api/v2/tenants/settings`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${await t.token()}`, 'content-type': 'application/json' },
      body: JSON.stringify({ flags: { enable_dynamic_client_registration: false } }),
    });
    expect(res.status).toBe(200);
    const provider = new InMemoryProvider('http://127.0.0.1:33418/oauth/callback');
    await expect(auth(provider, { serverUrl: mcpUrl })).rejects.toThrow('does not support dynamic client registration');
    expect(provider.client).toBeUndefined();
    expect(provider.authorizationUrl).toBeUndefined();
  });
});
