import { DataSource } from 'typeorm';
import { AccountSchema } from '@gatehouse/schemas';
import { createTestApp, TestApp } from '@gatehouse/testing';
import { Cassette, RecordedInteraction } from './cassettes';
import {
  clientFieldsFor,
  DefaultDifference,
  defaultDifferences,
  isClientPath,
  isEmulated,
  isObject,
  Json,
  leafPaths,
  Obj,
  parseJson,
  recorderRoundTrip,
  topLevelKeys,
} from './compare';

/** Leaves that are random per tenant or redacted by the recorder: never compared as defaults. */
const VOLATILE = new Set(['id', 'client_id', 'client_secret', 'signing_keys', 'tenant', 'created_at', 'updated_at']);

/** Client properties a caller cannot set (response-only), left out when a pre-existing client is re-created. */
const READ_ONLY_CLIENT = new Set(['client_id', 'client_secret', 'signing_keys', 'tenant', 'global', 'callback_url_template', 'owners']);

export interface Outcome {
  cassette: string;
  index: number;
  method: string;
  path: string;
  skipped: boolean;
  recordedCode: number;
  ourCode?: number;
  statusMatch?: boolean;
  missingKeys?: string[];
  extraKeys?: string[];
  defaults?: DefaultDifference[];
  ourBody?: string;
}

export const matched = (o: Outcome) => !o.skipped && o.statusMatch === true && !o.missingKeys?.length && !o.extraKeys?.length;

/**
 * Replays one cassette, in order, against a fresh Gatehouse: the recorded tenant's domain, the clock at
 * the cassette's date, an account with pre-April third-party history (the recording tenant predates the
 * model), recorded ids mapped to ours as resources are created or read.
 */
export async function replayCassette(cassette: Cassette, clientFields: Map<string, Set<string>>): Promise<Outcome[]> {
  const app = await createTestApp({ now: cassette.date, env: { GATEHOUSE_TENANT_DOMAIN: cassette.domain } });
  try {
    await app.app.get(DataSource).getRepository(AccountSchema).update({ id: app.main.tenant.accountId }, { permissive_eligible: true });
    const token = await app.token();
    const replayer = new Replayer(app, token, cassette, clientFields);
    await replayer.seedRecordingTenantSettings();
    const outcomes: Outcome[] = [];
    for (const interaction of cassette.interactions) outcomes.push(await replayer.replay(interaction));
    return outcomes;
  } finally {
    await app.close();
  }
}

class Replayer {
  /** Recorded id → our id. */
  private readonly ids = new Map<string, string>();
  /** Ids of things made on paths Gatehouse does not emulate (e.g. CIMD registration). */
  private readonly unemulatedIds = new Set<string>();
  /** Every leaf path the cassette's requests sent, per resource kind: what is not in it is a default. */
  private readonly sent = new Map<string, Set<string>>();

  constructor(
    private readonly app: TestApp,
    private readonly token: string,
    private readonly cassette: Cassette,
    private readonly clientFields: Map<string, Set<string>>,
  ) {
    for (const i of cassette.interactions) {
      const body = parseJson(i.body);
      const set = this.sent.get(kindOf(i.path)) ?? new Set<string>();
      if (isObject(body)) for (const p of leafPaths(body).keys()) set.add(p);
      this.sent.set(kindOf(i.path), set);
    }
  }

