import type { EntityManager } from 'typeorm';
import { TenantContents } from './tenant-contents';

const em = {} as EntityManager;
const tenant = { id: 't1', domain: 'acme.localhost:3000', created: true };

describe('TenantContents', () => {
  it('seeds and moves with every registered part, in the order registered', async () => {
    const contents = new TenantContents();
    const calls: string[] = [];
    contents.register({ seed: async (_em, t) => void calls.push(`apis ${t.id}`), moveDomain: async (_em, m) => void calls.push(`apis ${m.from}→${m.to}`) });
    contents.register({ seed: async () => void calls.push('clients') });
    await contents.seed(em, tenant);
    await contents.moveDomain(em, { tenantId: 't1', from: 'a', to: 'b' });
    expect(calls).toEqual(['apis t1', 'clients', 'apis a→b']);
  });

  it('answers the first third-party client over every part that knows of some', async () => {
    const contents = new TenantContents();
    contents.register({ firstThirdPartyClient: async () => ({ clientId: 'may', createdAt: new Date('2026-05-01T00:00:00Z') }) });
    contents.register({});
    contents.register({ firstThirdPartyClient: async () => ({ clientId: 'march', createdAt: new Date('2026-03-01T00:00:00Z') }) });
    contents.register({ firstThirdPartyClient: async () => undefined });
    expect(await contents.firstThirdPartyClient(['t1'])).toEqual({ clientId: 'march', createdAt: new Date('2026-03-01T00:00:00Z') });
    expect(await new TenantContents().firstThirdPartyClient(['t1'])).toBeUndefined();
  });

  it('refuses to seed a tenant before any part is registered (it would lack its system APIs and admin)', async () => {
    await expect(new TenantContents().seed(em, tenant)).rejects.toThrow('no tenant contents are registered');
  });
});
