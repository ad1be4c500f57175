import type { UserGrantRow } from '@gatehouse/schemas';

/**
 * A user's consent (Auth0's user grant): this user let this application call this API with these
 * scopes. One per (user, application, API); it only grows as the user consents to more.
 */
export interface UserGrant {
  id: string;
  tenantId: string;
  userId: string;
  clientId: string;
  audience: string;
  scopes: readonly string[];
  createdAt: string;
  updatedAt: string;
}

/** The one place a stored consent becomes a UserGrant. */
export function userGrantFromRow(row: UserGrantRow): UserGrant {
  if (!Array.isArray(row.scope) || !row.scope.every((s) => typeof s === 'string'))
    throw new Error(`user grant ${row.id}: stored scope is not a list of strings`);
  return {
    id: row.id,
    tenantId: row.tenant_id,
    userId: row.user_id,
    clientId: row.client_id,
    audience: row.audience,
    scopes: row.scope,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** A UserGrant as stored: the inverse of `userGrantFromRow`. */
export function userGrantToRow(g: UserGrant): UserGrantRow {
  return {
    id: g.id,
    tenant_id: g.tenantId,
    user_id: g.userId,
    client_id: g.clientId,
    audience: g.audience,
    scope: [...g.scopes],
    created_at: g.createdAt,
    updated_at: g.updatedAt,
  };
}

/** The scopes after a new consent: what was granted, then what is new, each once. */
export function consentedScopes(granted: readonly string[], consented: readonly string[]): string[] {
  return [...new Set([...granted, ...consented])];
}
