import { readFileSync } from 'fs';
import { join } from 'path';
import fc from 'fast-check';
import { parse } from 'yaml';
import { errorShapeProblem } from './support/shape';
import { NoAnswer, RawRequest, RawResponse, send } from './support/http';
import { adminToken, listeningApp, ListeningApp, reportFigures, ROOT } from './support/server';

/**
 * R2 (issue 12 §8): schema-driven hostile input. Every operation of openapi.yaml gets requests generated
 * from its own parameters and request body schema (fast-check, seeded): wrong types, huge strings, deep
 * nesting (up to 10,000 levels), unicode (astral, lone surrogates, NUL, right-to-left), nulls, extra and
 * prototype-polluting properties, many keys, long arrays, bad path parameters (invalid percent-encoding
 * included), bad query parameters, bad and lying content types, unparseable bodies, oversized headers.
 * Sent raw over loopback to the production app. The bar (SPEC §10, issue 12 §2): no answer is a 5xx and
 * every error is in Auth0's shape (Management API `{statusCode, error, message[, errorCode]}`, the
 * Authentication API's RFC 6749 `{error, error_description}`, or an error page on the browser routes).
 *
 * The seed is fixed (GATEHOUSE_R2_SEED overrides it) and printed, so a failure reproduces exactly.
 */

const SEED = Number(process.env.GATEHOUSE_R2_SEED ?? 20260412);
/**
 * Requests per operation: about 100 documented operations, so over 5,000 requests in all (asserted
 * below). 55, not more: R2 runs on both databases in every CI run, which must stay short.
 */
const PER_OPERATION = 55;
const CONCURRENCY = 4;

type Json = Record<string, any>;
const doc: Json = parse(readFileSync(join(ROOT, 'openapi.yaml'), 'utf8'));

function deref(node: Json | undefined): Json {
  let at = node ?? {};
  for (let hops = 0; typeof at.$ref === 'string' && hops < 20; hops++) {
    at = at.$ref
      .slice(2)
      .split('/')
      .reduce((o: Json, k: string) => o?.[k.replace(/~1/g, '/').replace(/~0/g, '~')], doc);
  }
  return at ?? {};
}

/** The properties of an object schema, through $ref and allOf (one level of oneOf/anyOf too). */
function propertiesOf(schema: Json): Record<string, Json> {
  const s = deref(schema);
  const out: Record<string, Json> = {};
  for (const part of [...(s.allOf ?? []), ...(s.oneOf ?? []), ...(s.anyOf ?? [])]) Object.assign(out, propertiesOf(part));
  for (const [k, v] of Object.entries<Json>(s.properties ?? {})) out[k] = deref(v);
  return out;
}

interface Operation {
  method: string;
  template: string;
  pathParams: string[];
  query: { name: string; schema: Json }[];
  /** The media types its request body accepts, or none. */
  bodyTypes: string[];
  properties: Record<string, Json>;
}

function operations(): Operation[] {
  const out: Operation[] = [];
  for (const [template, item] of Object.entries<Json>(doc.paths)) {
    for (const method of ['get', 'post', 'put', 'patch', 'delete']) {
      const op = item[method];
      if (!op) continue;
      const params = [...(item.parameters ?? []), ...(op.parameters ?? [])].map(deref);
      const body = deref(op.requestBody);
      const bodyTypes = Object.keys(body.content ?? {});
      const properties = bodyTypes.length ? propertiesOf(body.content[bodyTypes[0]].schema) : {};
      out.push({
        method: method.toUpperCase(),
        template,
        pathParams: params.filter((p) => p.in === 'path').map((p) => p.name),
        query: params.filter((p) => p.in === 'query').map((p) => ({ name: p.name, schema: deref(p.schema) })),
        bodyTypes,
        properties,
      });
    }
  }
  return out;
}

// ----------------------------------------------------------------------------------------------------
// Hostile values
// ----------------------------------------------------------------------------------------------------

/** JSON text nested `depth` levels deep (arrays and objects alternating), built as text: no recursion here. */
function nested(depth: number, kind: 'array' | 'object' | 'mixed'): string {
  let open = '';
  let close = '';
  for (let i = 0; i < depth; i++) {
    const object = kind === 'object' || (kind === 'mixed' && i % 2 === 1);
    open += object ? '{"a":' : '[';
    close = (object ? '}' : ']') + close;
  }
  return `${open}1${close}`;
}

