import { existsSync, readdirSync, readFileSync, statSync } from 'fs';
import { join, relative } from 'path';
import { parse as parseYaml, YAMLParseError } from 'yaml';

/**
 * GATEHOUSE_SEED (issue 15 §4): an auth0-deploy-cli tenant file, either its YAML form (one `tenant.yaml`)
 * or its directory form (`tenant.json`, `clients/*.json`, `resource-servers/*.json`, `grants/*.json`,
 * `databases/<name>/database.json`, `connections/*.json`),
 * read as deploy-cli reads it (node_modules/auth0-deploy-cli/lib/context/{yaml,directory}): keywords are
 * replaced in the raw text before it is parsed, `@@KEY@@` by the JSON of the value and `##KEY##` by the
 * value; session lifetimes in hours become the `*_in_minutes` settings; empty `flags` are dropped.
 */

/** A refused seed file: which file, where in it, and why. The start stops with this message. */
export class SeedError extends Error {
  constructor(
    readonly file: string,
    readonly path: string,
    readonly reason: string,
  ) {
    super(`GATEHOUSE_SEED: ${file}${path ? `: ${path}` : ''}: ${reason}`);
  }
}

/** One entry of the file, with where it came from (for messages). */
export interface Located {
  file: string;
  /** Path inside the file, e.g. `clients[1]`; empty for a directory export's one-object file. */
  path: string;
  value: Record<string, unknown>;
}

export interface TenantFile {
  tenant?: Located;
  resourceServers: Located[];
  clients: Located[];
  clientGrants: Located[];
  /** deploy-cli's `databases` (strategy auth0) and `connections` (every other strategy). */
  databases: Located[];
  connections: Located[];
  /** Sections of the file Gatehouse does not apply (e.g. `roles`, `connections`): named in the start log. */
  ignored: string[];
}

export type KeywordMappings = Record<string, unknown>;

