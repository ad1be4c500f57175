import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { parse } from 'yaml';

/**
 * Real Auth0 Management API traffic recorded by terraform-provider-auth0's acceptance tests (MPL-2.0,
 * see test/fixtures/auth0-recordings/LICENSE-NOTE.md), read as plain data for the replay tier.
 */
export const RECORDINGS_DIR = join(__dirname, '../fixtures/auth0-recordings');

export interface RecordedInteraction {
  index: number;
  method: string;
  /** Path as recorded (still percent-encoded). */
  path: string;
  /** Query string without `?` ('' when none). */
  query: string;
  body: string;
  userAgent: string;
  code: number;
  responseBody: string;
}

export interface Cassette {
  name: string;
  /** When it was recorded at the latest (manifest: newest body date, else the commit date). */
  date: Date;
  domain: string;
  interactions: RecordedInteraction[];
}

interface Manifest {
  recorded_tenant_domain: string;
  cassettes: Record<string, { committed_on: string; latest_body_date: string | null }>;
}

interface RawInteraction {
  id: number;
  request: { method: string; url: string; body?: string; headers?: Record<string, string[]> };
  response: { code: number; body?: string };
}

export function loadManifest(): Manifest {
  return JSON.parse(readFileSync(join(RECORDINGS_DIR, 'manifest.json'), 'utf8')) as Manifest;
}

export function loadCassettes(): Cassette[] {
  const manifest = loadManifest();
  return readdirSync(RECORDINGS_DIR)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((file) => {
      const name = file.replace(/\.yaml$/, '');
      const meta = manifest.cassettes[name];
      if (!meta) throw new Error(`${file} is not in manifest.json`);
      const doc = parse(readFileSync(join(RECORDINGS_DIR, file), 'utf8')) as { interactions: RawInteraction[] };
      return {
        name,
        date: new Date(`${meta.latest_body_date ?? meta.committed_on}T12:00:00Z`),
        domain: manifest.recorded_tenant_domain,
        interactions: doc.interactions.map((raw, index) => {
          const url = new URL(raw.request.url);
          return {
            index,
            method: raw.request.method,
            path: url.pathname,
            query: url.search.replace(/^\?/, ''),
            body: (raw.request.body ?? '').trim(),
            userAgent: raw.request.headers?.['User-Agent']?.[0] ?? '',
            code: raw.response.code,
            responseBody: (raw.response.body ?? '').trim(),
          };
        }),
      };
    });
}

/** go-auth0's `management.Client` JSON field names per version (the recorder's round trip). */
export function loadClientFields(): Map<string, Set<string>> {
  const doc = JSON.parse(readFileSync(join(RECORDINGS_DIR, 'go-auth0-client-fields.json'), 'utf8')) as {
    versions: Record<string, string[]>;
  };
  return new Map(Object.entries(doc.versions).map(([v, fields]) => [v, new Set(fields)]));
}