const unicode = fc.oneof(
  fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }),
  fc.constantFrom(
    '\u0000',
    '\ud800',
    '\udfff',
    'a\u202eb',
    '\ufeff',
    '𝕳𝖊𝖑𝖑𝖔',
    'é'.normalize('NFD'),
    '\u200b',
    '\\',
    '"',
    '%00',
    '../../etc/passwd',
    '<script>x</script>',
  ),
);

/** A value of the wrong kind for a property's schema, or hostile in its own right (as JSON text). */
function hostileValue(schema: Json): fc.Arbitrary<string> {
  const t = schema.type;
  const wrongTypes: fc.Arbitrary<unknown>[] = [
    fc.constant(null),
    fc.constant(t === 'string' ? 12345 : 'not-the-type'),
    fc.constant(t === 'boolean' ? 'true' : true),
    fc.constant(t === 'array' ? { not: 'an array' } : ['an', 'array']),
    fc.constant(t === 'object' ? [] : { an: 'object' }),
    fc.constantFrom(-1, 0, 1e308, -1e308, 2 ** 53 + 1, 0.5, -0),
    fc.jsonValue({ maxDepth: 3 }),
    unicode,
    fc.array(unicode, { maxLength: 5 }),
  ];
  return fc.oneof(
    { weight: 6, arbitrary: fc.oneof(...wrongTypes).map((v) => JSON.stringify(v) ?? 'null') },
    { weight: 1, arbitrary: fc.constantFrom(1_000, 10_000, 200_000, 2_000_000).map((n) => JSON.stringify('x'.repeat(n))) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(
          fc.constantFrom(10, 500, 1_000, 2_000, 3_000, 5_000, 10_000),
          fc.constantFrom('array', 'object', 'mixed') as fc.Arbitrary<'array' | 'object' | 'mixed'>,
        )
        .map(([d, k]) => nested(d, k)),
    },
    { weight: 1, arbitrary: fc.constantFrom(1_000, 50_000).map((n) => `[${Array.from({ length: n }, (_, i) => (i % 2 ? '"s"' : '1')).join(',')}]`) },
    { weight: 1, arbitrary: fc.constantFrom(1_000, 20_000).map((n) => `{${Array.from({ length: n }, (_, i) => `"k${i}":${i}`).join(',')}}`) },
  );
}

