import { z } from 'zod';
import { parseAccountHistory } from '@gatehouse/policy';

/**
 * Every environment variable Gatehouse reads, validated once at boot. `secret: true` marks values
 * that must never be printed or logged. The README's configuration table is this list.
 */
export interface ConfigVariable {
  name: string;
  description: string;
  default: string;
  secret?: boolean;
}

export const CONFIG_VARIABLES: readonly ConfigVariable[] = [
  { name: 'PORT', description: 'TCP port to listen on.', default: '3000' },
  { name: 'HOST', description: 'Interface to bind.', default: '127.0.0.1' },
  {
    name: 'DATABASE_URL',
    description: '`sqlite:<path>` (embedded, WAL) or `postgres://user:pass@host:port/db`.',
    default: 'sqlite:./data/gatehouse.sqlite',
  },
  {
    name: 'GATEHOUSE_HTTPS',
    description:
      '`on` serves HTTPS (only) on PORT with a local certificate authority and a certificate for localhost, *.localhost, 127.0.0.1, ::1 and the configured host names, generated once into `<data dir>/tls/`; the start banner prints the `NODE_EXTRA_CA_CERTS=…` line that trusts it. `off`: plain HTTP.',
    default: 'off',
  },
  {
    name: 'GATEHOUSE_PUBLIC_URL',
    description: 'Public base URL of the default tenant; its issuer is this URL with a trailing slash. Must be https:// when GATEHOUSE_HTTPS=on.',
    default: 'http://localhost:<PORT> (https:// when GATEHOUSE_HTTPS=on)',
  },
  {
    name: 'GATEHOUSE_TENANT_DOMAIN',
    description:
      'Domain of the default tenant (Management API audience `https://{domain}/api/v2/`). When it changes (or the PORT it is derived from), the default tenant moves to it at start.',
    default: 'host[:port] of GATEHOUSE_PUBLIC_URL',
  },
  {
    name: 'GATEHOUSE_NOW',
    description: 'ISO-8601 instant the clock starts at; it then runs forward in real time.',
    default: 'the real time',
  },
  {
    name: 'GATEHOUSE_ADMIN_CLIENT_ID',
    description: 'client_id of the bootstrap admin application (first start only).',
    default: 'generated once',
  },
  {
    name: 'GATEHOUSE_ADMIN_CLIENT_SECRET',
    description: 'client_secret of the bootstrap admin application (first start only).',
    default: 'generated once, printed at start-up',
    secret: true,
  },
  {
    name: 'GATEHOUSE_SECRET_KEY',
    description: 'Key (>= 32 characters) that encrypts client secrets and private keys at rest.',
    default: 'generated into `<data dir>/secret.key`',
    secret: true,
  },
  {
    name: 'GATEHOUSE_MANAGEMENT_RATE_LIMIT',
    description: 'Default Management API requests per minute per tenant (x-ratelimit-* headers, 429).',
    default: '6000',
  },
  {
    name: 'GATEHOUSE_UNAUTHENTICATED_RATE_LIMIT',
    description:
      'Management API requests per minute per client IP that fail authentication (no, bad or refused token): past it, 429 with Retry-After. They never count against a tenant’s limit.',
    default: '120',
  },
  {
    name: 'GATEHOUSE_GEO_COUNTRY_HEADER',
    description: 'Trusted request header carrying the client country (ISO 3166-1 alpha-2) for network ACL geo rules.',
    default: 'unset (geo rules never match)',
  },
  {
    name: 'GATEHOUSE_LOG_RETENTION_DAYS',
    description: 'Days a tenant log event (`/api/v2/logs`) is kept.',
    default: '30',
  },
  {
    name: 'GATEHOUSE_LOG_MAX_EVENTS',
    description: 'Most tenant log events kept per tenant; the oldest go first.',
    default: '100000',
  },
  {
    name: 'GATEHOUSE_TEST_LOGIN',
    description:
      'CI only: the email of a user of a database connection of the tenant that /authorize logs in and consents for automatically, so a headless client completes the flow without a browser (docs/decisions.md, "Test login"). Never set it on a shared instance.',
    default: 'unset (people log in and consent on the pages)',
  },
  {
    name: 'GATEHOUSE_HEADERS_TIMEOUT_MS',
    description:
      'Most time a client may take to send a request line and headers, counted from its first byte or from the connection (a silent or slowloris client is cut: 408, connection closed).',
    default: '10000',
  },
  {
    name: 'GATEHOUSE_REQUEST_TIMEOUT_MS',
    description:
      'Most time a client may take to send a whole request, headers and body (a slow body is cut: 408, connection closed). At least the headers timeout.',
    default: '30000',
  },
  {
    name: 'GATEHOUSE_KEEP_ALIVE_TIMEOUT_MS',
    description: 'How long an idle keep-alive connection is kept open after a response (above common load balancers’ 60 s idle timeout).',
    default: '72000',
  },
  {
    name: 'GATEHOUSE_IDLE_TIMEOUT_MS',
    description:
      'A connection on which nothing is sent or received for this long is closed (a client that connects and never speaks, a stalled response). More than the keep-alive timeout.',
    default: '75000',
  },
  {
    name: 'GATEHOUSE_MAX_CONNECTIONS',
    description: 'Most concurrent client connections; one more is closed at once, unanswered. Keep it below the process’s open-file limit.',
    default: '4096',
  },
  {
    name: 'GATEHOUSE_ROOT_TOKEN',
    description:
      'Root credential of the control plane (`/ext/v1/accounts`, `/ext/v1/tenants`, `/ext/v1/clock`), sent as `Authorization: Bearer <token>` and compared in constant time; at least 32 characters. Unset: those routes answer 404.',
    default: 'unset (no control plane)',
    secret: true,
  },
  {
    name: 'GATEHOUSE_CLOCK_API',
    description:
      '`on` serves `GET/PUT /ext/v1/clock` (root credential required, so GATEHOUSE_ROOT_TOKEN must be set): it moves the one clock of every tenant. `off`: 404.',
    default: 'off',
  },
  {
    name: 'GATEHOUSE_DEFAULT_ACCOUNT_NAME',
    description: 'Name of the account the default tenant is created in (first start).',
    default: 'Default account',
  },
  {
    name: 'GATEHOUSE_DEFAULT_ACCOUNT_HISTORY',
    description:
      'Recorded history of the default account: `third_party_before:<date>` (it had third-party applications before April 2026, since that date, e.g. `third_party_before:2026-02-01`: eligible for permissive mode) or `none`. Applied at every start; unset leaves it as it is (none on first start).',
    default: 'unset',
  },
  {
    name: 'GATEHOUSE_SEED',
    description:
      'An auth0-deploy-cli tenant file, YAML (`tenant.yaml`) or a directory export (`tenant.json`, `clients/`, `resource-servers/`, `grants/`, `databases/`, `connections/`), applied to the default tenant when this start creates it (tenant settings, resource servers, clients, client grants, connections) through the Management API’s own validation and rules, in the transaction that creates the tenant. A refused file stops the start (exit 65) naming the file, the path in it and the reason, and leaves nothing. Later starts do not read it.',
    default: 'unset',
  },
  {
    name: 'AUTH0_KEYWORD_REPLACE_MAPPINGS',
    description:
      'As deploy-cli’s: a JSON object of keywords replaced in the GATEHOUSE_SEED file before it is read, `##KEY##` by the value and `@@KEY@@` by its JSON (e.g. `{"API":"https://api.example/","CALLBACKS":["https://app.example/cb"]}`).',
    default: '{}',
  },
  { name: 'LOG_LEVEL', description: 'fatal | error | warn | info | debug | trace | silent.', default: 'info' },
  {
    name: 'LOG_FORMAT',
    description:
      '`json`: one JSON object per stdout line (Nest’s own lines included; request lines carry `reqId`). `pretty`: one readable, coloured line per request for a person at a terminal. Secrets are redacted in both.',
    default: '`pretty` when stdout is a terminal, `json` otherwise',
  },
  {
    name: 'GATEHOUSE_METRICS',
    description:
      '`on` serves `GET /metrics` (Prometheus text format: requests by route template, latency, token issuance, DCR, rate-limit refusals, database pool, process and event loop; never a tenant, client, IP or token). `off`: 404.',
    default: 'off',
  },
  {
    name: 'GATEHOUSE_METRICS_TOKEN',
    description:
      'When set, `GET /metrics` needs `Authorization: Bearer <token>` (compared in constant time; at least 32 characters); needs GATEHOUSE_METRICS=on. Unset: /metrics answers without a credential (bind HOST to a private interface).',
    default: 'unset',
    secret: true,
  },
];

