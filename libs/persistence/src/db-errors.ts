/** A unique-constraint violation, on either dialect (SQLite's SQLITE_CONSTRAINT, PostgreSQL's 23505). */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; driverError?: { code?: string; errno?: number }; message?: string };
  const code = e?.driverError?.code ?? e?.code;
  if (code === '23505') return true;
  return code === 'SQLITE_CONSTRAINT' && /UNIQUE/i.test(e?.message ?? '');
}
