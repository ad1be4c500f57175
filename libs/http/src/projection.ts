import { boolParam } from './pagination';

/** `fields` + `include_fields` (Auth0: include_fields defaults to true). */
export interface Projection {
  fields: string[];
  include: boolean;
}

export function parseProjection(q: Record<string, unknown>): Projection | undefined {
  const raw = q.fields;
  if (raw === undefined || raw === '') return undefined;
  const fields = String(raw)
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);
  if (fields.length === 0) return undefined;
  return { fields, include: boolParam(q, 'include_fields') ?? true };
}

/** Keep (or drop) the listed top-level properties. Unknown field names are ignored, as in Auth0. */
export function project<T extends object>(obj: T, p: Projection | undefined): Partial<T> {
  if (!p) return obj;
  const wanted = new Set(p.fields);
  return Object.fromEntries(Object.entries(obj).filter(([k]) => wanted.has(k) === p.include)) as Partial<T>;
}
