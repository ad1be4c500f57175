import { describeCoverage, expectMatchesContract, MIGRATION_REPORT, useContractApp } from './support/contract';

/** GET /ext/v1/migration-report: JSON and text, and its refusals. */

describe('responses match openapi.yaml', () => {
  // A permissive client exists only from before April 2026: the app starts then, and the clock moves on.
  const { t, api, tokenWith } = useContractApp({ now: new Date('2026-03-01T00:00:00Z') });
  let token: string;

  beforeAll(async () => {
    const created = await api('POST', '/api/v2/clients', {
      payload: {
        name: 'Legacy partner',
        is_first_party: false,
        callbacks: ['https://*.partner.example.com/cb'],
        jwt_configuration: { alg: 'HS256' },
        sso: true,
      },
    });
    expect(created.statusCode).toBe(201);
    t.clock.set(new Date('2026-06-01T00:00:00Z'));
    token = await t.token();
  });

  it('GET 200 JSON: every permissive client with its findings, and the tenant', async () => {
    const res = await api('GET', MIGRATION_REPORT, { bearer: token });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ phase: 'before_flip', summary: { permissive_clients: 1, with_findings: 1 } });
    expect(res.json().clients[0].findings.length).toBeGreaterThan(4);
    expectMatchesContract('GET', MIGRATION_REPORT, res);
  });

  it('GET 200 text/plain for ?format=text', async () => {
    const res = await api('GET', `${MIGRATION_REPORT}?format=text`, { bearer: token });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Legacy partner');
    expectMatchesContract('GET', MIGRATION_REPORT, res);
  });

  it('GET 400 for an unknown format, 401 without a token, 403 without read:clients', async () => {
    const bad = await api('GET', `${MIGRATION_REPORT}?format=html`, { bearer: token });
    expect(bad.statusCode).toBe(400);
    expectMatchesContract('GET', MIGRATION_REPORT, bad);
    const anonymous = await api('GET', MIGRATION_REPORT, { bearer: null });
    expect(anonymous.statusCode).toBe(401);
    expectMatchesContract('GET', MIGRATION_REPORT, anonymous);
    const narrow = await api('GET', MIGRATION_REPORT, { bearer: await tokenWith('read:client_grants') });
    expect(narrow.statusCode).toBe(403);
    expect(narrow.json().message).toBe('Insufficient scope, expected any of: read:clients');
    expectMatchesContract('GET', MIGRATION_REPORT, narrow);
  });
});

describeCoverage('migration-report');
