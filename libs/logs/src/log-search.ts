/**
 * The log search the auth0 SDK sends as `search` (and older clients as `q`): space-separated
 * `field:value` clauses joined by AND. An unquoted value matches case-insensitively as a prefix, a
 * quoted one exactly (case-insensitive); a bare term is a prefix search over client_name, connection
 * and user_name. `date:[from TO to]` (either end `*`) is an inclusive range; `AND` between clauses is
 * accepted as Lucene writes it. Anything richer (OR, NOT, groups) is refused rather than guessed.
 */

/** Searchable fields → the column that holds them (Auth0's aliases included). */
export const LOG_SEARCH_FIELDS: Readonly<Record<string, string>> = {
  type: 'type',
  client_id: 'client_id',
  client_name: 'client_name',
  application: 'client_name',
  connection: 'connection',
  user_id: 'user_id',
  user_name: 'user_name',
  user: 'user_name',
  ip: 'ip',
  hostname: 'hostname',
  audience: 'audience',
  description: 'description',
  log_id: 'log_id',
  date: 'date',
};

/** Columns a bare term (no field) searches, as Auth0 documents. */
export const LOG_SEARCH_DEFAULT_COLUMNS = ['client_name', 'connection', 'user_name'] as const;

export type LogSearchClause =
  | { kind: 'prefix'; column: string; value: string }
  | { kind: 'exact'; column: string; value: string }
  | { kind: 'any_prefix'; columns: readonly string[]; value: string }
  | { kind: 'range'; column: 'date'; from?: string; to?: string };

export class LogSearchError extends Error {}

/** Split on spaces outside quotes and brackets. */
function tokens(input: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quote = false;
  let bracket = false;
  for (const ch of input) {
    if (ch === '"' && !bracket) quote = !quote;
    else if (ch === '[' && !quote) bracket = true;
    else if (ch === ']' && !quote) bracket = false;
    if (/\s/.test(ch) && !quote && !bracket) {
      if (cur) out.push(cur);
      cur = '';
    } else {
      cur += ch;
    }
  }
  if (quote) throw new LogSearchError('unterminated quote');
  if (bracket) throw new LogSearchError('unterminated range');
  if (cur) out.push(cur);
  return out;
}

/** A date bound: `*` (open), YYYY-MM-DD (the whole day) or an ISO-8601 instant. */
function dateBound(raw: string, end: 'from' | 'to'): string | undefined {
  if (raw === '*') return undefined;
  if (/^\d{4}-\d{2}-\d{2}$/.test(raw)) {
    if (Number.isNaN(Date.parse(raw))) throw new LogSearchError(`not a date: ${raw}`);
    return end === 'from' ? `${raw}T00:00:00.000Z` : `${raw}T23:59:59.999Z`;
  }
  if (!/^\d{4}-\d{2}-\d{2}T/.test(raw) || Number.isNaN(Date.parse(raw))) throw new LogSearchError(`not a date: ${raw}`);
  return new Date(raw).toISOString();
}

function unquote(raw: string): { value: string; quoted: boolean } {
  if (raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"')) return { value: raw.slice(1, -1), quoted: true };
  if (raw.includes('"')) throw new LogSearchError(`misplaced quote in ${raw}`);
  return { value: raw, quoted: false };
}

export function parseLogSearch(input: string): LogSearchClause[] {
  const clauses: LogSearchClause[] = [];
  for (const token of tokens(input.trim())) {
    if (token === 'AND') continue;
    if (token === 'OR' || token === 'NOT' || /^[()!+-]/.test(token)) {
      throw new LogSearchError(`unsupported search operator: ${token}`);
    }
    const colon = token.startsWith('"') ? -1 : token.indexOf(':');
    if (colon < 0) {
      const { value } = unquote(token);
      if (value) clauses.push({ kind: 'any_prefix', columns: LOG_SEARCH_DEFAULT_COLUMNS, value: value.toLowerCase() });
      continue;
    }
    const field = token.slice(0, colon);
    const raw = token.slice(colon + 1);
    const column = LOG_SEARCH_FIELDS[field];
    if (!column) throw new LogSearchError(`unknown search field: ${field}`);
    if (raw.startsWith('[')) {
      const m = /^\[(\S+)\s+TO\s+(\S+)\]$/.exec(raw);
      if (!m || column !== 'date') throw new LogSearchError(`ranges are written date:[from TO to]`);
      clauses.push({ kind: 'range', column: 'date', from: dateBound(m[1]!, 'from'), to: dateBound(m[2]!, 'to') });
      continue;
    }
    const { value, quoted } = unquote(raw);
    if (!value) throw new LogSearchError(`empty value for ${field}`);
    clauses.push({ kind: quoted ? 'exact' : 'prefix', column, value: value.toLowerCase() });
  }
  return clauses;
}
