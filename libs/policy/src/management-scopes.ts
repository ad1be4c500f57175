/**
 * Management API scopes that Gatehouse emulates. The system "Auth0 Management API" resource server
 * and the bootstrap admin grant carry exactly these; a path whose scope is not here is unemulated and
 * answers 403 insufficient_scope (SPEC §3), which is how auth0-deploy-cli learns to skip it.
 */
export const MANAGEMENT_RESOURCES = {
  clients: ['read', 'create', 'update', 'delete'],
  client_keys: ['read', 'update'],
  client_grants: ['read', 'create', 'update', 'delete'],
  resource_servers: ['read', 'create', 'update', 'delete'],
  tenant_settings: ['read', 'update'],
  network_acls: ['read', 'create', 'update', 'delete'],
  logs: ['read'],
  connections: ['read', 'create', 'update', 'delete'],
  users: ['read', 'create', 'update', 'delete'],
  grants: ['read', 'delete'],
  rules: ['read', 'create', 'update', 'delete'],
} as const satisfies Record<string, readonly ('read' | 'create' | 'update' | 'delete')[]>;

export const MANAGEMENT_API_SCOPES: readonly string[] = Object.entries(MANAGEMENT_RESOURCES).flatMap(([resource, verbs]) =>
  verbs.map((verb) => `${verb}:${resource}`),
);

const VERB_BY_METHOD: Record<string, string> = {
  GET: 'read',
  HEAD: 'read',
  POST: 'create',
  PUT: 'update',
  PATCH: 'update',
  DELETE: 'delete',
};

/**
 * The scope Auth0 would require for a Management API path Gatehouse does not emulate, e.g.
 * `GET /api/v2/rules/abc` → `read:rules`, `POST /api/v2/log-streams` → `create:log_streams`.
 */
export function scopeForUnemulatedPath(method: string, path: string): string {
  const resource = path.replace(/^\/api\/v2\/?/, '').split(/[/?]/)[0] || 'resources';
  const verb = VERB_BY_METHOD[method.toUpperCase()] ?? 'read';
  return `${verb}:${resource.replace(/-/g, '_')}`;
}

/** Scopes as a set from Auth0's space-separated form. */
export function parseScope(scope: string | undefined | null): string[] {
  if (!scope) return [];
  return [...new Set(scope.split(/\s+/).filter(Boolean))];
}

/**
 * Scopes a token gets: requested ∩ granted, or every granted scope when none was requested
 * (client_credentials, SPEC §6.1 rule 5). Order follows the grant, so tokens are stable.
 */
export function grantedScopes(requested: readonly string[], granted: readonly string[]): string[] {
  if (requested.length === 0) return [...granted];
  const wanted = new Set(requested);
  return granted.filter((s) => wanted.has(s));
}
