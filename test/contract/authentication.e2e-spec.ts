import { createHash } from 'crypto';
import { FlowStateRepository, hashSecret, newSecret } from '@gatehouse/authorization';
import { MANAGEMENT_API_SCOPES } from '@gatehouse/policy';
import { UserGrantsRepository } from '@gatehouse/user-grants';
import { DCR_LIMIT_PER_SECOND } from '@gatehouse/registration';
import type { TenantHandle } from '@gatehouse/testing';
import { createTestApp, TestApp } from '@gatehouse/testing';
import type { LightMyRequestResponse } from 'fastify';
import {
  CLIENT,
  CLIENTS,
  HUGE,
  Json,
  REGISTER,
  RESTRICTED_OPERATIONS,
  REVOKE,
  SETTINGS,
  TOKEN,
  USERINFO,
  describeCoverage,
  expectMatchesContract,
  expectRequestMatchesContract,
  expectRequestRejectedByContract,
  form,
  formHeaders,
  useContractApp,
} from './support/contract';

/** /oauth/token, JWKS, discovery and Dynamic Client Registration against openapi.yaml. */

describe('responses match openapi.yaml', () => {
  const { t, credentials } = useContractApp();

  describe('operations', () => {
    it('GET /.well-known/jwks.json', async () => {
      const res = await t.inject({ method: 'GET', url: '/.well-known/jwks.json' });
      expect(res.statusCode).toBe(200);
      expectMatchesContract('GET', '/.well-known/jwks.json', res);
    });
  });

  describe('POST /oauth/token', () => {
    it('200 with a JSON body', async () => {
      const body = credentials();
      expectRequestMatchesContract('POST', TOKEN, 'application/json', body);
      const res = await t.inject({ method: 'POST', url: TOKEN, payload: body });
      expect(res.statusCode).toBe(200);
      expect(res.json().scope).toBe(MANAGEMENT_API_SCOPES.join(' '));
      expectMatchesContract('POST', TOKEN, res);
    });

    it('200 with a form body and a narrowed scope', async () => {
      const body = { ...credentials(), scope: 'read:clients' };
      expectRequestMatchesContract('POST', TOKEN, 'application/x-www-form-urlencoded', body);
      const res = await t.inject({ method: 'POST', url: TOKEN, headers: formHeaders, payload: form(body) });
      expect(res.statusCode).toBe(200);
      expect(res.json().scope).toBe('read:clients');
      expectMatchesContract('POST', TOKEN, res);
    });

    it('200 with HTTP Basic client authentication', async () => {
      const { clientId, clientSecret } = t.main.admin;
      const basic = Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString('base64');
      const body = { grant_type: 'client_credentials', audience: t.main.tenant.managementAudience };
      expectRequestMatchesContract('POST', TOKEN, 'application/x-www-form-urlencoded', body);
      const res = await t.inject({ method: 'POST', url: TOKEN, headers: { ...formHeaders, authorization: `Basic ${basic}` }, payload: form(body) });
      expect(res.statusCode).toBe(200);
      expectMatchesContract('POST', TOKEN, res);
    });

    it.each([
      ['no grant_type', 400, 'invalid_request', { grant_type: '' }],
      ['an unsupported grant_type', 400, 'unsupported_grant_type', { grant_type: 'password' }],
      ['no client_id', 400, 'invalid_request', { client_id: '' }],
      ['a wrong secret', 401, 'invalid_client', { client_secret: 'not-the-secret' }],
      ['an unknown client', 401, 'invalid_client', { client_id: 'unknownclientid0000000000000000' }],
      ['no audience', 403, 'access_denied', { audience: '' }],
      ['an unknown audience', 403, 'access_denied', { audience: 'https://elsewhere.example/api/' }],
      ['only scopes outside the grant', 403, 'access_denied', { scope: 'read:roles' }],
    ])('%s → %d %s', async (_, status, error, override) => {
      const res = await t.inject({ method: 'POST', url: TOKEN, headers: formHeaders, payload: form({ ...credentials(), ...override }) });
      expect(res.statusCode).toBe(status);
      expect(res.json().error).toBe(error);
      expect(res.headers['cache-control']).toBe('no-store');
      expectMatchesContract('POST', TOKEN, res);
    });

    it('400 invalid_request for two client authentication methods at once', async () => {
      const basic = Buffer.from(`${t.main.admin.clientId}:${t.main.admin.clientSecret}`).toString('base64');
      const res = await t.inject({ method: 'POST', url: TOKEN, headers: { authorization: `Basic ${basic}` }, payload: credentials() });
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toBe('invalid_request');
      expectMatchesContract('POST', TOKEN, res);
    });

    it('401 invalid_client for a malformed Basic header', async () => {
      const res = await t.inject({
        method: 'POST',
        url: TOKEN,
        headers: { ...formHeaders, authorization: `Basic ${Buffer.from('no-colon').toString('base64')}` },
        payload: form({ grant_type: 'client_credentials', audience: t.main.tenant.managementAudience }),
      });
      expect(res.statusCode).toBe(401);
      expectMatchesContract('POST', TOKEN, res);
    });

    it('400 invalid_body (Auth0 shape) for malformed JSON', async () => {
      const res = await t.inject({ method: 'POST', url: TOKEN, headers: { 'content-type': 'application/json' }, payload: '{"grant_type":' });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ statusCode: 400, errorCode: 'invalid_body' });
      expectMatchesContract('POST', TOKEN, res);
    });

    it('413 for a body over 1 MiB', async () => {
      const res = await t.inject({ method: 'POST', url: TOKEN, headers: { 'content-type': 'application/json' }, payload: HUGE });
      expect(res.statusCode).toBe(413);
      expectMatchesContract('POST', TOKEN, res);
    });

    it('415 for a body the server cannot parse', async () => {
      const res = await t.inject({ method: 'POST', url: TOKEN, headers: { 'content-type': 'application/xml' }, payload: '<grant_type/>' });
      expect(res.statusCode).toBe(415);
      expectMatchesContract('POST', TOKEN, res);
    });
  });
});

