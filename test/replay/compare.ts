/**
 * How a Gatehouse answer is compared with a recorded Auth0 answer (pure functions, unit-tested in
 * compare.spec.ts): the recorder's client-body rewrite, which keys a body has, and which leaf values are
 * defaults (never sent by the cassette's requests).
 */

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Obj = { [k: string]: Json };

export const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Paths Gatehouse emulates; every other recorded interaction is skipped (and counted). */
const EMULATED: RegExp[] = [
  /^\/api\/v2\/clients$/,
  /^\/api\/v2\/clients\/(?!cimd$)[^/]+$/,
  /^\/api\/v2\/clients\/[^/]+\/rotate-secret$/,
  /^\/api\/v2\/resource-servers(\/[^/]+)?$/,
  /^\/api\/v2\/client-grants(\/[^/]+)?$/,
  /^\/api\/v2\/tenants\/settings$/,
];

export function isEmulated(path: string): boolean {
  return EMULATED.some((re) => re.test(path));
}

export function isClientPath(path: string): boolean {
  return /^\/api\/v2\/clients(\/|$)/.test(path);
}

/** The go-auth0 field list of a `Go-Auth0/x.y.z` user agent: that version's, else the newest older one. */
export function clientFieldsFor(userAgent: string, versions: Map<string, Set<string>>): Set<string> {
  const wanted = (userAgent.match(/Go-Auth0\/([\d.]+)/)?.[1] ?? '999').split('.').map(Number);
  const cmp = (a: number[], b: number[]) => a[0]! - b[0]! || a[1]! - b[1]! || (a[2] ?? 0) - (b[2] ?? 0);
  const candidates = [...versions.keys()].map((v) => ({ v, parts: v.split('.').map(Number) })).sort((a, b) => cmp(a.parts, b.parts));
  const fit = candidates.filter((c) => cmp(c.parts, wanted) <= 0).pop() ?? candidates[0]!;
  return versions.get(fit.v)!;
}

function dropNulls(value: Json): Json {
  if (Array.isArray(value)) return value.map(dropNulls);
  if (!isObject(value)) return value;
  const out: Obj = {};
  for (const [k, v] of Object.entries(value)) if (v !== null) out[k] = dropNulls(v);
  return out;
}

/**
 * What the provider's recorder made of a client body: unmarshalled into go-auth0's Client (unknown keys
 * and nulls vanish), secrets and certificates redacted, and `signing_keys` always present.
 */
export function recorderRoundTrip(body: Json, fields: Set<string>): Json {
  if (!isObject(body)) return body;
  const out: Obj = {};
  for (const [k, v] of Object.entries(body)) {
    if (!fields.has(k) || v === null) continue;
    out[k] = k === 'client_secret' ? '[REDACTED]' : dropNulls(v);
  }
  out.signing_keys = [{ cert: '[REDACTED]' }];
  return out;
}

/** Every leaf path of a JSON value (arrays are leaves): `refresh_token.leeway`, `callbacks`, … */
export function leafPaths(value: Json, prefix = ''): Map<string, Json> {
  const out = new Map<string, Json>();
  if (isObject(value) && Object.keys(value).length) {
    for (const [k, v] of Object.entries(value)) {
      for (const [p, leaf] of leafPaths(v, prefix ? `${prefix}.${k}` : k)) out.set(p, leaf);
    }
  } else if (prefix) {
    out.set(prefix, value);
  }
  return out;
}

/** A recorded leaf was set by the test when a sent path is that leaf, one of its ancestors or descendants. */
export function wasSent(path: string, sent: Set<string>): boolean {
  for (const s of sent) {
    if (s === path || path.startsWith(`${s}.`) || s.startsWith(`${path}.`)) return true;
  }
  return false;
}

/** The top-level keys of a body; for a bare array, the union of its elements' keys. */
export function topLevelKeys(body: Json): string[] {
  const keys = new Set<string>();
  if (Array.isArray(body)) body.forEach((e) => isObject(e) && Object.keys(e).forEach((k) => keys.add(k)));
  else if (isObject(body)) Object.keys(body).forEach((k) => keys.add(k));
  return [...keys].sort();
}

export interface DefaultDifference {
  path: string;
  recorded: Json;
  ours: Json | undefined;
}

/** Leaves of the recorded body that the cassette never sent and whose value differs in ours. */
export function defaultDifferences(recorded: Json, ours: Json, sent: Set<string>, volatile: Set<string>): DefaultDifference[] {
  if (!isObject(recorded) || !isObject(ours)) return [];
  const mine = leafPaths(ours);
  const diffs: DefaultDifference[] = [];
  for (const [path, value] of leafPaths(recorded)) {
    if (volatile.has(path.split('.')[0]!) || wasSent(path, sent)) continue;
    const theirs = mine.get(path);
    if (JSON.stringify(theirs) !== JSON.stringify(value)) diffs.push({ path, recorded: value, ours: theirs });
  }
  return diffs;
}

export function parseJson(text: string): Json | undefined {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as Json;
  } catch {
    return undefined;
  }
}

export type { Json, Obj };
