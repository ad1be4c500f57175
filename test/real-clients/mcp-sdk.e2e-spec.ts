import { createHash } from 'crypto';
import { createServer, Server } from 'http';
import type { AddressInfo } from 'net';
import { auth, OAuthClientProvider, registerClient } from '@modelcontextprotocol/sdk/client/auth.js';
import type { OAuthClientInformationMixed, OAuthClientMetadata, OAuthMetadata, OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';
import { createTestApp, freePort, TestApp } from '@gatehouse/testing';

/**
 * The MCP TypeScript SDK's client-side OAuth flow (`auth()`), unmodified. A tiny local HTTP server plays
 * the MCP server (the protected resource): it serves RFC 9728 metadata naming Gatehouse as its
 * authorization server, as MCP servers do to delegate to Auth0. The SDK then discovers Gatehouse
 * (RFC 8414), registers through DCR (RFC 7591) and builds a PKCE S256 authorization URL.
 *
 * Gatehouse has no GET /authorize yet, and its metadata names only endpoints that exist (issue 9 §7).
 * The SDK requires `authorization_endpoint` in RFC 8414 metadata (its OAuthMetadataSchema), so today
 * `auth()` stops at discovery, before registering anything; the SDK's own `registerClient()` still
 * registers at the advertised registration endpoint. The whole flow up to the redirect is kept below as
 * failing tests: they pass, and become `it` again, once /authorize is served and advertised.
 */

class InMemoryProvider implements OAuthClientProvider {
  client?: OAuthClientInformationMixed;
  verifier?: string;
  authorizationUrl?: URL;
  savedClientInformation = 0;

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
    return undefined;
  }
  saveTokens(): void {
    throw new Error('no tokens are expected before the user has authorized');
  }
  redirectToAuthorization(url: URL): void {
    this.authorizationUrl = url;
  }
  saveCodeVerifier(verifier: string): void {
    this.verifier = verifier;
  }
  codeVerifier(): string {
    if (!this.verifier) throw new Error('no code verifier saved');
    return this.verifier;
  }
}

describe('MCP TypeScript SDK auth() against Gatehouse (RFC 9728 → discovery → DCR → PKCE)', () => {
  let t: TestApp;
  let gatehouse: string;
  let resourceServer: Server;
  let mcpUrl: string;
  const resourceRequests: string[] = [];

  beforeAll(async () => {
    const port = await freePort();
    gatehouse = `http://127.0.0.1:${port}`;
    t = await createTestApp({ env: { PORT: String(port), GATEHOUSE_PUBLIC_URL: gatehouse } });
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
            scopes_supported: ['read:tools'],
            bearer_methods_supported: ['header'],
          }),
        );
        return;
      }
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => resourceServer.listen(0, '127.0.0.1', resolve));
    mcpUrl = `http://127.0.0.1:${(resourceServer.address() as AddressInfo).port}/mcp`;

    const res = await fetch(`${gatehouse}/api/v2/tenants/settings`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${await t.token()}`, 'content-type': 'application/json' },
      body: JSON.stringify({ flags: { enable_dynamic_client_registration: true } }),
    });
    expect(res.status).toBe(200);
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

  it('discovers Gatehouse through the MCP server and stops before registering: no authorization_endpoint while /authorize does not exist', async () => {
    const gatehouseRequests: string[] = [];
    const recording = (url: string | URL, init?: RequestInit) => {
      const u = String(url);
      if (u.startsWith(gatehouse)) gatehouseRequests.push(`${init?.method ?? 'GET'} ${u.slice(gatehouse.length)}`);
      return fetch(url, init);
    };
    const provider = new InMemoryProvider('http://127.0.0.1:33418/oauth/callback');
    resourceRequests.length = 0;

    const refused = await auth(provider, { serverUrl: mcpUrl, fetchFn: recording }).catch((e: unknown) => e);
    // The SDK's RFC 8414 schema names the missing member.
    expect(refused).toMatchObject({ name: 'ZodError', issues: [expect.objectContaining({ path: ['authorization_endpoint'] })] });
    expect(resourceRequests).toContain('GET /.well-known/oauth-protected-resource/mcp');
    expect(gatehouseRequests).toEqual(['GET /.well-known/oauth-authorization-server']);
    expect(provider.savedClientInformation).toBe(0);
    expect(provider.authorizationUrl).toBeUndefined();
    const metadata = await gatehouseMetadata();
    expect(metadata).not.toHaveProperty('authorization_endpoint');
    expect(metadata).toMatchObject({ issuer: `${gatehouse}/`, registration_endpoint: `${gatehouse}/oidc/register`, response_types_supported: [] });
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
    const client = await registerClient(`${gatehouse}/`, { metadata: await gatehouseMetadata(), clientMetadata: provider.clientMetadata, scope: 'read:tools', fetchFn: recording });
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

  // Needs GET /authorize (not served yet, so not in the metadata): fails today, at discovery.
  it.failing('discovers Gatehouse through the MCP server, registers a strict public client and redirects with PKCE S256', async () => {
    const gatehouseRequests: string[] = [];
    const recording = (url: string | URL, init?: RequestInit) => {
      const u = String(url);
      if (u.startsWith(gatehouse)) gatehouseRequests.push(`${init?.method ?? 'GET'} ${u.slice(gatehouse.length)}`);
      return fetch(url, init);
    };
    const redirectUri = 'http://127.0.0.1:33418/oauth/callback';
    const provider = new InMemoryProvider(redirectUri);

    const result = await auth(provider, { serverUrl: mcpUrl, fetchFn: recording });
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

    // The authorization request the user agent would be sent to.
    const url = provider.authorizationUrl!;
    expect(url).toBeInstanceOf(URL);
    const discovered = (await (await fetch(`${gatehouse}/.well-known/oauth-authorization-server`)).json()) as { authorization_endpoint: string };
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
      // From the MCP server's scopes_supported, and its resource identifier (RFC 8707), verbatim.
      scope: 'read:tools',
      resource: mcpUrl,
    });

    // Gatehouse holds it as a strict third-party DCR client.
    const res = await fetch(`${gatehouse}/api/v2/clients/${clientId}`, { headers: { authorization: `Bearer ${await t.token()}` } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
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

    // A second auth() in the same session reuses the saved registration: no new POST /oidc/register.
    gatehouseRequests.length = 0;
    expect(await auth(provider, { serverUrl: mcpUrl, fetchFn: recording })).toBe('REDIRECT');
    expect(gatehouseRequests).toEqual(['GET /.well-known/oauth-authorization-server']);
    expect(provider.savedClientInformation).toBe(1);
    expect(provider.authorizationUrl!.searchParams.get('client_id')).toBe(clientId);
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

  // Needs GET /authorize too: today auth() stops earlier, on the missing authorization_endpoint.
  it.failing('fails clearly, without registering, when the tenant has DCR disabled', async () => {
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