  async replay(rec: RecordedInteraction): Promise<Outcome> {
    const base = { cassette: this.cassette.name, index: rec.index, method: rec.method, path: rec.path, recordedCode: rec.code };
    if (!isEmulated(rec.path)) {
      const made = parseJson(rec.responseBody);
      if (isObject(made)) for (const k of ['client_id', 'id']) if (typeof made[k] === 'string') this.unemulatedIds.add(made[k] as string);
      return { ...base, skipped: true };
    }
    // Interactions on what an unemulated path made cannot be replayed either: skipped, and counted.
    if ([...this.unemulatedIds].some((id) => rec.path.includes(id))) return { ...base, skipped: true };
    await this.resolveUnknownApiIds(rec.path);
    await this.recreatePreexistingClient(rec.path);
    const url = this.mapIds(rec.path) + (rec.query ? `?${this.mapIds(rec.query)}` : '');
    const res = await this.app.inject({
      method: rec.method as 'GET',
      url,
      headers: { authorization: `Bearer ${this.token}`, ...(rec.body ? { 'content-type': 'application/json' } : {}) },
      ...(rec.body ? { payload: this.mapIds(rec.body) } : {}),
    });
    let ours = parseJson(res.body);
    const recorded = parseJson(rec.responseBody);
    if (res.statusCode < 300) this.learnIds(recorded, ours, rec.method === 'POST');
    if (ours !== undefined && isClientPath(rec.path) && res.statusCode < 300 && isObject(ours)) {
      // A key in the recorded body was in the recorder's struct, whatever the User-Agent's version says.
      const fields = new Set([...clientFieldsFor(rec.userAgent, this.clientFields), ...(isObject(recorded) ? Object.keys(recorded) : [])]);
      ours = recorderRoundTrip(ours, fields);
    }
    const mappedRecorded = recorded === undefined ? undefined : (parseJson(this.mapIds(JSON.stringify(recorded))) as Json);
    const recordedKeys = mappedRecorded === undefined ? [] : topLevelKeys(mappedRecorded);
    const ourKeys = ours === undefined || res.statusCode >= 300 ? [] : topLevelKeys(ours);
    return {
      ...base,
      skipped: false,
      ourCode: res.statusCode,
      statusMatch: res.statusCode === rec.code,
      missingKeys: recordedKeys.filter((k) => !ourKeys.includes(k)),
      extraKeys: res.statusCode === rec.code ? ourKeys.filter((k) => !recordedKeys.includes(k)) : [],
      defaults:
        res.statusCode === rec.code && mappedRecorded !== undefined && ours !== undefined
          ? defaultDifferences(mappedRecorded, ours, this.sent.get(kindOf(rec.path))!, VOLATILE)
          : [],
      ourBody: res.statusCode === rec.code ? undefined : res.body.slice(0, 400),
    };
  }

  private mapIds(text: string): string {
    let out = text;
    for (const [recorded, ours] of this.ids) out = out.split(recorded).join(ours);
    return out;
  }

  /** Ids of what a create made, or of the same API (by identifier) / grant read back. */
  private learnIds(recorded: Json | undefined, ours: Json | undefined, created: boolean): void {
    const pairs: [Json, Json][] = [];
    if (isObject(recorded) && isObject(ours)) {
      const recList = listOf(recorded);
      const ourList = listOf(ours);
      if (recList && ourList) pairs.push(...matchElements(recList, ourList));
      else pairs.push([recorded, ours]);
    } else if (Array.isArray(recorded) && Array.isArray(ours)) {
      pairs.push(...matchElements(recorded, ours));
    }
    for (const [r, o] of pairs) {
      if (!isObject(r) || !isObject(o)) continue;
      const sameThing = created || (typeof r.identifier === 'string' && r.identifier === o.identifier);
      if (!sameThing) continue;
      for (const key of ['client_id', 'id']) {
        const from = r[key];
        const to = o[key];
        if (typeof from === 'string' && typeof to === 'string' && from !== to && !this.ids.has(from)) this.ids.set(from, to);
      }
    }
  }

  /**
   * The recording tenant had been configured for years (logo, support email, Universal Login colours,
   * flags…): a new tenant lacks those keys. What the cassette's first tenant-settings answer has and a
   * new Gatehouse tenant does not report at all is set first, one property at a time through the API, as
   * an admin would have; a property Gatehouse does report is never seeded, so its default is compared.
   */
  async seedRecordingTenantSettings(): Promise<void> {
    const first = this.cassette.interactions.find((i) => i.path === '/api/v2/tenants/settings' && i.responseBody);
    const recorded = first && parseJson(first.responseBody);
    if (!isObject(recorded)) return;
    const headers = { authorization: `Bearer ${this.token}` };
    const fresh = parseJson((await this.app.inject({ method: 'GET', url: '/api/v2/tenants/settings', headers })).body);
    // An empty object reports no property of its own: `universal_login: {}` does not hide its colours.
    const present = new Map([...leafPaths(isObject(fresh) ? fresh : {})].filter(([, v]) => !(isObject(v) && !Object.keys(v).length)));
    const patch = (payload: Obj) => this.app.inject({ method: 'PATCH', url: '/api/v2/tenants/settings', headers, payload });
    // First each missing leaf alone, so that a property Auth0's schema does not define refuses only
    // itself; then each top-level property whole with the leaves it took (a nested object is replaced).
    const seed: Obj = {};
    for (const [path, value] of leafPaths(recorded)) {
      if ([...present.keys()].some((p) => p === path || p.startsWith(`${path}.`) || path.startsWith(`${p}.`))) continue;
      const parts = path.split('.');
      const res = await patch(parts.reduceRight<Json>((inner, part) => ({ [part]: inner }), value) as Obj);
      // Refused: a read-only property Auth0's request schema does not define either; left out.
      if (res.statusCode !== 200) continue;
      let at = seed;
      for (const part of parts.slice(0, -1)) at = (at[part] = isObject(at[part]) ? at[part] : {}) as Obj;
      at[parts[parts.length - 1]!] = value;
    }
    for (const [key, value] of Object.entries(seed)) {
      const res = await patch({ [key]: value });
      if (res.statusCode !== 200) throw new Error(`${this.cassette.name}: seeding ${key} failed: ${res.body}`);
    }
  }