describe('discovery and Dynamic Client Registration', () => {
  const OPENID = '/.well-known/openid-configuration';
  const OAUTH = '/.well-known/oauth-authorization-server';
  const DISCOVERY = [OPENID, OAUTH] as const;
  const app = useContractApp();
  const { t } = app;
  let acme: TenantHandle;
  beforeAll(async () => {
    acme = await t.createTenant('acme.localhost:3000');
  });

  const setDcr = async (enabled: boolean, tenant: TenantHandle = t.main) => {
    const res = await t.inject({
      method: 'PATCH',
      url: SETTINGS,
      host: tenant.host,
      headers: { authorization: `Bearer ${tenant === t.main ? app.token : await t.token(tenant)}` },
      payload: { flags: { enable_dynamic_client_registration: enabled } },
    });
    expect(res.statusCode).toBe(200);
    expectMatchesContract('PATCH', SETTINGS, res);
  };
  const discover = (url: string, host?: string) => t.inject({ method: 'GET', url, host });
  const adminGet = (clientId: string) => t.inject({ method: 'GET', url: `${CLIENTS}/${clientId}`, headers: { authorization: `Bearer ${app.token}` } });

  // The registration limit is 5 per second per tenant, in fixed one-second windows of the server's clock
  // (t.clock), and every request counts, refused ones included. `register` keeps clear of it: it counts
  // each request in every window it may have landed in (the one it was sent in and the one it ended in)
  // and sleeps into the next window when the current one may be used up. Only the 429 test spends a
  // window on purpose.
  const sent = new Map<string, number>();
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));
  const nextWindow = () => sleep(1000 - (t.clock.nowMs() % 1000) + 5);
  const register = async (payload: unknown, opts: { host?: string } = {}) => {
    const host = opts.host ?? t.main.host;
    const key = (w: number) => `${host} ${w}`;
    const windowNow = () => Math.floor(t.clock.nowMs() / 1000);
    if ((sent.get(key(windowNow())) ?? 0) >= DCR_LIMIT_PER_SECOND) await nextWindow();
    const first = windowNow();
    const res = await t.inject({ method: 'POST', url: REGISTER, host, payload: payload as object });
    for (let w = first; w <= windowNow(); w++) sent.set(key(w), (sent.get(key(w)) ?? 0) + 1);
    return res;
  };

  describe('while DCR is disabled (the default)', () => {
    it.each(DISCOVERY)('GET %s → 200: the issuer is exactly the tenant base URL; no registration_endpoint', async (url) => {
      const res = await discover(url);
      expect(res.statusCode).toBe(200);
      expectMatchesContract('GET', url, res);
      const d = res.json();
      expect(d.issuer).toBe('http://localhost:3000/');
      expect(d.issuer).toBe(t.main.tenant.issuer);
      // Only the endpoints Gatehouse serves (issue 9 §7; test/e2e/discovery.e2e-spec.ts walks them).
      expect(d).toEqual({
        issuer: 'http://localhost:3000/',
        authorization_endpoint: 'http://localhost:3000/authorize',
        token_endpoint: 'http://localhost:3000/oauth/token',
        userinfo_endpoint: 'http://localhost:3000/userinfo',
        jwks_uri: 'http://localhost:3000/.well-known/jwks.json',
        revocation_endpoint: 'http://localhost:3000/oauth/revoke',
        response_types_supported: ['code', 'token', 'id_token', 'id_token token', 'code id_token', 'code token', 'code id_token token'],
        response_modes_supported: ['query', 'fragment', 'form_post'],
        code_challenge_methods_supported: ['S256', 'plain'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
        grant_types_supported: ['authorization_code', 'refresh_token', 'client_credentials'],
        token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
        revocation_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
        request_uri_parameter_supported: false,
        request_parameter_supported: false,
      });
      expect(d).not.toHaveProperty('registration_endpoint');
      const urls = Object.entries(d).filter(([k]) => k.endsWith('_endpoint') || k === 'jwks_uri');
      expect(urls.filter(([, v]) => !String(v).startsWith(d.issuer))).toEqual([]);
    });

    it('both documents are the same; another tenant gets its own issuer', async () => {
      const [openid, oauth] = await Promise.all(DISCOVERY.map((url) => discover(url)));
      expect(oauth!.json()).toEqual(openid!.json());
      for (const url of DISCOVERY) {
        const res = await discover(url, acme.host);
        expect(res.statusCode).toBe(200);
        expectMatchesContract('GET', url, res);
        expect(res.json()).toMatchObject({ issuer: 'http://acme.localhost:3000/', token_endpoint: 'http://acme.localhost:3000/oauth/token' });
        expect(res.json().issuer).toBe(acme.tenant.issuer);
      }
    });

    it('POST /oidc/register → 403 access_denied (RFC 7591 shape), counted against the limit, no-store', async () => {
      const body = { client_name: 'Too early', redirect_uris: ['https://mcp.contract.example/callback'] };
      expectRequestMatchesContract('POST', REGISTER, 'application/json', body);
      const res = await register(body);
      expect(res.statusCode).toBe(403);
      expect(res.json()).toEqual({ error: 'access_denied', error_description: expect.any(String) });
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers['x-ratelimit-limit']).toBe(String(DCR_LIMIT_PER_SECOND));
      expectMatchesContract('POST', REGISTER, res);
    });
  });

  describe('while DCR is enabled', () => {
    beforeAll(() => setDcr(true));

    it.each(DISCOVERY)('GET %s → 200 with registration_endpoint', async (url) => {
      const res = await discover(url);
      expect(res.statusCode).toBe(200);
      expectMatchesContract('GET', url, res);
      expect(res.json().registration_endpoint).toBe('http://localhost:3000/oidc/register');
      // Still off for the other tenant.
      expect((await discover(url, acme.host)).json()).not.toHaveProperty('registration_endpoint');
    });

    it.each([
      [
        'a public native client (unknown members ignored)',
        {
          client_name: 'Contract MCP client',
          redirect_uris: ['http://127.0.0.1:33418/callback', 'com.contract.app:/oauth/callback'],
          token_endpoint_auth_method: 'none',
          grant_types: ['authorization_code', 'refresh_token'],
          response_types: ['code'],
          application_type: 'native',
          client_uri: 'https://mcp.contract.example',
          contacts: ['ops@mcp.contract.example'],
          scope: 'openid offline_access',
          software_id: 'contract-test',
        },
        'native',
      ],
      [
        'a public browser client with a logo',
        {
          client_name: 'Contract SPA',
          redirect_uris: ['https://spa.contract.example/cb'],
          token_endpoint_auth_method: 'none',
          logo_uri: 'https://spa.contract.example/logo.png',
        },
        'spa',
      ],
      ['only redirect_uris: every default', { redirect_uris: ['https://web.contract.example/cb'] }, 'regular_web'],
      [
        'a confidential client using client_secret_basic',
        {
          client_name: 'Contract backend',
          redirect_uris: ['https://backend.contract.example/cb'],
          token_endpoint_auth_method: 'client_secret_basic',
          application_type: 'native',
        },
        'regular_web',
      ],
    ] as const)('201 for %s: a strict tpc_ client, reported as app_type %s', async (_, body, appType) => {
      expectRequestMatchesContract('POST', REGISTER, 'application/json', body);
      const res = await register(body);
      expect(res.statusCode).toBe(201);
      expectMatchesContract('POST', REGISTER, res);
      expect(res.headers['cache-control']).toBe('no-store');
      const b = body as Json;
      const isPublic = b.token_endpoint_auth_method === 'none';
      expect(res.json()).toEqual({
        client_id: expect.stringMatching(/^tpc_[A-Za-z0-9]{22}$/),
        ...(isPublic ? {} : { client_secret: expect.any(String) }),
        client_secret_expires_at: 0,
        client_name: b.client_name ?? 'Dynamic client',
        redirect_uris: b.redirect_uris,
        grant_types: b.grant_types ?? ['authorization_code', 'refresh_token'],
        response_types: b.response_types ?? ['code'],
        token_endpoint_auth_method: b.token_endpoint_auth_method ?? 'client_secret_post',
        application_type: b.application_type ?? 'web',
        ...(b.logo_uri ? { logo_uri: b.logo_uri } : {}),
      });

      // The tenant's admins see it as a strict third-party application.
      const client = await adminGet(res.json().client_id);
      expect(client.statusCode).toBe(200);
      expectMatchesContract('GET', CLIENT, client);
      expect(client.json()).toMatchObject({
        is_first_party: false,
        third_party_security_mode: 'strict',
        app_type: appType,
        callbacks: b.redirect_uris,
        token_endpoint_auth_method: b.token_endpoint_auth_method ?? 'client_secret_post',
        external_metadata_type: 'dcr',
        external_metadata_created_by: 'client',
        ...(isPublic ? {} : { client_secret: res.json().client_secret }),
      });
    });

    const uri = 'https://app.contract.example/cb';
    it.each([
      ['no redirect_uris', 'invalid_redirect_uri', { client_name: 'x' }],
      ['an empty redirect_uris', 'invalid_redirect_uri', { redirect_uris: [] }],
      ['a relative redirect URI', 'invalid_redirect_uri', { redirect_uris: ['/callback'] }],
      ['a wildcard redirect URI', 'invalid_redirect_uri', { redirect_uris: ['https://*.contract.example/cb'] }],
      ['a redirect URI with a fragment', 'invalid_redirect_uri', { redirect_uris: [`${uri}#top`] }],
      ['a JSON array', 'invalid_redirect_uri', [{ redirect_uris: [uri] }]],
      ['redirect_uris that is a string', 'invalid_client_metadata', { redirect_uris: uri }],
      ['an unknown token_endpoint_auth_method', 'invalid_client_metadata', { redirect_uris: [uri], token_endpoint_auth_method: 'private_key_jwt' }],
      ['an unknown application_type', 'invalid_client_metadata', { redirect_uris: [uri], application_type: 'desktop' }],
      ['a client_name that is not a string', 'invalid_client_metadata', { redirect_uris: [uri], client_name: 42 }],
      ['a client_name over 255 characters', 'invalid_client_metadata', { redirect_uris: [uri], client_name: 'n'.repeat(256) }],
      ['grant_types that is not an array', 'invalid_client_metadata', { redirect_uris: [uri], grant_types: 'authorization_code' }],
    ])('400 for %s → %s (refused by the documented schema too)', async (_, error, body) => {
      expectRequestRejectedByContract('POST', REGISTER, body);
      const res = await register(body);
      expect(res.statusCode).toBe(400);
      expect(res.json()).toEqual({ error, error_description: expect.any(String) });
      expect(res.headers['cache-control']).toBe('no-store');
      // Counted against the limit, and says so like every other registration answer.
      expect(res.headers['x-ratelimit-limit']).toBe('5');
      expect(res.headers['x-ratelimit-remaining']).toMatch(/^[0-9]+$/);
      expectMatchesContract('POST', REGISTER, res);
    });

    it.each([
      ['the client_credentials grant', { grant_types: ['authorization_code', 'client_credentials'] }],
      ['the implicit grant', { grant_types: ['implicit'] }],
      ['a response type other than code', { response_types: ['code', 'token'] }],
    ])('400 invalid_client_metadata for %s on a strict application (a mode rule, beyond the schema)', async (_, extra) => {
      const body = { redirect_uris: [uri], ...extra };
      expectRequestMatchesContract('POST', REGISTER, 'application/json', body);
      const res = await register(body);
      expect(res.statusCode).toBe(400);
      expect(res.json()).toEqual({ error: 'invalid_client_metadata', error_description: expect.any(String) });
      expectMatchesContract('POST', REGISTER, res);
    });

    it('400 invalid_body (Auth0 shape, no rate-limit headers) for malformed JSON; 413; 415', async () => {
      // Refused before the rate limiter runs, so they need no pacing.
      const post = (contentType: string, payload: string) => t.inject({ method: 'POST', url: REGISTER, headers: { 'content-type': contentType }, payload });
      const bad = await post('application/json', '{"redirect_uris":');
      expect(bad.statusCode).toBe(400);
      expect(bad.json()).toMatchObject({ statusCode: 400, errorCode: 'invalid_body' });
      expect(bad.headers['x-ratelimit-limit']).toBeUndefined();
      expectMatchesContract('POST', REGISTER, bad);
      const big = await post('application/json', HUGE);
      expect(big.statusCode).toBe(413);
      expectMatchesContract('POST', REGISTER, big);
      const xml = await post('application/xml', '<redirect_uris/>');
      expect(xml.statusCode).toBe(415);
      expectMatchesContract('POST', REGISTER, xml);
    });

    it('429 too_many_requests with Retry-After on the sixth request of a second; another tenant is not limited', async () => {
      await setDcr(true, acme);
      // Six requests at once from the start of a fresh one-second window of the server's clock (a few
      // milliseconds in all), bypassing register()'s pacing.
      await nextWindow();
      const answers: LightMyRequestResponse[] = [];
      for (let i = 0; i <= DCR_LIMIT_PER_SECOND; i++) {
        answers.push(await t.inject({ method: 'POST', url: REGISTER, payload: { client_name: `burst ${i}`, redirect_uris: [`${uri}/${i}`] } }));
      }
      sent.set(`${t.main.host} ${Math.floor(t.clock.nowMs() / 1000)}`, DCR_LIMIT_PER_SECOND + 1);
      expect(answers.map((r) => [r.statusCode, r.headers['x-ratelimit-remaining']])).toEqual([
        [201, '4'],
        [201, '3'],
        [201, '2'],
        [201, '1'],
        [201, '0'],
        [429, '0'],
      ]);
      answers.slice(0, DCR_LIMIT_PER_SECOND).forEach((r) => expectMatchesContract('POST', REGISTER, r));
      const limited = answers[DCR_LIMIT_PER_SECOND]!;
      expect(limited.json()).toEqual({ error: 'too_many_requests', error_description: expect.any(String) });
      expect(limited.headers['retry-after']).toBe('1');
      expect(limited.headers['x-ratelimit-reset']).toBe(answers[0]!.headers['x-ratelimit-reset']);
      expectMatchesContract('POST', REGISTER, limited);

      const elsewhere = await register({ redirect_uris: ['https://acme.contract.example/cb'] }, { host: acme.host });
      expect(elsewhere.statusCode).toBe(201);
      expectMatchesContract('POST', REGISTER, elsewhere);
    });
  });

  describe('after DCR is turned off again', () => {
    beforeAll(() => setDcr(false));

    it('discovery drops registration_endpoint and registrations are refused', async () => {
      for (const url of DISCOVERY) {
        const res = await discover(url);
        expectMatchesContract('GET', url, res);
        expect(res.json()).not.toHaveProperty('registration_endpoint');
      }
      const res = await register({ redirect_uris: ['https://app.contract.example/cb'] });
      expect(res.statusCode).toBe(403);
      expect(res.json().error).toBe('access_denied');
      expectMatchesContract('POST', REGISTER, res);
    });
  });

  describe('in an account eligible for permissive mode (DCR mode left unset)', () => {
    let old: TestApp;
    beforeAll(async () => {
      // A third-party application from before April 2026 makes the account eligible.
      old = await createTestApp({ now: new Date('2026-03-01T00:00:00Z') });
      const adminToken = await old.token();
      const auth = { authorization: `Bearer ${adminToken}` };
      const legacy = await old.inject({ method: 'POST', url: CLIENTS, headers: auth, payload: { name: 'legacy partner', is_first_party: false } });
      expect(legacy.json().third_party_security_mode).toBe('permissive');
      const on = await old.inject({ method: 'PATCH', url: SETTINGS, headers: auth, payload: { flags: { enable_dynamic_client_registration: true } } });
      expect(on.json().flags.enable_dynamic_client_registration).toBe(true);
    });
    afterAll(() => old.close());

    it('201: a permissive client with a standard 32-character id and the grants strict would refuse', async () => {
      const body = {
        redirect_uris: ['https://legacy.contract.example/cb'],
        grant_types: ['authorization_code', 'implicit'],
        response_types: ['code', 'id_token'],
      };
      expectRequestMatchesContract('POST', REGISTER, 'application/json', body);
      const res = await old.inject({ method: 'POST', url: REGISTER, payload: body });
      expect(res.statusCode).toBe(201);
      expectMatchesContract('POST', REGISTER, res);
      expect(res.json()).toMatchObject({ client_id: expect.stringMatching(/^[A-Za-z0-9]{32}$/), ...body });
    });
  });
});

