import { DataSource } from 'typeorm';
import { LogWriter } from '@gatehouse/logs';
import { ClientSchema, LogEventSchema } from '@gatehouse/schemas';
import { SigningKeysService } from '@gatehouse/tenancy';
import { useTestApp } from '@gatehouse/testing';

/**
 * Issue 12 §1: a Management API write and its `sapi` event commit in one transaction, and every
 * other event is on disk before the response that acknowledges it. The tables are read directly (not
 * through GET /api/v2/logs, which would first flush whatever the writer still held).
 */
describe('audit events commit with what they record (issue 12 §1)', () => {
  const app = useTestApp();
  const { t } = app;
  const api = app.api('/api/v2');
  const ds = () => t.app.get(DataSource);
  const events = (type: string) => ds().getRepository(LogEventSchema).findBy({ tenant_id: t.main.tenant.id, type });
  const createEvents = async (name: string) =>
    (await events('sapi')).filter((e) => (e.details as { request?: { path?: string; body?: { name?: string } } }).request?.body?.name === name);
  const clientsNamed = (name: string) => ds().getRepository(ClientSchema).findBy({ tenant_id: t.main.tenant.id, name });

  afterEach(() => jest.restoreAllMocks());

  it('a successful write: the row and its sapi event are both in the database when the 201 arrives', async () => {
    const res = await api('POST', '/clients', { name: 'atomic ok' });
    expect(res.statusCode).toBe(201);
    expect(await clientsNamed('atomic ok')).toHaveLength(1);
    const [event, ...more] = await createEvents('atomic ok');
    expect(more).toHaveLength(0);
    expect(event).toMatchObject({ type: 'sapi', description: 'Create a client', client_id: t.main.admin.clientId, client_name: 'Gatehouse Admin (bootstrap)' });
    expect(event!.details).toMatchObject({ request: { method: 'POST', path: '/api/v2/clients' }, response: { statusCode: 201 } });

    const deleted = await api('DELETE', `/clients/${res.json().client_id}`);
    expect(deleted.statusCode).toBe(204);
    const deletes = (await events('sapi')).filter(
      (e) => (e.details as { request: { path: string } }).request.path === `/api/v2/clients/${res.json().client_id}`,
    );
    expect(deletes).toMatchObject([{ description: 'Delete a client', details: { request: { method: 'DELETE' }, response: { statusCode: 204 } } }]);
  });

  it('a refused write leaves no sapi event and no row; its fapi event is in the database when the 400 arrives', async () => {
    const res = await api('POST', '/clients', { name: 'atomic refused', sso: 'yes' });
    expect(res.statusCode).toBe(400);
    expect(await clientsNamed('atomic refused')).toHaveLength(0);
    expect(await createEvents('atomic refused')).toHaveLength(0);
    const failures = (await events('fapi')).filter((e) => (e.details as { request?: { body?: { name?: string } } }).request?.body?.name === 'atomic refused');
    expect(failures).toHaveLength(1);
  });

  it('when the event cannot be written, the write is rolled back with it: no row, no event', async () => {
    jest.spyOn(t.app.get(LogWriter), 'writeWithin').mockRejectedValueOnce(new Error('simulated: the log table refused the event'));
    const res = await api('POST', '/clients', { name: 'atomic no event' });
    expect(res.statusCode).toBeGreaterThanOrEqual(500);
    expect(await clientsNamed('atomic no event')).toHaveLength(0);
    expect(await createEvents('atomic no event')).toHaveLength(0);
  });

  it('when the handler fails after its write, the transaction is rolled back: neither the row nor an event remains', async () => {
    // ClientsService.create inserts the row, then reads the signing certificates for its answer.
    jest.spyOn(t.app.get(SigningKeysService), 'certificates').mockRejectedValueOnce(new Error('simulated: failure after the insert'));
    const res = await api('POST', '/clients', { name: 'atomic rolled back' });
    expect(res.statusCode).toBeGreaterThanOrEqual(500);
    expect(await clientsNamed('atomic rolled back')).toHaveLength(0);
    expect(await createEvents('atomic rolled back')).toHaveLength(0);
    // The same request succeeds once nothing fails, and then both are there.
    expect((await api('POST', '/clients', { name: 'atomic rolled back' })).statusCode).toBe(201);
    expect(await clientsNamed('atomic rolled back')).toHaveLength(1);
    expect(await createEvents('atomic rolled back')).toHaveLength(1);
  });

  it('a token response is an acknowledgement: its seccft event is in the database when the token arrives', async () => {
    const before = (await events('seccft')).length;
    // t.token(): the admin application's client_credentials request, which throws unless it is answered 200.
    expect(await t.token()).toEqual(expect.any(String));
    expect(await events('seccft')).toHaveLength(before + 1);
  });

  it('concurrent writes each commit with their own event', async () => {
    const names = Array.from({ length: 20 }, (_, i) => `atomic concurrent ${i}`);
    const answers = await Promise.all(names.map((name) => api('POST', '/clients', { name })));
    expect(answers.map((a) => a.statusCode)).toEqual(names.map(() => 201));
    for (const name of names) {
      expect(await clientsNamed(name)).toHaveLength(1);
      expect(await createEvents(name)).toHaveLength(1);
    }
  });
});
