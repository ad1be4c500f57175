import { CLIENT_DELETED } from '@gatehouse/clients';
import { Cascades } from '@gatehouse/persistence';
import { useTestApp } from '@gatehouse/testing';

/**
 * What hangs off a client or an API goes with it, in the owner's transaction (docs/decisions.md,
 * "Tenant contents and cascades"): libs/persistence's Cascades, with client-grants' handlers.
 */
describe('deletion cascades', () => {
  const app = useTestApp();
  const { t } = app;
  const call = app.api();

  const API = 'https://cascade.example/';
  const grant = (clientId: string) => call('POST', '/api/v2/client-grants', { client_id: clientId, audience: API, scope: ['s'] });

  beforeAll(async () => {
    expect((await call('POST', '/api/v2/resource-servers', { name: 'Cascade', identifier: API, scopes: [{ value: 's' }] })).statusCode).toBe(201);
  });

  it("deleting a client takes its grants with it, and no other client's", async () => {
    const gone = (await call('POST', '/api/v2/clients', { name: 'gone' })).json();
    const kept = (await call('POST', '/api/v2/clients', { name: 'kept' })).json();
    const [goneGrant, keptGrant] = [(await grant(gone.client_id)).json(), (await grant(kept.client_id)).json()];
    expect((await call('DELETE', `/api/v2/clients/${gone.client_id}`)).statusCode).toBe(204);
    expect((await call('GET', `/api/v2/client-grants/${goneGrant.id}`)).json()).toMatchObject({ statusCode: 404, errorCode: 'inexistent_client_grant' });
    expect((await call('GET', `/api/v2/client-grants/${keptGrant.id}`)).statusCode).toBe(200);
    expect((await call('GET', `/api/v2/client-grants?client_id=${gone.client_id}`)).json()).toEqual([]);
  });

  it('a client and its grants go together or not at all', async () => {
    const c = (await call('POST', '/api/v2/clients', { name: 'stays' })).json();
    const g = (await grant(c.client_id)).json();
    // A dependent that fails after the grants were deleted: the whole deletion rolls back.
    t.app.get(Cascades).on(CLIENT_DELETED, async () => Promise.reject(new Error('a dependent refused')));
    expect((await call('DELETE', `/api/v2/clients/${c.client_id}`)).statusCode).toBe(500);
    expect((await call('GET', `/api/v2/clients/${c.client_id}`)).statusCode).toBe(200);
    expect((await call('GET', `/api/v2/client-grants/${g.id}`)).statusCode).toBe(200);
  });
});
