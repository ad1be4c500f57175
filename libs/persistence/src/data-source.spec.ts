import sqlite3 from 'sqlite3';
import { openDataSource } from './data-source';

describe('the SQLite data source', () => {
  it("never switches sqlite3 into its verbose mode (an Error and util.inspect per statement), and a failed statement still names SQLite's error", async () => {
    // Spied on the module itself, not read off Database.prototype: the native binding is shared by every
    // test file of a jest process, so another file's plain TypeORM DataSource may have patched it already.
    const verbose = jest.spyOn(sqlite3, 'verbose');
    const ds = await openDataSource({ type: 'sqlite', path: ':memory:' });
    try {
      expect(verbose).not.toHaveBeenCalled();
      await expect(ds.query('SELECT * FROM no_such_table')).rejects.toThrow(/SQLITE_ERROR: no such table: no_such_table/);
    } finally {
      verbose.mockRestore();
      await ds.destroy();
    }
  });
});
