import * as sqlite3 from 'sqlite3';
import { openDataSource } from './data-source';

describe('the SQLite data source', () => {
  it("runs sqlite3 without its verbose mode (no Error and util.inspect per statement), and a failed statement still names SQLite's error", async () => {
    const ds = await openDataSource({ type: 'sqlite', path: ':memory:' });
    try {
      // sqlite3's verbose mode replaces these methods with wrappers that capture a stack per call.
      for (const method of ['prepare', 'run', 'all', 'get', 'exec'] as const) {
        expect(String(sqlite3.Database.prototype[method])).not.toContain('new Error()');
      }
      await expect(ds.query('SELECT * FROM no_such_table')).rejects.toThrow(/SQLITE_ERROR: no such table: no_such_table/);
    } finally {
      await ds.destroy();
    }
  });
});