/** deploy-cli's keywordReplace: array markers (`@@KEY@@`, quoted or not) first, then string markers (`##KEY##`). */
export function keywordReplace(input: string, mappings: KeywordMappings): string {
  let out = input;
  const keys = Object.keys(mappings);
  for (const key of keys) {
    const marker = `@@${key}@@`;
    const re = new RegExp(`'${escape(marker)}'|"${escape(marker)}"|${escape(marker)}`, 'g');
    out = out.replace(re, () => JSON.stringify(mappings[key]));
  }
  for (const key of keys) {
    out = out.replace(new RegExp(escape(`##${key}##`), 'g'), () => String(mappings[key]));
  }
  return out;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const SECTIONS = { tenant: 'tenant', resourceServers: 'resourceServers', clients: 'clients', clientGrants: 'clientGrants' } as const;
const LISTS = ['resourceServers', 'clients', 'clientGrants', 'databases', 'connections'] as const;
const DIRECTORIES = { clients: 'clients', resourceServers: 'resource-servers', clientGrants: 'grants', connections: 'connections' } as const;
/** A directory export keeps each database connection in a folder of its own: `databases/<name>/database.json`. */
const DATABASES_DIRECTORY = 'databases';
const emptyFile = (): TenantFile => ({ resourceServers: [], clients: [], clientGrants: [], databases: [], connections: [], ignored: [] });

/** Read a deploy-cli YAML file or directory export. Throws SeedError naming the file, the path and the reason. */
export function readTenantFile(location: string, mappings: KeywordMappings = {}): TenantFile {
  let isDirectory: boolean;
  try {
    isDirectory = statSync(location).isDirectory();
  } catch (e) {
    throw new SeedError(location, '', `cannot read it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  return isDirectory ? readDirectory(location, mappings) : readYamlFile(location, mappings);
}

function readText(file: string, mappings: KeywordMappings): string {
  try {
    return keywordReplace(readFileSync(file, 'utf8'), mappings);
  } catch (e) {
    throw new SeedError(file, '', `cannot read it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function readYamlFile(file: string, mappings: KeywordMappings): TenantFile {
  const text = readText(file, mappings);
  let doc: unknown;
  try {
    doc = parseYaml(text); // YAML 1.2: a JSON tenant file reads too
  } catch (e) {
    const where = e instanceof YAMLParseError && e.linePos ? `line ${e.linePos[0].line}` : '';
    throw new SeedError(file, where, `not valid YAML (${(e as Error).message.split('\n')[0]})`);
  }
  if (doc === null || doc === undefined) doc = {};
  if (!isObject(doc)) throw new SeedError(file, '', 'not a tenant file: expected a mapping with tenant, clients, resourceServers, clientGrants');
  const out = emptyFile();
  for (const [key, value] of Object.entries(doc)) {
    if (key === SECTIONS.tenant) {
      if (value === null || value === undefined) continue;
      if (!isObject(value)) throw new SeedError(file, 'tenant', 'must be a mapping of tenant settings');
      out.tenant = { file, path: 'tenant', value: tenantSettings(value) };
    } else if ((LISTS as readonly string[]).includes(key)) {
      const list = key as (typeof LISTS)[number];
      if (value === null || value === undefined) continue;
      if (!Array.isArray(value)) throw new SeedError(file, key, 'must be a list');
      value.forEach((item, i) => {
        if (!isObject(item)) throw new SeedError(file, `${key}[${i}]`, 'must be a mapping');
      });
      out[list] = (value as Record<string, unknown>[]).map((item, i) => ({ file, path: `${key}[${i}]`, value: item }));
    } else if (!isEmptySection(value)) {
      out.ignored.push(key);
    }
  }
  return out;
}

function readDirectory(dir: string, mappings: KeywordMappings): TenantFile {
  const out = emptyFile();
  const json = (file: string): Record<string, unknown> => {
    const text = readText(file, mappings);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      throw new SeedError(file, '', `not valid JSON (${(e as Error).message})`);
    }
    if (!isObject(value)) throw new SeedError(file, '', 'must be a JSON object');
    return value;
  };
  const entries = readdirSync(dir, { withFileTypes: true });
  for (const e of entries) {
    const path = join(dir, e.name);
    if (e.isFile() && e.name === 'tenant.json') {
      out.tenant = { file: path, path: '', value: tenantSettings(json(path)) };
    } else if (e.isDirectory() && e.name === DATABASES_DIRECTORY) {
      const folders = readdirSync(path, { withFileTypes: true })
        .filter((f) => f.isDirectory())
        .map((f) => f.name)
        .sort();
      out.databases = folders
        .map((f) => join(path, f, 'database.json'))
        .filter((f) => existsSync(f))
        .map((f) => ({ file: f, path: '', value: json(f) }));
    } else if (e.isDirectory()) {
      const section = (Object.keys(DIRECTORIES) as (keyof typeof DIRECTORIES)[]).find((k) => DIRECTORIES[k] === e.name);
      const files = readdirSync(path)
        .filter((f) => f.endsWith('.json'))
        .sort();
      if (!section) {
        if (files.length || readdirSync(path).length) out.ignored.push(relative(dir, path));
        continue;
      }
      out[section] = files.map((f) => ({ file: join(path, f), path: '', value: json(join(path, f)) })).filter((l) => Object.keys(l.value).length > 0);
    }
  }
  return out;
}

/** An exported section with nothing in it (`rules: []`, `pages: {}`): nothing is lost by not applying it. */
function isEmptySection(value: unknown): boolean {
  return value === null || value === undefined || (Array.isArray(value) && value.length === 0) || (isObject(value) && Object.keys(value).length === 0);
}

/** As deploy-cli's tenant handlers: session lifetimes in hours become minutes; empty flags are dropped. */
export function tenantSettings(raw: Record<string, unknown>): Record<string, unknown> {
  const { session_lifetime, idle_session_lifetime, ephemeral_session_lifetime, idle_ephemeral_session_lifetime, ...rest } = raw;
  if (isObject(rest.flags) && Object.keys(rest.flags).length === 0) delete rest.flags;
  const minutes = (hours: unknown) => (typeof hours === 'number' ? parseFloat(Math.round(hours * 60).toFixed(4)) : hours);
  const out: Record<string, unknown> = { ...rest };
  if (session_lifetime !== undefined) out.session_lifetime_in_minutes = minutes(session_lifetime);
  if (idle_session_lifetime !== undefined) out.idle_session_lifetime_in_minutes = minutes(idle_session_lifetime);
  if (ephemeral_session_lifetime !== undefined) out.ephemeral_session_lifetime_in_minutes = minutes(ephemeral_session_lifetime);
  if (idle_ephemeral_session_lifetime !== undefined) out.idle_ephemeral_session_lifetime_in_minutes = minutes(idle_ephemeral_session_lifetime);
  return out;
}

/** The property an Auth0 validation message names (`… on property grant_types`, `Additional properties not allowed: foo`). */
export function propertyNamed(message: string): string | undefined {
  const m = /on property ([A-Za-z0-9_.[\]-]+?)[.;']?(?:\s|$|')/.exec(message) ?? /Additional properties not allowed: ([A-Za-z0-9_.-]+)/.exec(message);
  return m?.[1];
}

/** `clients[1]` + `grant_types` → `clients[1].grant_types`; numeric segments become indexes. */
export function joinPath(base: string, property: string | undefined): string {
  if (!property) return base;
  const tail = property
    .split('.')
    .map((p) => (/^\d+$/.test(p) ? `[${p}]` : `.${p}`))
    .join('');
  return base ? `${base}${tail}` : tail.replace(/^\./, '');
}