const instant = z
  .string()
  .refine((v) => !Number.isNaN(Date.parse(v)) && /^\d{4}-\d{2}-\d{2}T/.test(v), 'must be an ISO-8601 instant such as 2026-05-01T00:00:00Z');

const url = (protocols: string[]) =>
  z.string().refine(
    (v) => {
      try {
        return protocols.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    },
    `must be a ${protocols.join(' or ')} URL`,
  );

const rawSchema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().min(1).default('127.0.0.1'),
    DATABASE_URL: z
      .string()
      .default('sqlite:./data/gatehouse.sqlite')
      .refine((v) => /^sqlite:.+/.test(v) || /^postgres(ql)?:\/\//.test(v), 'must be sqlite:<path> or postgres://…'),
    GATEHOUSE_HTTPS: z.enum(['on', 'off']).default('off'),
    GATEHOUSE_PUBLIC_URL: url(['http:', 'https:']).optional(),
    GATEHOUSE_TENANT_DOMAIN: z
      .string()
      .regex(/^[a-z0-9.-]+(:\d{1,5})?$/i, 'must be a host name with an optional :port')
      .optional(),
    GATEHOUSE_NOW: instant.optional(),
    GATEHOUSE_ADMIN_CLIENT_ID: z
      .string()
      .regex(/^[A-Za-z0-9_-]{8,64}$/, 'must be 8–64 characters of [A-Za-z0-9_-]')
      .optional(),
    GATEHOUSE_ADMIN_CLIENT_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
    GATEHOUSE_SECRET_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
    GATEHOUSE_MANAGEMENT_RATE_LIMIT: z.coerce.number().int().min(1).default(6000),
    GATEHOUSE_UNAUTHENTICATED_RATE_LIMIT: z.coerce.number().int().min(1).default(120),
    GATEHOUSE_GEO_COUNTRY_HEADER: z
      .string()
      .regex(/^[a-z0-9-]+$/i, 'must be a header name')
      .optional(),
    GATEHOUSE_LOG_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
    GATEHOUSE_LOG_MAX_EVENTS: z.coerce.number().int().min(1).max(10_000_000).default(100_000),
    GATEHOUSE_TEST_LOGIN: z
      .string()
      .max(254)
      .regex(/^[^\s@]+@[^\s@]+$/, 'must be the email of a user (user@example.com)')
      .optional(),
    GATEHOUSE_HEADERS_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
    GATEHOUSE_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(3_600_000).default(30_000),
    GATEHOUSE_KEEP_ALIVE_TIMEOUT_MS: z.coerce.number().int().min(100).max(3_600_000).default(72_000),
    GATEHOUSE_IDLE_TIMEOUT_MS: z.coerce.number().int().min(100).max(3_600_000).default(75_000),
    GATEHOUSE_MAX_CONNECTIONS: z.coerce.number().int().min(1).max(1_000_000).default(4096),
    GATEHOUSE_ROOT_TOKEN: z.string().min(32, 'must be at least 32 characters').optional(),
    GATEHOUSE_CLOCK_API: z.enum(['on', 'off']).default('off'),
    GATEHOUSE_DEFAULT_ACCOUNT_NAME: z.string().min(1).max(255).default('Default account'),
    GATEHOUSE_DEFAULT_ACCOUNT_HISTORY: z
      .string()
      .superRefine((v, ctx) => {
        const parsed = parseAccountHistory(v);
        if ('error' in parsed) ctx.addIssue({ code: 'custom', message: parsed.error });
      })
      .optional(),
    GATEHOUSE_SEED: z.string().trim().min(1, 'must be the path of a deploy-cli tenant file (YAML) or directory export').optional(),
    AUTH0_KEYWORD_REPLACE_MAPPINGS: z
      .string()
      .transform((v, ctx) => {
        try {
          const parsed: unknown = JSON.parse(v);
          if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
        } catch {
          // refused below
        }
        ctx.addIssue({ code: 'custom', message: 'must be a JSON object of keyword → value (as deploy-cli’s)' });
        return z.NEVER;
      })
      .optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
    GATEHOUSE_METRICS: z.enum(['on', 'off']).default('off'),
    GATEHOUSE_METRICS_TOKEN: z.string().min(32, 'must be at least 32 characters').optional(),
  })
  .superRefine((v, ctx) => {
    if (v.GATEHOUSE_HEADERS_TIMEOUT_MS > v.GATEHOUSE_REQUEST_TIMEOUT_MS) {
      ctx.addIssue({ code: 'custom', path: ['GATEHOUSE_HEADERS_TIMEOUT_MS'], message: 'must not be more than GATEHOUSE_REQUEST_TIMEOUT_MS' });
    }
    // An idle keep-alive connection must be closed by the keep-alive timer, whose length the server
    // advertises (`Keep-Alive: timeout=N`) and clients trust: an idle timeout below it closed sockets that
    // clients then reused ("fetch failed" in auth0-deploy-cli between two calls ~60 s apart).
    if (v.GATEHOUSE_IDLE_TIMEOUT_MS <= v.GATEHOUSE_KEEP_ALIVE_TIMEOUT_MS) {
      ctx.addIssue({ code: 'custom', path: ['GATEHOUSE_IDLE_TIMEOUT_MS'], message: 'must be more than GATEHOUSE_KEEP_ALIVE_TIMEOUT_MS' });
    }
    if (v.GATEHOUSE_HTTPS === 'on' && v.GATEHOUSE_PUBLIC_URL?.toLowerCase().startsWith('http:')) {
      ctx.addIssue({ code: 'custom', path: ['GATEHOUSE_PUBLIC_URL'], message: 'must be an https:// URL when GATEHOUSE_HTTPS=on (the server speaks only TLS)' });
    }
    if (v.GATEHOUSE_CLOCK_API === 'on' && !v.GATEHOUSE_ROOT_TOKEN) {
      ctx.addIssue({ code: 'custom', path: ['GATEHOUSE_CLOCK_API'], message: 'needs GATEHOUSE_ROOT_TOKEN (the clock is moved with the root credential)' });
    }
    if (v.GATEHOUSE_METRICS_TOKEN && v.GATEHOUSE_METRICS !== 'on') {
      ctx.addIssue({
        code: 'custom',
        path: ['GATEHOUSE_METRICS_TOKEN'],
        message: 'is set but GATEHOUSE_METRICS is not on (set GATEHOUSE_METRICS=on to serve /metrics)',
      });
    }
    if (v.GATEHOUSE_ADMIN_CLIENT_SECRET && !v.GATEHOUSE_ADMIN_CLIENT_ID) {
      ctx.addIssue({ code: 'custom', path: ['GATEHOUSE_ADMIN_CLIENT_ID'], message: 'must be set when GATEHOUSE_ADMIN_CLIENT_SECRET is' });
    }
  });

