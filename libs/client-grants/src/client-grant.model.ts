import { grantOwnerKey, SubjectType } from '@gatehouse/policy';
import type { ClientGrantRow } from '@gatehouse/schemas';

/** Auth0's `default_for` values: the one default permission Auth0 has. */
export const DEFAULT_FOR = ['third_party_clients'] as const;
export type DefaultFor = (typeof DEFAULT_FOR)[number];
export const SUBJECT_TYPES = ['client', 'user'] as const satisfies readonly SubjectType[];
export const ORGANIZATION_USAGES = ['deny', 'allow', 'require'] as const;
export type OrganizationUsage = (typeof ORGANIZATION_USAGES)[number];

/** Whom a grant is for: one application, or every application of a kind (Auth0's `default_for`). */
export type GrantOwner = { kind: 'client'; clientId: string } | { kind: 'default'; defaultFor: DefaultFor };

/**
 * Auth0's properties of a grant that carry no rule here: kept and echoed once set (absent until then).
 * `allow_any_organization` is the effective value lists filter on.
 */
export interface ClientGrantProperties {
  organization_usage?: OrganizationUsage;
  allow_any_organization?: boolean;
  authorization_details_types?: string[];
}

/** A client grant as the rules see it (STYLE.md, "the seam between storage and rules"). */
export interface ClientGrant {
  id: string;
  tenantId: string;
  owner: GrantOwner;
  /** The API's identifier. */
  audience: string;
  subjectType: SubjectType;
  scopes: readonly string[];
  /** Auth0's `allow_all_scopes`: every scope the API defines, whatever `scopes` says; undefined until set. */
  allowAllScopes?: boolean;
  /** As stored (ISO 8601): with `id`, the key lists are ordered and checkpointed by. */
  createdAt: string;
  properties: Readonly<ClientGrantProperties>;
}

function oneOf<T extends string>(values: readonly T[], value: string | null, what: string, id: string): T {
  if (values.includes(value as T)) return value as T;
  throw new Error(`client grant ${id}: stored ${what} ${JSON.stringify(value)} is none of ${values.join(', ')}`);
}

/** The one place a stored grant becomes a ClientGrant: its owner, subject type and Auth0's other properties read once. */
export function clientGrantFromRow(row: ClientGrantRow): ClientGrant {
  const {
    allow_all_scopes: allowAllScopes,
    allow_any_organization: anyOrgStored,
    ...properties
  } = row.body as ClientGrantProperties & { allow_all_scopes?: boolean };
  // The column holds the effective value; the body remembers that it was set (Auth0 echoes it only then).
  const anyOrgSet = anyOrgStored !== undefined || row.allow_any_organization;
  return {
    id: row.id,
    tenantId: row.tenant_id,
    owner:
      row.client_id !== null
        ? { kind: 'client', clientId: row.client_id }
        : { kind: 'default', defaultFor: oneOf(DEFAULT_FOR, row.default_for, 'default_for', row.id) },
    audience: row.audience,
    subjectType: oneOf(SUBJECT_TYPES, row.subject_type, 'subject_type', row.id),
    scopes: row.scope,
    ...(allowAllScopes !== undefined ? { allowAllScopes } : {}),
    createdAt: row.created_at,
    properties: { ...properties, ...(anyOrgSet ? { allow_any_organization: row.allow_any_organization } : {}) },
  };
}

/** A ClientGrant as stored: the inverse of `clientGrantFromRow`. */
export function clientGrantToRow(g: ClientGrant): ClientGrantRow {
  const body: Record<string, unknown> = { ...g.properties, ...(g.allowAllScopes !== undefined ? { allow_all_scopes: g.allowAllScopes } : {}) };
  return {
    id: g.id,
    tenant_id: g.tenantId,
    client_id: g.owner.kind === 'client' ? g.owner.clientId : null,
    default_for: g.owner.kind === 'default' ? g.owner.defaultFor : null,
    owner_key: grantOwnerKey(g.owner),
    audience: g.audience,
    subject_type: g.subjectType,
    scope: [...g.scopes],
    allow_any_organization: g.properties.allow_any_organization === true,
    body,
    created_at: g.createdAt,
  };
}
