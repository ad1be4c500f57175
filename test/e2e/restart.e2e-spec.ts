import { DataSource } from 'typeorm';
import { decodeJwt } from 'jose';
import { MIGRATIONS } from '@gatehouse/schemas';
import { createTestApp, TestApp } from '@gatehouse/testing';

/**
 * A restart on the same database (SQLite file or PostgreSQL database) keeps every row, applies no
 * migration twice, never duplicates the seed, and takes a new GATEHOUSE_NOW.
 */
describe('restart on the same database', () => {
  let t: TestApp;
  afterAll(() => t.close());

  async function counts(app: TestApp) {
    const ds = app.app.get(DataSource);
    const n = async (table: string) => Number((await ds.query(`SELECT COUNT(*) AS n FROM ${table}`))[0].n);
    return {
      accounts: await n('accounts'),
      tenants: await n('tenants'),
      clients: await n('clients'),
      resource_servers: await n('resource_servers'),
      client_grants: await n('client_grants'),
      signing_keys: await n('signing_keys'),
    };
  }

  it('seeds once, keeps rows and keys, and follows the new clock', async () => {
    t = await createTestApp({ now: new Date('2026-03-15T12:00:00Z') });
    await t.createTenant('acme.localhost:3000');
    const before = await counts(t);
    // One system API each: the My Account API exists only once activated (SPEC §5).
    expect(before).toEqual({ accounts: 2, tenants: 2, clients: 2, resource_servers: 2, client_grants: 2, signing_keys: 2 });
    const kidBefore = (await t.inject({ method: 'GET', url: '/.well-known/jwks.json' })).json().keys[0].kid;
    const oldToken = await t.token();

    t = await t.restart({ now: new Date('2026-11-01T00:00:00Z') });
    expect(await counts(t)).toEqual(before);
    const ds = t.app.get(DataSource);
    const applied = await ds.query('SELECT name FROM migrations');
    expect(applied.map((r: { name: string }) => r.name)).toEqual(MIGRATIONS.sqlite.map((m) => new m().name));
    expect(await ds.showMigrations()).toBe(false);

    // Same keys and secrets after the restart: the admin still authenticates, its JWKS is unchanged.
    expect((await t.inject({ method: 'GET', url: '/.well-known/jwks.json' })).json().keys[0].kid).toBe(kidBefore);
    const claims = decodeJwt(await t.token());
    expect(Math.abs((claims.iat as number) - Date.parse('2026-11-01T00:00:00Z') / 1000)).toBeLessThan(60);
    // A token issued under the earlier clock (March, 24 h lifetime) has expired under the new one.
    const res = await t.inject({ method: 'GET', url: '/api/v2/roles', headers: { authorization: `Bearer ${oldToken}` } });
    expect(res.statusCode).toBe(401);
  });
});
