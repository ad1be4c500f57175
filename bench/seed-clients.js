'use strict';
/**
 * Seeds many clients into one tenant fast, for P3 (deep pages at 100,000 clients). A real client is
 * first created through the API (POST /api/v2/clients: the service's own defaults, its sealed secret, its
 * body); this copies that row, column for column, giving each copy a new client id (Auth0's 32-character
 * base62 form), its own name (in the name column and in the body) and its own created_at, later than the
 * template's. So every copy is a valid client the API serves, with the schema of the build that made the
 * template (SELECT * / INSERT of the same columns). Batched multi-row INSERTs in one transaction.
 */
const { randomInt } = require('crypto');

const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const clientId = () => Array.from({ length: 32 }, () => BASE62[randomInt(62)]).join('');

/** The rows that copy `template` `count` times (created_at one millisecond apart after the template's). */
function copies(template, count) {
  const start = Date.parse(template.created_at) + 1000;
  const body = typeof template.body === 'string' ? JSON.parse(template.body) : template.body;
  const rows = [];
  for (let i = 0; i < count; i++) {
    const name = `bench client ${String(i + 1).padStart(6, '0')}`;
    const at = new Date(start + i).toISOString();
    const id = clientId();
    const b = { ...body, ...(body && 'name' in body ? { name } : {}), ...(body && 'client_id' in body ? { client_id: id } : {}) };
    rows.push({ ...template, client_id: id, name, created_at: at, updated_at: at, body: JSON.stringify(b) });
  }
  return rows;
}

async function seedSqlite(file, templateId, count) {
  const sqlite3 = require('sqlite3');
  const db = new sqlite3.Database(file);
  const run = (sql, params = []) => new Promise((res, rej) => db.run(sql, params, (e) => (e ? rej(e) : res())));
  const get = (sql, params = []) => new Promise((res, rej) => db.get(sql, params, (e, row) => (e ? rej(e) : res(row))));
  try {
    await run('PRAGMA busy_timeout = 10000');
    const template = await get('SELECT * FROM clients WHERE client_id = ?', [templateId]);
    if (!template) throw new Error(`template client ${templateId} not found`);
    const columns = Object.keys(template);
    const perBatch = Math.floor(30000 / columns.length);
    const rows = copies(template, count);
    await run('BEGIN IMMEDIATE');
    for (let i = 0; i < rows.length; i += perBatch) {
      const batch = rows.slice(i, i + perBatch);
      const values = batch.map(() => `(${columns.map(() => '?').join(',')})`).join(',');
      await run(
        `INSERT INTO clients (${columns.map((c) => `"${c}"`).join(',')}) VALUES ${values}`,
        batch.flatMap((r) => columns.map((c) => r[c])),
      );
    }
    await run('COMMIT');
    await run('PRAGMA wal_checkpoint(TRUNCATE)');
    await run('ANALYZE');
  } finally {
    await new Promise((res) => db.close(() => res()));
  }
}

async function seedPostgres(url, templateId, count) {
  const { Client } = require('pg');
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    const { rows: found } = await db.query('SELECT * FROM clients WHERE client_id = $1', [templateId]);
    const template = found[0];
    if (!template) throw new Error(`template client ${templateId} not found`);
    const columns = Object.keys(template);
    const perBatch = Math.floor(30000 / columns.length);
    const rows = copies(template, count);
    await db.query('BEGIN');
    for (let i = 0; i < rows.length; i += perBatch) {
      const batch = rows.slice(i, i + perBatch);
      let n = 0;
      const values = batch.map(() => `(${columns.map(() => `$${++n}`).join(',')})`).join(',');
      await db.query(
        `INSERT INTO clients (${columns.map((c) => `"${c}"`).join(',')}) VALUES ${values}`,
        batch.flatMap((r) => columns.map((c) => r[c])),
      );
    }
    await db.query('COMMIT');
    await db.query('ANALYZE clients');
  } finally {
    await db.end();
  }
}

/** Seed `count` copies of client `templateId`: `db` is `{ type: 'sqlite', path }` or `{ type: 'postgres', url }`. */
function seedClients(db, templateId, count) {
  return db.type === 'sqlite' ? seedSqlite(db.path, templateId, count) : seedPostgres(db.url, templateId, count);
}

module.exports = { seedClients };