  /**
   * A cassette can start from a client the recording tenant already had (terraform import tests): it is
   * re-created from its first recorded body (settable properties only) before the first call naming it.
   */
  private async recreatePreexistingClient(path: string): Promise<void> {
    const m = path.match(/^\/api\/v2\/clients\/([^/]+)/);
    if (!m || this.ids.has(m[1]!)) return;
    for (const i of this.cassette.interactions) {
      const body = parseJson(i.responseBody);
      if (!isObject(body) || body.client_id !== m[1]) continue;
      const payload = Object.fromEntries(Object.entries(body).filter(([k]) => !READ_ONLY_CLIENT.has(k)));
      const res = await this.app.inject({
        method: 'POST',
        url: '/api/v2/clients',
        headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' },
        payload: this.mapIds(JSON.stringify(payload)),
      });
      if (res.statusCode !== 201) throw new Error(`${this.cassette.name}: could not re-create pre-existing client ${m[1]}: ${res.body}`);
      this.ids.set(m[1]!, (res.json() as { client_id: string }).client_id);
      return;
    }
  }

  /**
   * A recorded URL can name an API the cassette never created (the Management API of the recording
   * tenant): find its identifier in the cassette's responses and our id for it.
   */
  private async resolveUnknownApiIds(path: string): Promise<void> {
    // An id, not a URL-encoded identifier (the recorder may have redacted it to `xxxx…`).
    const m = path.match(/^\/api\/v2\/resource-servers\/([^/%]+)$/);
    if (!m || this.ids.has(m[1]!)) return;
    for (const i of this.cassette.interactions) {
      const found = findById(parseJson(i.responseBody), m[1]!);
      if (!found) continue;
      const res = await this.app.inject({
        method: 'GET',
        url: `/api/v2/resource-servers/${encodeURIComponent(found)}`,
        headers: { authorization: `Bearer ${this.token}` },
      });
      if (res.statusCode === 200) this.ids.set(m[1]!, (res.json() as { id: string }).id);
      return;
    }
  }
}

function kindOf(path: string): string {
  return path.split('/')[3] ?? '';
}

/** Pairs list elements that are the same thing: same API identifier, or same grant owner and audience. */
function matchElements(recorded: Json[], ours: Json[]): [Json, Json][] {
  const out: [Json, Json][] = [];
  for (const r of recorded) {
    if (!isObject(r) || typeof r.identifier !== 'string') continue;
    const o = ours.find((x) => isObject(x) && x.identifier === r.identifier);
    if (o) out.push([r, o]);
  }
  return out;
}

/** The items of a list wrapper (`{clients:[…]}`, `{client_grants:[…], next}` …), if it is one. */
function listOf(body: Obj): Json[] | undefined {
  for (const key of LIST_KEYS) if (Array.isArray(body[key])) return body[key] as Json[];
  return undefined;
}

const LIST_KEYS = ['clients', 'resource_servers', 'client_grants'];

function findById(body: Json | undefined, id: string): string | undefined {
  const items: Json[] = Array.isArray(body) ? body : isObject(body) ? [body, ...(listOf(body) ?? [])] : [];
  for (const item of items) {
    if (isObject(item) && item.id === id && typeof item.identifier === 'string') return item.identifier;
  }
  return undefined;
}

export type { Obj };
