import { DataSource } from 'typeorm';
import { FlowStateRepository, hashSecret, newSecret } from '@gatehouse/authorization';
import { createTestApp, TestApp } from '@gatehouse/testing';
import type { AuthorizationCodeRow, RefreshTokenRow } from '@gatehouse/schemas';

/**
 * The state of user flows on the real database (SQLite, or PostgreSQL with GATEHOUSE_TEST_DATABASE):
 * a code is used once even when two exchanges race, a rotating token rotates once, revocation reaches a
 * whole family or every token of a code, tenants never see each other's rows, and a deleted client
 * leaves nothing behind.
 */
describe('flow state', () => {
  let t: TestApp;
  let repo: FlowStateRepository;
  let ds: DataSource;
  let other: string;
  const NOW = '2026-12-03T12:00:00.000Z';

  beforeAll(async () => {
    t = await createTestApp();
    ds = t.app.get(DataSource);
    repo = t.app.get(FlowStateRepository);
    other = (await t.createTenant('other.gatehouse.test')).tenant.id;
  });
  afterAll(() => t.close());

  const tenant = () => t.main.tenant.id;
  const code = (over: Partial<AuthorizationCodeRow> = {}): AuthorizationCodeRow => ({
    code_hash: hashSecret(newSecret()),
    tenant_id: tenant(),
    client_id: 'tpc_client',
    user_id: 'auth0|u1',
    redirect_uri: 'https://app.example.com/cb',
    audience: 'https://api.example.com',
    scope: 'read offline_access',
    nonce: null,
    code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    code_challenge_method: 'S256',
    auth_time: NOW,
    created_at: NOW,
    expires_at: NOW,
    consumed_at: null,
    ...over,
  });
  let n = 0;
  const tokenRow = (over: Partial<RefreshTokenRow> = {}): RefreshTokenRow => ({
    id: `rt_${++n}`,
    token_hash: hashSecret(newSecret()),
    tenant_id: tenant(),
    client_id: 'tpc_client',
    user_id: 'auth0|u1',
    family_id: `fam_${n}`,
    code_hash: null,
    audience: 'https://api.example.com',
    scope: 'read offline_access',
    family_started_at: NOW,
    issued_at: NOW,
    last_used_at: null,
    rotated_at: null,
    revoked_at: null,
    expires_at: null,
    ...over,
  });

  it('a code is consumed once, even by racing exchanges', async () => {
    const row = code();
    await repo.insertCode(row);
    const wins = await Promise.all(Array.from({ length: 8 }, () => repo.consumeCode(tenant(), row.code_hash, NOW)));
    expect(wins.filter(Boolean)).toHaveLength(1);
    expect((await repo.findCode(tenant(), row.code_hash))?.consumed_at).toBe(NOW);
  });

  it('another tenant can neither find nor consume a code', async () => {
    const row = code();
    await repo.insertCode(row);
    expect(await repo.findCode(other, row.code_hash)).toBeNull();
    expect(await repo.consumeCode(other, row.code_hash, NOW)).toBe(false);
    expect(await repo.consumeCode(tenant(), row.code_hash, NOW)).toBe(true);
  });

  it('a rotating token rotates once; a revoked one not at all', async () => {
    const a = tokenRow();
    const b = tokenRow({ revoked_at: NOW });
    await repo.insertRefreshToken(a);
    await repo.insertRefreshToken(b);
    const wins = await Promise.all(Array.from({ length: 6 }, () => repo.markRotated(tenant(), a.id, NOW)));
    expect(wins.filter(Boolean)).toHaveLength(1);
    expect(await repo.markRotated(tenant(), b.id, NOW)).toBe(false);
  });

  it('revoking a family, or what a code issued, reaches exactly those tokens', async () => {
    const fam = [tokenRow({ family_id: 'fam_x' }), tokenRow({ family_id: 'fam_x' })];
    const fromCode = tokenRow({ code_hash: 'c'.repeat(64) });
    const bystander = tokenRow();
    const otherTenant = tokenRow({ tenant_id: other, family_id: 'fam_x', code_hash: 'c'.repeat(64) });
    for (const r of [...fam, fromCode, bystander, otherTenant]) await repo.insertRefreshToken(r);
    await repo.revokeFamily(tenant(), 'fam_x', NOW);
    await repo.revokeIssuedFromCode(tenant(), 'c'.repeat(64), NOW);
    const revoked = async (r: RefreshTokenRow) => (await repo.findRefreshToken(r.tenant_id, r.token_hash))?.revoked_at;
    expect(await Promise.all([...fam, fromCode].map(revoked))).toEqual([NOW, NOW, NOW]);
    expect(await revoked(bystander)).toBeNull();
    expect(await revoked(otherTenant)).toBeNull();
  });

  it('transactions end once; sessions are found by hash', async () => {
    const id = newSecret();
    await repo.createTransaction({
      id,
      tenant_id: tenant(),
      client_id: 'tpc_client',
      request: { scopes: ['read'] },
      csrf_hash: hashSecret('x'),
      user_id: null,
      auth_time: null,
      created_at: NOW,
      expires_at: NOW,
    });
    await repo.attachUser(tenant(), id, 'auth0|u1', NOW);
    expect(await repo.findTransaction(tenant(), id)).toMatchObject({ user_id: 'auth0|u1', request: { scopes: ['read'] } });
    expect(await repo.findTransaction(other, id)).toBeNull();
    // Either may win the race (PostgreSQL runs them on two connections): exactly one does.
    expect((await Promise.all([repo.endTransaction(tenant(), id), repo.endTransaction(tenant(), id)])).sort()).toEqual([false, true]);

    const cookie = newSecret();
    await repo.createSession({ id_hash: hashSecret(cookie), tenant_id: tenant(), user_id: 'auth0|u1', auth_time: NOW, created_at: NOW, expires_at: NOW });
    expect(await repo.findSession(tenant(), hashSecret(cookie))).toMatchObject({ user_id: 'auth0|u1' });
    expect(await repo.findSession(other, hashSecret(cookie))).toBeNull();
    await repo.endSessionsOfUser(tenant(), 'auth0|u1');
    expect(await repo.findSession(tenant(), hashSecret(cookie))).toBeNull();
  });

  it('a deleted client leaves no code, token or transaction behind, in other tenants untouched', async () => {
    const mine = [code({ client_id: 'gone' }), code({ client_id: 'gone', tenant_id: other })];
    for (const c of mine) await repo.insertCode(c);
    const rt = tokenRow({ client_id: 'gone' });
    await repo.insertRefreshToken(rt);
    await repo.createTransaction({
      id: 'tx_gone',
      tenant_id: tenant(),
      client_id: 'gone',
      request: {},
      csrf_hash: 'h',
      user_id: null,
      auth_time: null,
      created_at: NOW,
      expires_at: NOW,
    });
    await ds.transaction((em) => repo.deleteForClient(tenant(), 'gone', em));
    expect(await repo.findCode(tenant(), mine[0].code_hash)).toBeNull();
    expect(await repo.findCode(other, mine[1].code_hash)).not.toBeNull();
    expect(await repo.findRefreshToken(tenant(), rt.token_hash)).toBeNull();
    expect(await repo.findTransaction(tenant(), 'tx_gone')).toBeNull();
  });

  it('deleting a client through the Management API revokes its codes and refresh tokens at once (SPEC §4.1)', async () => {
    const token = await t.token();
    const headers = { host: t.main.host, authorization: `Bearer ${token}` };
    const created = await t.inject({
      method: 'POST',
      url: '/api/v2/clients',
      headers,
      payload: { name: 'to be deleted', is_first_party: false, callbacks: ['https://app.example.com/cb'] },
    });
    expect(created.statusCode).toBe(201);
    const clientId = created.json().client_id as string;
    const c = code({ client_id: clientId });
    await repo.insertCode(c);
    const rt = tokenRow({ client_id: clientId });
    await repo.insertRefreshToken(rt);
    expect((await t.inject({ method: 'DELETE', url: `/api/v2/clients/${clientId}`, headers })).statusCode).toBe(204);
    expect(await repo.findCode(tenant(), c.code_hash)).toBeNull();
    expect(await repo.findRefreshToken(tenant(), rt.token_hash)).toBeNull();
  });
});
