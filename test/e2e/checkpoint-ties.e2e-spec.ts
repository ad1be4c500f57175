import { DataSource } from 'typeorm';
import { useTestApp } from '@gatehouse/testing';

/**
 * Checkpoint pages (`from` + `take`, SPEC §3) order by (created_at, id) and resume after the cursor's
 * pair: rows created at the same instant are neither skipped nor repeated across page boundaries, on
 * SQLite and PostgreSQL (the cursor is a row-value comparison since the SQLite index seek of issue 13).
 */
describe('checkpoint pages across rows created at the same instant', () => {
  const app = useTestApp();
  const { t } = app;
  const api = app.api('/api/v2/clients');

  it('walks seven clients, five of them with one created_at, one per page: each exactly once, in the order of one large page', async () => {
    const created: string[] = [];
    for (let i = 0; i < 7; i++) {
      const res = await api('POST', '', { name: `tie-${i}` });
      expect(res.statusCode).toBe(201);
      created.push(res.json().client_id);
    }
    // Clients' created_at is not on the wire: the five ties are made in the table (same instant, to the ms).
    const ds = t.app.get(DataSource);
    const [{ created_at: instant }] = (await ds.query('SELECT created_at FROM clients WHERE client_id = ' + (ds.options.type === 'postgres' ? '$1' : '?'), [
      created[1],
    ])) as { created_at: string }[];
    for (const id of created.slice(2, 6)) {
      await ds.query(`UPDATE clients SET created_at = ${ds.options.type === 'postgres' ? '$1 WHERE client_id = $2' : '? WHERE client_id = ?'}`, [instant, id]);
    }

    const names = (clients: { client_id: string; name: string }[]) => clients.filter((c) => c.name.startsWith('tie-')).map((c) => c.client_id);
    const whole = await api('GET', '?take=50&fields=client_id,name');
    expect(whole.statusCode).toBe(200);
    const order = names(whole.json().clients);
    expect([...order].sort()).toEqual([...created].sort());
    expect(order[0]).toBe(created[0]);
    expect(order[6]).toBe(created[6]);

    const seen: string[] = [];
    let from: string | undefined;
    for (let pages = 0; pages < 50; pages++) {
      const res = await api('GET', `?take=1&fields=client_id,name${from ? `&from=${encodeURIComponent(from)}` : ''}`);
      expect(res.statusCode).toBe(200);
      const body = res.json() as { clients: { client_id: string; name: string }[]; next?: string };
      seen.push(...names(body.clients));
      if (!body.next) break;
      from = body.next;
    }
    expect(seen).toEqual(order);
  });
});