/** Percent-encode the UTF-8 bytes of `s` (lone surrogates become U+FFFD, as a browser would send them). */
const pct = (s: string) =>
  [...Buffer.from(s, 'utf8')]
    .map((b) => (/[A-Za-z0-9_.~-]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`))
    .join('');

interface Case extends RawRequest {
  kind: string;
  template: string;
}

const PATH_PARAM = fc.oneof(
  fc.constantFrom('%zz', '%', '%E0%A4%A', '%C0%AF', '%FF%FE', '%00', '%2e%2e', '..', '%2F..%2F', '%20', '%u0041', 'a%', '%%', '%0d%0aX-Injected:%201'),
  unicode.map(pct),
  fc.constantFrom(1_000, 10_000).map((n) => 'a'.repeat(n)),
  fc.constantFrom('null', 'undefined', '0', '-1', 'true', '[object Object]', '__proto__', 'constructor', "1' OR '1'='1", '$where'),
);

const QUERY_VALUE = fc.oneof(
  fc.constantFrom('%zz', '%', '-1', '0', '1e309', 'NaN', 'Infinity', '9999999999999999999999', 'true', 'null', '', '[]', '{}', '%00', '%E0%A4%A', 'a%ZZb'),
  unicode.map(pct),
  fc.constantFrom(5_000, 20_000).map((n) => 'q'.repeat(n)),
);

function queryCase(op: Operation): fc.Arbitrary<string> {
  const names = op.query.length ? op.query.map((q) => q.name) : ['per_page'];
  return fc.oneof(
    fc.tuple(fc.constantFrom(...names), QUERY_VALUE).map(([k, v]) => `?${k}=${v}`),
    fc.tuple(fc.constantFrom(...names), QUERY_VALUE, QUERY_VALUE).map(([k, a, b]) => `?${k}=${a}&${k}=${b}`),
    fc.tuple(fc.constantFrom(...names), QUERY_VALUE).map(([k, v]) => `?${k}[]=${v}&${k}[a][b]=${v}`),
    fc.tuple(unicode, QUERY_VALUE).map(([k, v]) => `?${pct(k)}=${v}`),
    fc.constantFrom('?__proto__[x]=1', '?constructor[prototype][x]=1', '?&&&==&', '?%zz=%zz', `?${'a=1&'.repeat(2_000)}`),
  );
}

const CONTENT_TYPES = [
  'text/plain',
  'application/xml',
  'multipart/form-data; boundary=x',
  'application/json; charset=utf-16',
  'application/json; charset=latin1',
  'application/x-www-form-urlencoded',
  'application/json, text/plain',
  'application/jsonx',
  'json',
  '',
  '*/*',
  'application/octet-stream',
  'application/json; boundary=";;;"',
];

function bodyOf(op: Operation): fc.Arbitrary<{ kind: string; text: string }> {
  const names = Object.keys(op.properties);
  const field = names.length ? fc.constantFrom(...names) : fc.constant('name');
  const schemaOf = (k: string) => op.properties[k] ?? {};
  return fc.oneof(
    {
      weight: 6,
      arbitrary: field.chain((k) => hostileValue(schemaOf(k)).map((v) => ({ kind: `field ${k}`, text: `{${JSON.stringify(k)}:${v}}` }))),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(field, field, fc.jsonValue({ maxDepth: 2 }), fc.jsonValue({ maxDepth: 2 }))
        .map(([a, b, va, vb]) => ({ kind: 'random fields', text: JSON.stringify({ [a]: va, [b]: vb }) })),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(fc.oneof(unicode, fc.constantFrom('__proto__', 'constructor', 'prototype', 'hasOwnProperty', '')), fc.jsonValue({ maxDepth: 2 }))
        .map(([k, v]) => ({ kind: 'extra property', text: `{${JSON.stringify(k)}:${JSON.stringify(v)},"__proto__":{"admin":true}}` })),
    },
    {
      weight: 2,
      arbitrary: fc
        .constantFrom(
          '[]',
          '"string"',
          '42',
          'null',
          'true',
          '',
          '{',
          '{"a":1,}',
          "{'a':1}",
          '{"a":1}{"b":2}',
          '\u0000',
          '{"a":"\\u12"}',
          'NaN',
          '{"a":01}',
          '\ufeff{}',
        )
        .map((text) => ({ kind: 'whole body', text })),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(fc.constantFrom(1_000, 2_000, 3_000, 5_000, 10_000), fc.constantFrom('array', 'object', 'mixed') as fc.Arbitrary<'array' | 'object' | 'mixed'>)
        .map(([d, k]) => ({ kind: `nested ${d} ${k}`, text: nested(d, k) })),
    },
    { weight: 1, arbitrary: fc.constant({ kind: 'over the body limit', text: JSON.stringify({ name: 'x'.repeat(1_100_000) }) }) },
  );
}

function casesFor(op: Operation, realIds: Record<string, string>, index: number): Case[] {
  const pathWith = (param: (name: string) => string) => op.template.replace(/\{([^}]+)\}/g, (_, name: string) => param(name));
  const realPath = pathWith((name) => realIds[`${op.template}:${name}`] ?? realIds[name] ?? 'unknown-id');
  const jsonType = op.bodyTypes.find((t) => t.includes('json')) ?? op.bodyTypes[0] ?? 'application/json';
  const kinds: fc.Arbitrary<Omit<Case, 'template'>>[] = [
    queryCase(op).map((q) => ({ kind: 'query', method: op.method, path: `${realPath}${q}` })),
    fc.constantFrom('X-Big', 'Cookie', 'Accept', 'User-Agent', 'Content-Type').map((h) => ({
      kind: `oversized header ${h}`,
      method: op.method,
      path: realPath,
      headers: [[h, 'h'.repeat(100_000)]] as [string, string][],
    })),
    fc.constant({
      kind: 'many headers',
      method: op.method,
      path: realPath,
      headers: Array.from({ length: 300 }, (_, i) => [`X-H${i}`, 'v'] as [string, string]),
    }),
  ];
  if (op.pathParams.length) {
    kinds.push(
      fc.array(PATH_PARAM, { minLength: op.pathParams.length, maxLength: op.pathParams.length }).map((vals) => {
        let i = 0;
        return { kind: 'path parameter', method: op.method, path: pathWith(() => vals[i++]) };
      }),
    );
  }
  if (op.bodyTypes.length) {
    const bodies = bodyOf(op).map((b) => ({
      kind: `body ${b.kind}`,
      method: op.method,
      path: realPath,
      headers: [['Content-Type', jsonType]] as [string, string][],
      body: b.text,
    }));
    // Twice: hostile bodies weigh two kinds among the kinds of cases (the seeded sample is as it was).
    kinds.push(bodies, bodies);
    kinds.push(
      fc
        .tuple(
          fc.constantFrom(...CONTENT_TYPES),
          fc.constantFrom('{"name":"x"}', 'name=x&a[b]=c', '<a>x</a>', '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nb\r\n--x--', '\u00ff\u00fe{'),
        )
        .map(([type, body]) => ({
          kind: `content type ${JSON.stringify(type)}`,
          method: op.method,
          path: realPath,
          headers: (type ? [['Content-Type', type]] : []) as [string, string][],
          body,
        })),
    );
    kinds.push(
      fc.constantFrom('{"name":"x"}', '{"name":').map((body) => ({
        kind: 'body length that lies',
        method: op.method,
        path: realPath,
        headers: [
          ['Content-Type', jsonType],
          ['Content-Length', String(body.length - 3)],
        ] as [string, string][],
        body,
      })),
    );
  } else {
    kinds.push(
      fc.constantFrom('{"unexpected":"body"}', nested(5_000, 'array')).map((body) => ({
        kind: 'body on a route without one',
        method: op.method,
        path: realPath,
        headers: [['Content-Type', 'application/json']] as [string, string][],
        body,
      })),
    );
  }
  return fc.sample(fc.oneof(...kinds), { seed: SEED + index, numRuns: PER_OPERATION }).map((c) => ({ ...c, template: op.template }));
}

describe('R2: schema-driven hostile input (openapi.yaml → fast-check)', () => {
  let app: ListeningApp;
  let token: string;
  const realIds: Record<string, string> = {};

  beforeAll(async () => {
    app = await listeningApp();
    const { t, port, host } = app;
    token = await adminToken(port, host, t.main.admin, t.main.tenant.managementAudience);
    const api = async (method: string, path: string, body?: unknown) => {
      const res = await send(port, host, {
        method,
        path,
        headers: [['Authorization', `Bearer ${token}`], ...(body === undefined ? [] : ([['Content-Type', 'application/json']] as [string, string][]))],
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (res.status >= 300) throw new Error(`seeding ${method} ${path}: ${res.status} ${res.body}`);
      return res.json as Json;
    };
    // Real resources, so hostile bodies and queries reach the code behind "is there such a thing".
    await api('PATCH', '/api/v2/tenants/settings', { flags: { enable_dynamic_client_registration: true } });
    const client = await api('POST', '/api/v2/clients', { name: 'r2-target', callbacks: ['http://127.0.0.1:9/cb'] });
    const rs = await api('POST', '/api/v2/resource-servers', { name: 'r2-api', identifier: 'https://r2.example/api', scopes: [{ value: 'read:things' }] });
    const grant = await api('POST', '/api/v2/client-grants', { client_id: client.client_id, audience: rs.identifier, scope: ['read:things'] });
    const connection = await api('POST', '/api/v2/connections', { name: 'r2-db', strategy: 'auth0', enabled_clients: [client.client_id] });
    const user = await api('POST', '/api/v2/users', { connection: 'r2-db', email: 'r2@example.com', password: 'r2 password that is long' });
    const rule = await api('POST', '/api/v2/rules', {
      name: 'r2-rule',
      script: 'function (user, context, callback) { callback(null, user, context); }',
      enabled: false,
    });
    const acl = await api('POST', '/api/v2/network-acls', {
      description: 'r2 (inactive)',
      active: false,
      priority: 1,
      rule: { action: { block: true }, match: { user_agents: ['r2-never-sent'] }, scope: 'dcr' },
    });
    const logs = (await api('GET', '/api/v2/logs?per_page=1')) as unknown as Json[];
    Object.assign(realIds, {
      '/api/v2/clients/{id}:id': client.client_id,
      '/api/v2/clients/{id}/rotate-secret:id': client.client_id,
      '/api/v2/resource-servers/{id}:id': rs.id,
      '/api/v2/client-grants/{id}:id': grant.id,
      '/api/v2/connections/{id}:id': connection.id,
      '/api/v2/connections/{id}/clients:id': connection.id,
      '/api/v2/users/{id}:id': encodeURIComponent(user.user_id),
      '/api/v2/rules/{id}:id': rule.id,
      '/api/v2/network-acls/{id}:id': acl.id,
      '/api/v2/logs/{id}:id': logs[0]?.log_id ?? 'unknown',
      '/api/v2/grants/{id}:id': 'cgr_unknown',
      client_id: client.client_id,
      unemulatedPath: 'roles',
    });
  });
  afterAll(() => app?.close());

  it(`answers ≥ 5,000 generated hostile requests with 0 × 5xx and only Auth0-shaped errors (seed ${SEED})`, async () => {
    const ops = operations();
    let cases = ops.flatMap((op, i) => casesFor(op, realIds, i));
    // Deletes last, so the real resources stay for the other methods' cases.
    cases = [...cases.filter((c) => c.method !== 'DELETE'), ...cases.filter((c) => c.method === 'DELETE')];
    const bearer = (c: Case): [string, string][] => (/^\/(api\/v2|ext\/v1)\//.test(c.template) ? [['Authorization', `Bearer ${token}`]] : []);

    const statuses = new Map<number, number>();
    const failures: { c: Case; res?: RawResponse; problem: string }[] = [];
    let errors = 0;
    let shaped = 0;
    const started = Date.now();
    let next = 0;
    const worker = async () => {
      while (next < cases.length) {
        const c = cases[next++];
        let res: RawResponse;
        try {
          res = await send(app.port, app.host, { ...c, headers: [...bearer(c), ...(c.headers ?? [])] });
        } catch (e) {
          failures.push({ c, problem: e instanceof NoAnswer ? `no answer: ${e.message}` : String(e) });
          continue;
        }
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (res.status >= 500) failures.push({ c, res, problem: `${res.status}: ${res.body.slice(0, 200)}` });
        if (res.status >= 400) {
          errors++;
          const problem = errorShapeProblem(c.path.split('?')[0], res);
          if (problem) failures.push({ c, res, problem: `${res.status} not Auth0-shaped: ${problem}` });
          else shaped++;
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const seconds = (Date.now() - started) / 1000;

    const fivexx = [...statuses].filter(([s]) => s >= 500).reduce((n, [, k]) => n + k, 0);
    const noAnswer = failures.filter((f) => !f.res).length;
    reportFigures(
      `R2: ${cases.length} requests over ${ops.length} operations in ${seconds.toFixed(1)} s (seed ${SEED}), ${fivexx}×5xx, ${noAnswer} unanswered, ` +
        `${errors} errors of which ${errors ? ((100 * shaped) / errors).toFixed(1) : '100'}% Auth0-shaped; statuses ${[...statuses]
          .sort(([a], [b]) => a - b)
          .map(([s, n]) => `${s}×${n}`)
          .join(' ')}`,
    );
    // One line per distinct (operation, kind of input, status, problem), with one request that shows it.
    const distinct = new Map<string, string>();
    for (const f of failures) {
      const key = `${f.c.method} ${f.c.template} | ${f.c.kind.replace(/\d+/g, 'N')} | ${f.problem.replace(/[0-9a-f-]{36}/g, '<id>').slice(0, 120)}`;
      if (!distinct.has(key))
        distinct.set(key, `${key}\n    e.g. ${f.c.method} ${f.c.path.slice(0, 160)} body=${JSON.stringify(String(f.c.body ?? '').slice(0, 120))}`);
    }
    expect({ seed: SEED, requests: cases.length, failures: failures.length, distinct: [...distinct.values()].slice(0, 60) }).toEqual({
      seed: SEED,
      requests: cases.length,
      failures: 0,
      distinct: [],
    });
    expect(cases.length).toBeGreaterThanOrEqual(5_000);
  }, 600_000);
});