export type DatabaseConfig = { type: 'sqlite'; path: string } | { type: 'postgres'; url: string };

export interface GatehouseConfig {
  port: number;
  host: string;
  database: DatabaseConfig;
  /** Folder for the SQLite file and the generated secret key. */
  dataDir: string;
  publicUrl: string;
  /** GATEHOUSE_HTTPS: serve TLS with the local authority's certificate (libs/http local-tls). */
  https: boolean;
  tenantDomain: string;
  now?: Date;
  adminClientId?: string;
  adminClientSecret?: string;
  secretKey?: string;
  managementRateLimitPerMinute: number;
  /** Management API requests per minute per client IP that fail authentication. */
  unauthenticatedRateLimitPerMinute: number;
  /** Lower-case header name, when geo rules are to be trusted. */
  geoCountryHeader?: string;
  /** Tenant log retention (SPEC §8): by age and by count, per tenant. */
  logRetentionDays: number;
  logMaxEventsPerTenant: number;
  /** How long a client may hold a connection (issue 12 §6); see libs/http server-limits. */
  server: ServerLimits;
  /** The control plane's root credential (unset: no control plane). */
  rootToken?: string;
  /** Whether GET/PUT /ext/v1/clock is served. */
  clockApi: boolean;
  defaultAccountName: string;
  /** The default account's recorded history when configured (`since: null`: none); undefined leaves it. */
  defaultAccountHistory?: { since: Date | null };
  /** GATEHOUSE_SEED: the deploy-cli tenant file applied when the default tenant is created, and its keyword mappings. */
  seed?: { path: string; mappings: Record<string, unknown> };
  /** CI test mode: the email of the user /authorize logs in and consents for automatically (lower-cased). */
  testLogin?: string;
  logLevel: string;
  /** LOG_FORMAT; unset: pretty when stdout is a terminal, json otherwise (decided where the log is made). */
  logFormat?: 'json' | 'pretty';
  /** GET /metrics (Prometheus): served or 404, and the bearer token it then needs, if any. */
  metrics: { enabled: boolean; token?: string };
}

