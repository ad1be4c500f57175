import { createHash, randomBytes } from 'crypto';
import type { LightMyRequestResponse } from 'fastify';
import {
  AUTHORIZE,
  CONSENT,
  LOGIN,
  STYLESHEET,
  describeCoverage,
  expectMatchesContract,
  expectRequestMatchesContract,
  form,
  formHeaders,
  useContractApp,
  xmlHeaders,
} from './support/contract';

/** GET /authorize, the login and consent forms and the stylesheet against openapi.yaml. */

const CB = 'https://app.example.com/callback';
const API = 'https://orders.example.com/';
const PASSWORD = 'Correct-Horse-Battery-9';

describe('responses match openapi.yaml', () => {
  const { t, api } = useContractApp();
  let strict: string;
  let strictAllow: string;
  let firstParty: string;

  const created = async (url: string, payload: unknown) => {
    const res = await api('POST', url, { payload });
    if (res.statusCode >= 300) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
    return res.json();
  };

  beforeAll(async () => {
    await created('/api/v2/resource-servers', { identifier: API, name: 'Orders', scopes: [{ value: 'read:orders' }] });
    strict = (await created('/api/v2/clients', { name: 'Strict', is_first_party: false, third_party_security_mode: 'strict', callbacks: [CB] })).client_id;
    strictAllow = (
      await created('/api/v2/clients', {
        name: 'Strict Allow',
        is_first_party: false,
        third_party_security_mode: 'strict',
        callbacks: [CB],
        redirection_policy: 'allow_always',
      })
    ).client_id;
    firstParty = (await created('/api/v2/clients', { name: 'First Party', callbacks: [CB] })).client_id;
    await created('/api/v2/client-grants', { default_for: 'third_party_clients', audience: API, scope: ['read:orders'], subject_type: 'user' });
    const conn = await created('/api/v2/connections', { name: 'domain-db', strategy: 'auth0', is_domain_connection: true });
    await api('PATCH', `/api/v2/connections/${conn.id}/clients`, { payload: [{ client_id: firstParty, status: true }] });
    await created('/api/v2/users', { connection: 'domain-db', email: 'alice@example.com', password: PASSWORD });
  });

  const request = (client: string, over: Record<string, string> = {}) => {
    const challenge = createHash('sha256').update(randomBytes(32).toString('base64url')).digest('base64url');
    return new URLSearchParams({
      client_id: client,
      redirect_uri: CB,
      response_type: 'code',
      state: 's',
      audience: API,
      scope: 'read:orders',
      code_challenge: challenge,
      code_challenge_method: 'S256',
      ...over,
    }).toString();
  };
  const authorize = (q: string) => t.inject({ method: 'GET', url: `${AUTHORIZE}?${q}` });
  const hidden = (res: LightMyRequestResponse) => ({
    transaction: /name="transaction" value="([^"]+)"/.exec(res.body)![1]!,
    csrf: /name="csrf" value="([^"]+)"/.exec(res.body)![1]!,
  });
  const txCookie = (res: LightMyRequestResponse) => ({ gh_tx: res.cookies.find((c) => c.name === 'gh_tx')!.value });
  const post = (path: string, body: Record<string, string>, cookies: Record<string, string>) => {
    expectRequestMatchesContract('POST', path, 'application/x-www-form-urlencoded', body);
    return t.inject({ method: 'POST', url: path, headers: formHeaders, payload: form(body), cookies });
  };
  const login = async (client: string, password = PASSWORD, over: Record<string, string> = {}) => {
    const page = await authorize(request(client, over));
    return post(LOGIN, { ...hidden(page), connection: 'domain-db', email: 'alice@example.com', password }, txCookie(page));
  };

  describe(`GET ${AUTHORIZE}`, () => {
    it('200: the login page', async () => {
      const res = await authorize(request(strict));
      expect(res.statusCode).toBe(200);
      expectMatchesContract('GET', AUTHORIZE, res);
    });

    it('302: an error sent back to the redirect URI (allow_always)', async () => {
      const res = await authorize(request(strictAllow, { audience: 'https://nowhere.example/' }));
      expect(res.statusCode).toBe(302);
      expect(new URL(String(res.headers.location)).searchParams.get('error')).toBe('access_denied');
      expectMatchesContract('GET', AUTHORIZE, res);
    });

    it('400: an error page (unknown client; open-redirect protection)', async () => {
      for (const q of [request('tpc_unknown'), request(strict, { scope: 'openid' })]) {
        const res = await authorize(q);
        expect(res.statusCode).toBe(400);
        expectMatchesContract('GET', AUTHORIZE, res);
      }
    });
  });

  describe(`POST ${LOGIN}`, () => {
    it('200: the consent page after a login for a third-party application', async () => {
      const res = await login(strict);
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('action="/u/consent"');
      expectMatchesContract('POST', LOGIN, res);
    });

    it('302: the code for a first-party application', async () => {
      const res = await login(firstParty);
      expect(res.statusCode).toBe(302);
      expect(new URL(String(res.headers.location)).searchParams.get('code')).toBeTruthy();
      expectMatchesContract('POST', LOGIN, res);
    });

    it('400: wrong credentials', async () => {
      const res = await login(strict, 'wrong-password');
      expect(res.statusCode).toBe(400);
      expectMatchesContract('POST', LOGIN, res);
    });

    it('403: a form without its transaction cookie', async () => {
      const page = await authorize(request(strict));
      const res = await post(LOGIN, { ...hidden(page), email: 'alice@example.com', password: PASSWORD }, {});
      expect(res.statusCode).toBe(403);
      expectMatchesContract('POST', LOGIN, res);
    });

    it('415: a body that is not a form', async () => {
      const res = await t.inject({ method: 'POST', url: LOGIN, headers: xmlHeaders, payload: '<login/>' });
      expect(res.statusCode).toBe(415);
      expectMatchesContract('POST', LOGIN, res);
    });
  });

  describe(`POST ${CONSENT}`, () => {
    it('302: accepted, the code', async () => {
      const page = await login(strict);
      const res = await post(CONSENT, { ...hidden(page), decision: 'accept' }, txCookie(page));
      expect(res.statusCode).toBe(302);
      expectMatchesContract('POST', CONSENT, res);
    });

    it('200: accepted with response_mode=form_post, the page that posts the code (a permissive application: strict ones may not send response_mode)', async () => {
      // Permissive applications exist only in accounts that had third-party applications before April
      // 2026: this one is created on the clock set back (with a token minted then), and the clock returns.
      t.clock.set(new Date('2026-03-01T00:00:00Z'));
      let permissive: string;
      try {
        const res = await api('POST', '/api/v2/clients', {
          payload: { name: 'Permissive', is_first_party: false, callbacks: [CB] },
          bearer: await t.token(),
        });
        expect(res.statusCode).toBe(201);
        permissive = res.json().client_id;
      } finally {
        t.clock.set(new Date());
      }
      const page = await login(permissive, PASSWORD, { response_mode: 'form_post' });
      expect(page.body).toContain('action="/u/consent"');
      const res = await post(CONSENT, { ...hidden(page), decision: 'accept' }, txCookie(page));
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain(`action="${CB}"`);
      expectMatchesContract('POST', CONSENT, res);
    });

    it('400: denied under open-redirect protection', async () => {
      const page = await login(strict, PASSWORD, { prompt: 'consent' });
      const res = await post(CONSENT, { ...hidden(page), decision: 'deny' }, txCookie(page));
      expect(res.statusCode).toBe(400);
      expectMatchesContract('POST', CONSENT, res);
    });

    it('403: a forged CSRF token', async () => {
      const page = await login(strict, PASSWORD, { prompt: 'consent' });
      const res = await post(CONSENT, { ...hidden(page), csrf: 'forged', decision: 'accept' }, txCookie(page));
      expect(res.statusCode).toBe(403);
      expectMatchesContract('POST', CONSENT, res);
    });

    it('415: a body that is not a form', async () => {
      const res = await t.inject({ method: 'POST', url: CONSENT, headers: xmlHeaders, payload: '<consent/>' });
      expect(res.statusCode).toBe(415);
      expectMatchesContract('POST', CONSENT, res);
    });
  });

  it(`GET ${STYLESHEET}`, async () => {
    const res = await t.inject({ method: 'GET', url: STYLESHEET });
    expect(res.statusCode).toBe(200);
    expectMatchesContract('GET', STYLESHEET, res);
  });
});

describeCoverage('authorize');
