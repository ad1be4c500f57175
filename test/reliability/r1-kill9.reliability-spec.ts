import { Database } from 'sqlite3';
import { adminToken, reportFigures, spawnGatehouse, SpawnedGatehouse } from './support/server';
import { send } from './support/http';

/**
 * R1 (issue 12 §1, §8): kill -9 during concurrent writes loses nothing acknowledged. 200 creates are
 * fired at once at the compiled server (its own process); after the 100th 201 it is killed with
 * SIGKILL; a new process on the same database must then show every acknowledged client AND its `sapi`
 * tenant log event, no event of a create whose client is missing (they commit together), and on
 * SQLite `PRAGMA integrity_check` = ok on the file the kill left.
 */
const CREATES = 200;
const KILL_AFTER = 100;

jest.setTimeout(120_000);

function integrityCheck(databaseUrl: string): Promise<string> {
  const file = databaseUrl.replace(/^sqlite:/, '');
  return new Promise((resolve, reject) => {
    const db = new Database(file, (err) => {
      if (err) return reject(err);
      db.all('PRAGMA integrity_check', (e, rows: { integrity_check: string }[]) => {
        db.close();
        if (e) reject(e);
        else resolve(rows.map((r) => r.integrity_check).join('; '));
      });
    });
  });
}

interface LoggedCreate {
  type: string;
  log_id: string;
  details?: { request?: { method?: string; path?: string; body?: { name?: string } } };
}

async function allEvents(g: SpawnedGatehouse, token: string): Promise<LoggedCreate[]> {
  const out: LoggedCreate[] = [];
  let from = '';
  for (;;) {
    const res = await send(g.port, g.host, {
      method: 'GET',
      path: `/api/v2/logs?take=100${from ? `&from=${from}` : ''}`,
      headers: [['Authorization', `Bearer ${token}`]],
    });
    expect(res.status).toBe(200);
    const page = res.json as LoggedCreate[];
    out.push(...page);
    if (page.length < 100) return out;
    from = page[page.length - 1]!.log_id;
  }
}

describe('R1: kill -9 during concurrent creates', () => {
  let g: SpawnedGatehouse | undefined;
  afterAll(() => g?.dispose());

  it('keeps every acknowledged client and its sapi event', async () => {
    g = await spawnGatehouse();
    const token = await adminToken(g.port, g.host, g.admin, g.audience);
    const killed = g;
    const acknowledged = new Map<string, string>(); // name -> client_id
    let refused = 0;
    const creates = Array.from({ length: CREATES }, async (_, i) => {
      const name = `r1-${i}`;
      const res = await send(killed.port, killed.host, {
        method: 'POST',
        path: '/api/v2/clients',
        headers: [
          ['Authorization', `Bearer ${token}`],
          ['Content-Type', 'application/json'],
        ],
        body: JSON.stringify({ name }),
      }).catch(() => undefined); // no answer: the process was killed first
      if (!res) return;
      if (res.status !== 201) {
        refused++;
        return;
      }
      acknowledged.set(name, (res.json as { client_id: string }).client_id);
      if (acknowledged.size === KILL_AFTER) killed.proc.kill('SIGKILL');
    });
    await Promise.all(creates);
    await killed.kill9();
    expect(refused).toBe(0);
    expect(acknowledged.size).toBeGreaterThanOrEqual(KILL_AFTER);
    // Not all of them: the kill came while creates were still in flight.
    expect(acknowledged.size).toBeLessThan(CREATES);

    const sqlite = killed.databaseUrl.startsWith('sqlite:');
    const integrity = sqlite ? await integrityCheck(killed.databaseUrl) : 'n/a';
    if (sqlite) expect(integrity).toBe('ok');

    g = await killed.restart();
    const token2 = await adminToken(g.port, g.host, g.admin, g.audience);
    const missing: string[] = [];
    for (const [name, id] of acknowledged) {
      const res = await send(g.port, g.host, { method: 'GET', path: `/api/v2/clients/${id}?fields=name`, headers: [['Authorization', `Bearer ${token2}`]] });
      if (res.status !== 200 || (res.json as { name?: string }).name !== name) missing.push(name);
    }
    const createEvents = (await allEvents(g, token2)).filter(
      (e) => e.type === 'sapi' && e.details?.request?.method === 'POST' && e.details.request.path === '/api/v2/clients',
    );
    const logged = new Set(createEvents.map((e) => e.details!.request!.body!.name!));
    const withEvent = [...acknowledged.keys()].filter((name) => logged.has(name)).length;
    // Committed together: an event never outlives its client (a create that committed without being
    // acknowledged has both, which is fine), and no create was logged twice.
    const existing = new Set<string>();
    for (let page = 0; ; page++) {
      const list = await send(g.port, g.host, {
        method: 'GET',
        path: `/api/v2/clients?fields=name&per_page=100&page=${page}`,
        headers: [['Authorization', `Bearer ${token2}`]],
      });
      expect(list.status).toBe(200);
      const names = (list.json as { name: string }[]).map((c) => c.name);
      names.forEach((n) => existing.add(n));
      if (names.length < 100) break;
    }
    const orphans = [...logged].filter((name) => !existing.has(name));

    reportFigures(
      `R1 ${sqlite ? 'sqlite' : 'postgres'}: ${CREATES} creates, ${acknowledged.size} acknowledged, ${acknowledged.size - missing.length}/${acknowledged.size} present, ` +
        `${withEvent}/${acknowledged.size} with sapi event, integrity ${integrity}`,
    );
    expect(missing).toEqual([]);
    expect(withEvent).toBe(acknowledged.size);
    expect(createEvents.length).toBe(logged.size);
    expect(orphans).toEqual([]);
  });
});
