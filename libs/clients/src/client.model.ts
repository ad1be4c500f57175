import { reportedMode, SecurityMode } from '@gatehouse/policy';
import type { ClientRow } from '@gatehouse/schemas';
import { authenticatesWithKeys } from './client-defaults';

/** What a client is under the third-party model: decided once, in `clientFromRow`. */
export type ClientKind = { firstParty: true; mode?: undefined } | { firstParty: false; mode: SecurityMode };

/**
 * A client as the rules see it (STYLE.md, "the seam between storage and rules"): the facts rules read
 * are typed fields; Auth0's other properties, which carry no rule, stay in `settings`.
 */
export interface Client {
  clientId: string;
  tenantId: string;
  name: string;
  kind: ClientKind;
  appType?: string;
  grantTypes: readonly string[];
  tokenEndpointAuthMethod?: string;
  callbacks: readonly string[];
  /** `private_key_jwt` or mTLS: such a client has no secret. */
  authenticatesWithKeys: boolean;
  /** The secret as stored (sealed with the at-rest key); absent for clients without one. */
  sealedSecret?: string;
  createdAt: Date;
  /** Every other stored property, as Auth0 names it. */
  settings: Readonly<Record<string, unknown>>;
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** The one place a stored row becomes a Client, and the one place a third-party client's mode is read. */
export function clientFromRow(row: ClientRow): Client {
  const createdAt = new Date(row.created_at);
  return {
    clientId: row.client_id,
    tenantId: row.tenant_id,
    name: row.name,
    kind: row.is_first_party
      ? { firstParty: true }
      : { firstParty: false, mode: reportedMode(row.third_party_security_mode as SecurityMode | null, createdAt) },
    appType: row.app_type ?? undefined,
    grantTypes: strings(row.body.grant_types),
    tokenEndpointAuthMethod: typeof row.body.token_endpoint_auth_method === 'string' ? row.body.token_endpoint_auth_method : undefined,
    callbacks: strings(row.body.callbacks),
    authenticatesWithKeys: authenticatesWithKeys(row.body),
    sealedSecret: row.client_secret_enc ?? undefined,
    createdAt,
    settings: row.body,
  };
}