describe('the user flows: /oauth/token grants, /oauth/revoke, /userinfo, the refusal-only endpoints', () => {
  const { t, api } = useContractApp();
  const CB = 'https://contract.example/cb';
  const AUD = 'https://orders.contract.example/';
  let strict: { client_id: string; client_secret: string };
  let firstParty: { client_id: string; client_secret: string };
  let userId: string;

  beforeAll(async () => {
    const create = async (url: string, payload: unknown) => {
      const res = await api('POST', url, { payload });
      expect(res.statusCode).toBe(201);
      return res.json() as Json;
    };
    await create('/api/v2/resource-servers', { identifier: AUD, name: 'Orders', allow_offline_access: true, scopes: [{ value: 'read:orders' }] });
    strict = (await create(CLIENTS, {
      name: 'Strict',
      is_first_party: false,
      third_party_security_mode: 'strict',
      callbacks: [CB],
      grant_types: ['authorization_code', 'refresh_token'],
      token_endpoint_auth_method: 'client_secret_post',
    })) as typeof strict;
    firstParty = (await create(CLIENTS, { name: 'First', callbacks: [CB], grant_types: ['authorization_code', 'refresh_token'] })) as typeof firstParty;
    await create('/api/v2/client-grants', { client_id: strict.client_id, audience: AUD, scope: ['read:orders'], subject_type: 'user' });
    await create('/api/v2/connections', { name: 'contract-db', strategy: 'auth0', is_domain_connection: true });
    userId = (
      (await create('/api/v2/users', { connection: 'contract-db', email: 'carol@contract.example', password: 'Correct-Horse-Battery-9', name: 'Carol' })) as {
        user_id: string;
      }
    ).user_id;
  });

  /** A code as /authorize stores it (and the consent of a third-party client), with its PKCE verifier. */
  async function codeFor(clientId: string, scope: string, thirdParty: boolean) {
    const code = newSecret();
    const verifier = newSecret();
    const now = t.clock.now();
    await t.app.get(FlowStateRepository).insertCode({
      code_hash: hashSecret(code),
      tenant_id: t.main.tenant.id,
      client_id: clientId,
      user_id: userId,
      redirect_uri: CB,
      audience: AUD,
      scope,
      nonce: 'n1',
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
      auth_time: now.toISOString(),
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + 60_000).toISOString(),
      consumed_at: null,
    });
    if (thirdParty)
      await t.app
        .get(UserGrantsRepository)
        .grant({ tenantId: t.main.tenant.id, userId, clientId, audience: AUD, scopes: scope.split(' '), at: now.toISOString() });
    return { code, verifier };
  }
  const tokens = async (client: { client_id: string; client_secret: string }, scope: string, thirdParty: boolean) => {
    const { code, verifier } = await codeFor(client.client_id, scope, thirdParty);
    const body = {
      grant_type: 'authorization_code',
      client_id: client.client_id,
      client_secret: client.client_secret,
      code,
      redirect_uri: CB,
      code_verifier: verifier,
    };
    expectRequestMatchesContract('POST', TOKEN, 'application/x-www-form-urlencoded', body);
    const res = await t.inject({ method: 'POST', url: TOKEN, headers: formHeaders, payload: form(body) });
    expect(res.statusCode).toBe(200);
    expectMatchesContract('POST', TOKEN, res);
    return res.json() as { access_token: string; refresh_token: string; id_token?: string };
  };

  it('POST /oauth/token: authorization_code (with an ID token for a first-party client) and refresh_token', async () => {
    const first = await tokens(firstParty, 'openid profile read:orders offline_access', false);
    expect(first.id_token).toEqual(expect.any(String));
    const refresh = {
      grant_type: 'refresh_token',
      client_id: strict.client_id,
      client_secret: strict.client_secret,
      refresh_token: (await tokens(strict, 'read:orders offline_access', true)).refresh_token,
    };
    expectRequestMatchesContract('POST', TOKEN, 'application/json', refresh);
    const res = await t.inject({ method: 'POST', url: TOKEN, payload: refresh });
    expect(res.statusCode).toBe(200);
    expectMatchesContract('POST', TOKEN, res);
    const reused = await t.inject({ method: 'POST', url: TOKEN, payload: { ...refresh, scope: 'write:everything' } });
    expect(reused.json().error).toBe('invalid_scope');
    expectMatchesContract('POST', TOKEN, reused);
    const unknown = await t.inject({ method: 'POST', url: TOKEN, payload: { ...refresh, refresh_token: 'unknown' } });
    expect(unknown.json().error).toBe('invalid_grant');
    expectMatchesContract('POST', TOKEN, unknown);
  });

  it('POST /oauth/revoke: 200 (empty), 400 and 401', async () => {
    const { refresh_token } = await tokens(strict, 'read:orders offline_access', true);
    const body = { client_id: strict.client_id, client_secret: strict.client_secret, token: refresh_token, token_type_hint: 'refresh_token' };
    expectRequestMatchesContract('POST', REVOKE, 'application/x-www-form-urlencoded', body);
    for (const payload of [body, { ...body, token: 'unknown' }]) {
      const res = await t.inject({ method: 'POST', url: REVOKE, headers: formHeaders, payload: form(payload) });
      expect({ status: res.statusCode, body: res.body }).toEqual({ status: 200, body: '' });
      expectMatchesContract('POST', REVOKE, res);
    }
    const missing = await t.inject({ method: 'POST', url: REVOKE, payload: { client_id: strict.client_id, client_secret: strict.client_secret } });
    expect(missing.json().error).toBe('invalid_request');
    expectMatchesContract('POST', REVOKE, missing);
    const wrong = await t.inject({ method: 'POST', url: REVOKE, payload: { client_id: strict.client_id, client_secret: 'wrong', token: 'x' } });
    expect(wrong.statusCode).toBe(401);
    expectMatchesContract('POST', REVOKE, wrong);
  });

  it('GET /userinfo: 200, 400, 401 and 403 (strict)', async () => {
    const ask = (authorization?: string) => t.inject({ method: 'GET', url: USERINFO, headers: authorization ? { authorization } : {} });
    const ok = await ask(`Bearer ${(await tokens(firstParty, 'openid profile email read:orders', false)).access_token}`);
    expect(ok.json()).toMatchObject({ sub: userId, name: 'Carol', email: 'carol@contract.example' });
    const strictToken = (await tokens(strict, 'read:orders', true)).access_token;
    for (const [res, status] of [
      [ok, 200],
      [await ask(), 400],
      [await ask('Bearer nope'), 401],
      [await ask(`Bearer ${strictToken}`), 403],
    ] as const) {
      expect(res.statusCode).toBe(status);
      expectMatchesContract('GET', USERINFO, res);
    }
  });

  it.each(RESTRICTED_OPERATIONS.map((op) => [op]))('%s: 403 for a strict application, 400 otherwise', async (op) => {
    const [method, template] = op.split(' ') as ['GET' | 'POST', string];
    const ask = (clientId: string) => {
      const url = template.replace('{client_id}', clientId);
      return method === 'GET' ? t.inject({ method, url: `${url}?client_id=${clientId}` }) : t.inject({ method, url, payload: { client_id: clientId } });
    };
    const restricted = await ask(strict.client_id);
    expect(restricted.statusCode).toBe(403);
    expectMatchesContract(method, template, restricted);
    const other = await ask(firstParty.client_id);
    expect(other.statusCode).toBe(400);
    expectMatchesContract(method, template, other);
  });
});

describeCoverage('authentication');