/** Bounds on client connections, in milliseconds (SPEC §10: header, request and idle timeouts, a cap). */
export interface ServerLimits {
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  keepAliveTimeoutMs: number;
  idleTimeoutMs: number;
  maxConnections: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Parse and validate the environment. Throws ConfigError naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined>): GatehouseConfig {
  const present = Object.fromEntries(CONFIG_VARIABLES.map((v) => [v.name, env[v.name] === '' ? undefined : env[v.name]]));
  const parsed = rawSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => {
        const name = String(i.path[0] ?? 'configuration');
        const secret = CONFIG_VARIABLES.find((v) => v.name === name)?.secret;
        const shown = secret || env[name] === undefined ? '' : ` (got ${JSON.stringify(env[name])})`;
        return `${name}: ${i.message}${shown}`;
      }),
    );
  }
  const v = parsed.data;
  const https = v.GATEHOUSE_HTTPS === 'on';
  const publicUrl = (v.GATEHOUSE_PUBLIC_URL ?? `${https ? 'https' : 'http'}://localhost:${v.PORT}`).replace(/\/+$/, '');
  const database: DatabaseConfig = v.DATABASE_URL.startsWith('sqlite:')
    ? { type: 'sqlite', path: v.DATABASE_URL.slice('sqlite:'.length) }
    : { type: 'postgres', url: v.DATABASE_URL };
  const dataDir = database.type === 'sqlite' && database.path !== ':memory:' ? dirnameOf(database.path) : './data';
  return {
    port: v.PORT,
    host: v.HOST,
    database,
    dataDir,
    publicUrl,
    https,
    tenantDomain: v.GATEHOUSE_TENANT_DOMAIN ?? new URL(publicUrl).host,
    now: v.GATEHOUSE_NOW ? new Date(v.GATEHOUSE_NOW) : undefined,
    adminClientId: v.GATEHOUSE_ADMIN_CLIENT_ID,
    adminClientSecret: v.GATEHOUSE_ADMIN_CLIENT_SECRET,
    secretKey: v.GATEHOUSE_SECRET_KEY,
    managementRateLimitPerMinute: v.GATEHOUSE_MANAGEMENT_RATE_LIMIT,
    unauthenticatedRateLimitPerMinute: v.GATEHOUSE_UNAUTHENTICATED_RATE_LIMIT,
    geoCountryHeader: v.GATEHOUSE_GEO_COUNTRY_HEADER?.toLowerCase(),
    logRetentionDays: v.GATEHOUSE_LOG_RETENTION_DAYS,
    logMaxEventsPerTenant: v.GATEHOUSE_LOG_MAX_EVENTS,
    server: {
      headersTimeoutMs: v.GATEHOUSE_HEADERS_TIMEOUT_MS,
      requestTimeoutMs: v.GATEHOUSE_REQUEST_TIMEOUT_MS,
      keepAliveTimeoutMs: v.GATEHOUSE_KEEP_ALIVE_TIMEOUT_MS,
      idleTimeoutMs: v.GATEHOUSE_IDLE_TIMEOUT_MS,
      maxConnections: v.GATEHOUSE_MAX_CONNECTIONS,
    },
    testLogin: v.GATEHOUSE_TEST_LOGIN?.toLowerCase(),
    rootToken: v.GATEHOUSE_ROOT_TOKEN,
    clockApi: v.GATEHOUSE_CLOCK_API === 'on',
    defaultAccountName: v.GATEHOUSE_DEFAULT_ACCOUNT_NAME,
    defaultAccountHistory: historyOf(v.GATEHOUSE_DEFAULT_ACCOUNT_HISTORY),
    seed: v.GATEHOUSE_SEED ? { path: v.GATEHOUSE_SEED, mappings: v.AUTH0_KEYWORD_REPLACE_MAPPINGS ?? {} } : undefined,
    logLevel: v.LOG_LEVEL,
    logFormat: v.LOG_FORMAT,
    metrics: { enabled: v.GATEHOUSE_METRICS === 'on', ...(v.GATEHOUSE_METRICS_TOKEN ? { token: v.GATEHOUSE_METRICS_TOKEN } : {}) },
  };
}

function historyOf(value: string | undefined): { since: Date | null } | undefined {
  if (value === undefined) return undefined;
  const parsed = parseAccountHistory(value);
  return 'since' in parsed ? { since: parsed.since } : undefined;
}

function dirnameOf(p: string): string {
  const i = p.lastIndexOf('/');
  return i <= 0 ? (i === 0 ? '/' : '.') : p.slice(0, i);
}
