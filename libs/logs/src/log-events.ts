/**
 * Tenant log event types (Auth0's codes where Auth0 publishes one; see docs/decisions.md for the two
 * Gatehouse had to name itself) and what each event carries.
 */
export const LOG_EVENT_TYPES = {
  sapi: 'Success API Operation',
  fapi: 'Failed API Operation',
  api_limit: 'Rate Limit on the Authentication or Management APIs',
  seccft: 'Success Exchange (Client Credentials for Access Token)',
  feccft: 'Failed Exchange (Client Credentials for Access Token)',
  seacft: 'Success Exchange (Authorization Code for Access Token)',
  feacft: 'Failed Exchange (Authorization Code for Access Token)',
  sertft: 'Success Exchange (Refresh Token for Access Token)',
  fertft: 'Failed Exchange (Refresh Token for Access Token)',
  srrt: 'Successful Refresh Token Revocation',
  // Auth0 publishes no code for /oidc/register; these follow its s…/f… naming (docs/decisions.md).
  sdcr: 'Success Dynamic Client Registration',
  fdcr: 'Failed Dynamic Client Registration',
  acls_summary: 'Network ACLs Summary',
  // An application called an endpoint of a legacy feature (the migration report reads these).
  depnote: 'Deprecation Notice',
  s: 'Success Login',
  f: 'Failed Login',
  fp: 'Failed Login (Incorrect Password)',
  fu: 'Failed Login (Invalid Email/Username)',
} as const;

export type LogEventType = keyof typeof LOG_EVENT_TYPES;

/** Success and failure codes of a token exchange, per grant type Gatehouse serves. */
export const TOKEN_EXCHANGE_EVENTS: Readonly<Record<string, { success: LogEventType; failure: LogEventType; name: string }>> = {
  client_credentials: { success: 'seccft', failure: 'feccft', name: 'Client Credentials for Access Token' },
  authorization_code: { success: 'seacft', failure: 'feacft', name: 'Authorization Code for Access Token' },
  refresh_token: { success: 'sertft', failure: 'fertft', name: 'Refresh Token for Access Token' },
};

/** What a caller records; the writer adds `log_id` and `date`, and resolves `client_name`. */
export interface LogEventInput {
  type: LogEventType;
  description?: string;
  client_id?: string;
  client_name?: string;
  ip?: string;
  user_agent?: string;
  hostname?: string;
  audience?: string;
  scope?: string;
  /** Logins: the connection, and the user (id and the name they logged in with). */
  connection?: string;
  user_id?: string;
  user_name?: string;
  details?: Record<string, unknown>;
}

/** The request facts every event carries. */
export interface RequestFacts {
  ip?: string;
  user_agent?: string;
  hostname?: string;
}

// Names of properties that hold secrets (client settings such as token_endpoint_auth_method stay).
const SECRET_KEY = /secret|password|^(access_token|id_token|code|code_verifier|authorization)$|assertion$|private_key$/i;
const MAX_DEPTH = 6;

/** A copy safe to store: secret-looking properties are masked, depth and strings bounded. */
export function redact(value: unknown, depth = 0): unknown {
  if (depth > MAX_DEPTH) return '[truncated]';
  if (typeof value === 'string') return value.length > 1024 ? `${value.slice(0, 1024)}…` : value;
  if (Array.isArray(value)) return value.slice(0, 50).map((v) => redact(v, depth + 1));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, SECRET_KEY.test(k) ? '[redacted]' : redact(v, depth + 1)]));
  }
  return value;
}

const VERBS: Record<string, string> = { POST: 'Create', PUT: 'Replace', PATCH: 'Update', DELETE: 'Delete', GET: 'Read' };

const OPERATIONS: Record<string, string> = {
  'POST /api/v2/clients/:id/rotate-secret': 'Rotate a client secret',
  'PATCH /api/v2/tenants/settings': 'Update tenant settings',
  'GET /api/v2/tenants/settings': 'Read tenant settings',
};

/** A human description of a Management API operation, e.g. `PATCH /api/v2/clients/:id` → "Update a client". */
export function describeOperation(method: string, route: string | undefined): string {
  if (!route) return `${method} request`;
  const known = OPERATIONS[`${method} ${route}`];
  if (known) return known;
  const m = /^\/api\/v2\/([a-z-]+)(\/:[a-z_]+)?$/.exec(route);
  if (!m) return `${method} ${route}`;
  const resource = m[1]!.replace(/-/g, ' ').replace(/s$/, '');
  const verb = VERBS[method] ?? method;
  return m[2] || method === 'POST' ? `${verb} a ${resource}` : `${verb} ${m[1]!.replace(/-/g, ' ')}`;
}
