import { createHash } from 'crypto';
import * as oidc from 'openid-client';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { createTestApp, freePort, TestApp } from '@gatehouse/testing';

/**
 * openid-client v6 (panva), unmodified, against a listening Gatehouse over plain HTTP on loopback:
 * OIDC discovery, RFC 7591 Dynamic Client Registration of a public and a confidential client, and the
 * client credentials grant at the discovered token endpoint. `allowInsecureRequests` is openid-client's
 * own switch for http://. Gatehouse has no GET /authorize yet, so discovery names no
 * `authorization_endpoint` (issue 9 §7: only endpoints that exist) and openid-client refuses to build an
 * authorization URL; the PKCE S256 URL it will build once /authorize lands is kept below as a failing test.
 */

describe('openid-client v6 against Gatehouse (discovery, DCR, PKCE)', () => {
  let t: TestApp;
  let base: string;
  let issuer: URL;
  const insecure = { execute: [oidc.allowInsecureRequests] };
  const thrown = (f: () => unknown): unknown => {
    try {
      f();
    } catch (e) {
      return e;
    }
    throw new Error('expected a throw');
  };

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    t = await createTestApp({ env: { PORT: String(port), GATEHOUSE_PUBLIC_URL: base } });
    await t.app.listen({ port, host: '127.0.0.1' });
    issuer = new URL(`${base}/`);
  });
  afterAll(() => t.close());

  const management = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${base}/api/v2${path}`, {
      method,
      headers: { authorization: `Bearer ${await t.token()}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const setDcr = (enabled: boolean) => management('PATCH', '/tenants/settings', { flags: { enable_dynamic_client_registration: enabled } });

  describe('while Dynamic Client Registration is disabled (the default)', () => {
    it('discovers the issuer without a registration_endpoint, and dynamicClientRegistration refuses before any POST', async () => {
      const config = await oidc.discovery(issuer, 'not-registered', undefined, undefined, insecure);
      const as = config.serverMetadata();
      expect(as.issuer).toBe(issuer.href);
      expect(as.token_endpoint).toBe(`${base}/oauth/token`);
      expect(as.authorization_endpoint).toBeUndefined(); // not served yet
      expect(as.registration_endpoint).toBeUndefined();

      const requests: string[] = [];
      const recording: oidc.CustomFetch = (url, options) => {
        requests.push(`${options.method} ${url}`);
        return fetch(url, options as RequestInit);
      };
      const refused = oidc.dynamicClientRegistration(issuer, { redirect_uris: ['http://127.0.0.1:8765/cb'], token_endpoint_auth_method: 'none' }, oidc.None(), {
        ...insecure,
        [oidc.customFetch]: recording,
      });
      await expect(refused).rejects.toMatchObject({
        name: 'ClientError',
        code: 'OAUTH_MISSING_SERVER_METADATA',
        message: expect.stringContaining('registration_endpoint'),
      });
      expect(requests).toEqual([`GET ${base}/.well-known/openid-configuration`]);
    });

    it('the registration endpoint itself answers 403 access_denied, which openid-client surfaces as a ResponseBodyError', async () => {
      // A client holding stale metadata (registration_endpoint from when DCR was on) still gets a clear refusal.
      const staleMetadata: oidc.CustomFetch = async (url, options) => {
        const res = await fetch(url, options as RequestInit);
        if (!url.endsWith('/.well-known/openid-configuration')) return res;
        const doc = (await res.json()) as Record<string, unknown>;
        return Response.json({ ...doc, registration_endpoint: `${base}/oidc/register` }, { status: res.status });
      };
      const refused = oidc.dynamicClientRegistration(issuer, { redirect_uris: ['http://127.0.0.1:8765/cb'], token_endpoint_auth_method: 'none' }, oidc.None(), {
        ...insecure,
        [oidc.customFetch]: staleMetadata,
      });
      await expect(refused).rejects.toBeInstanceOf(oidc.ResponseBodyError);
      await expect(refused).rejects.toMatchObject({ status: 403, error: 'access_denied', error_description: expect.any(String) });
    });
  });

  describe('with Dynamic Client Registration enabled', () => {
    beforeAll(async () => {
      const res = await setDcr(true);
      expect(res.status).toBe(200);
    });

    it('discovery advertises the registration endpoint under the exact issuer', async () => {
      const config = await oidc.discovery(issuer, 'not-registered', undefined, undefined, insecure);
      const as = config.serverMetadata();
      expect(as).toMatchObject({
        issuer: `${base}/`,
        token_endpoint: `${base}/oauth/token`,
        registration_endpoint: `${base}/oidc/register`,
        jwks_uri: `${base}/.well-known/jwks.json`,
        grant_types_supported: ['client_credentials'],
        token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      });
      // No authorization endpoint yet, hence no PKCE (RFC 8414 §2: no code_challenge_methods_supported).
      expect(as.authorization_endpoint).toBeUndefined();
      expect(as.supportsPKCE()).toBe(false);
    });

    it('registers a strict public client (tpc_ id, no secret); openid-client builds no authorization URL while /authorize does not exist', async () => {
      const redirectUri = 'http://127.0.0.1:53682/callback';
      const config = await oidc.dynamicClientRegistration(
        issuer,
        {
          client_name: 'openid-client public',
          redirect_uris: [redirectUri],
          token_endpoint_auth_method: 'none',
          grant_types: ['authorization_code', 'refresh_token'],
          response_types: ['code'],
          application_type: 'native',
        },
        oidc.None(),
        insecure,
      );
      const registered = config.clientMetadata();
      expect(registered.client_id).toMatch(/^tpc_[A-Za-z0-9]{22}$/);
      expect(registered).toMatchObject({
        client_name: 'openid-client public',
        redirect_uris: [redirectUri],
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        client_secret_expires_at: 0,
      });
      expect(registered.client_secret).toBeUndefined();
      expect(config.serverMetadata().issuer).toBe(issuer.href);

      const verifier = oidc.randomPKCECodeVerifier();
      const challenge = await oidc.calculatePKCECodeChallenge(verifier);
      expect(challenge).toBe(createHash('sha256').update(verifier).digest('base64url'));
      // No authorization_endpoint in the metadata, so openid-client refuses before sending anyone anywhere.
      expect(thrown(() => oidc.buildAuthorizationUrl(config, { redirect_uri: redirectUri, code_challenge: challenge, code_challenge_method: 'S256' }))).toMatchObject({
        code: 'OAUTH_MISSING_SERVER_METADATA',
        message: expect.stringContaining('authorization_endpoint'),
      });

      const { status, body } = await management('GET', `/clients/${registered.client_id}`);
      expect(status).toBe(200);
      expect(body).toMatchObject({
        client_id: registered.client_id,
        name: 'openid-client public',
        is_first_party: false,
        third_party_security_mode: 'strict',
        external_metadata_type: 'dcr',
        external_metadata_created_by: 'client',
        app_type: 'native',
        token_endpoint_auth_method: 'none',
        callbacks: [redirectUri],
        grant_types: ['authorization_code', 'refresh_token'],
      });
    });

    it('registers a strict confidential client: a client_secret that the Management API holds too', async () => {
      const redirectUri = 'https://rp.example/oidc/callback';
      const config = await oidc.dynamicClientRegistration(
        issuer,
        { client_name: 'openid-client confidential', redirect_uris: [redirectUri], token_endpoint_auth_method: 'client_secret_basic' },
        undefined,
        insecure,
      );
      const registered = config.clientMetadata();
      expect(registered.client_id).toMatch(/^tpc_[A-Za-z0-9]{22}$/);
      expect(registered).toMatchObject({
        redirect_uris: [redirectUri],
        token_endpoint_auth_method: 'client_secret_basic',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        client_secret_expires_at: 0,
      });
      expect(typeof registered.client_secret).toBe('string');
      expect((registered.client_secret as string).length).toBeGreaterThanOrEqual(32);

      // The issued secret authenticates at the discovered token endpoint with client_secret_basic; the
      // grant is refused because a strict application may not use client credentials (not invalid_client).
      const refused = oidc.clientCredentialsGrant(config, { audience: 'https://any.example/' });
      await expect(refused).rejects.toBeInstanceOf(oidc.ResponseBodyError);
      await expect(refused).rejects.toMatchObject({ error: 'unauthorized_client' });

      const { status, body } = await management('GET', `/clients/${registered.client_id}`);
      expect(status).toBe(200);
      expect(body).toMatchObject({
        client_id: registered.client_id,
        is_first_party: false,
        third_party_security_mode: 'strict',
        external_metadata_type: 'dcr',
        app_type: 'regular_web',
        token_endpoint_auth_method: 'client_secret_basic',
        callbacks: [redirectUri],
        // The admin token carries read:client_keys, so the Management API shows the very same secret.
        client_secret: registered.client_secret,
      });
    });

    // The PKCE S256 authorization URL openid-client builds for a registered public client once Gatehouse
    // serves GET /authorize and discovery names it (issue 9 §7). Fails today (no authorization_endpoint);
    // when it passes, make it an `it`.
    it.failing('builds a PKCE S256 authorization URL to the advertised authorization_endpoint (needs GET /authorize)', async () => {
      const redirectUri = 'http://127.0.0.1:53682/callback';
      const config = await oidc.dynamicClientRegistration(
        issuer,
        { client_name: 'openid-client pkce', redirect_uris: [redirectUri], token_endpoint_auth_method: 'none', application_type: 'native' },
        oidc.None(),
        insecure,
      );
      const registered = config.clientMetadata();
      expect(config.serverMetadata().supportsPKCE('S256')).toBe(true);
      const verifier = oidc.randomPKCECodeVerifier();
      const challenge = await oidc.calculatePKCECodeChallenge(verifier);
      const state = oidc.randomState();
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: redirectUri,
        scope: 'openid profile',
        code_challenge: challenge,
        code_challenge_method: 'S256',
        state,
      });
      expect(`${url.origin}${url.pathname}`).toBe(config.serverMetadata().authorization_endpoint);
      expect(`${url.origin}${url.pathname}`).toBe(`${base}/authorize`);
      expect(Object.fromEntries(url.searchParams)).toEqual({
        client_id: registered.client_id,
        redirect_uri: redirectUri,
        response_type: 'code',
        scope: 'openid profile',
        code_challenge: challenge,
        code_challenge_method: 'S256',
        state,
      });
    });
  });

  describe('the client credentials grant at the discovered token endpoint', () => {
    it.each([
      ['client_secret_basic', oidc.ClientSecretBasic],
      ['client_secret_post', oidc.ClientSecretPost],
    ] as const)('a first-party machine-to-machine client gets a token verifiable with the discovered JWKS (%s)', async (method, auth) => {
      const audience = `https://oidc-client-${method}.example/`;
      const api = await management('POST', '/resource-servers', { identifier: audience, scopes: [{ value: 'read:things' }, { value: 'write:things' }] });
      expect(api.status).toBe(201);
      const app = await management('POST', '/clients', { name: `openid-client m2m ${method}`, app_type: 'non_interactive', grant_types: ['client_credentials'] });
      expect(app.status).toBe(201);
      const clientId = app.body.client_id as string;
      expect((await management('POST', '/client-grants', { client_id: clientId, audience, scope: ['read:things'] })).status).toBe(201);

      const config = await oidc.discovery(issuer, clientId, undefined, auth(app.body.client_secret as string), insecure);
      expect(config.serverMetadata().token_endpoint_auth_methods_supported).toContain(method);
      const tokens = await oidc.clientCredentialsGrant(config, { audience });
      expect(tokens).toMatchObject({ token_type: 'bearer', scope: 'read:things', expires_in: 86400 });
      const jwks = createRemoteJWKSet(new URL(config.serverMetadata().jwks_uri!));
      const { payload } = await jwtVerify(tokens.access_token, jwks, { issuer: issuer.href, audience });
      expect(payload).toMatchObject({ sub: `${clientId}@clients`, azp: clientId, scope: 'read:things', gty: 'client-credentials' });
    });
  });
});
