import type { ResourceServerBody } from '@gatehouse/contract';
import type { ResourceServerRow } from '@gatehouse/schemas';

/** Properties kept in the row's own columns (or, for `client_id`, derived): a copy in the body is ignored. */
type Columns = 'id' | 'name' | 'identifier' | 'is_system' | 'client_id';

/**
 * An API's JSON `body`: Auth0's properties as the DTOs validated them, over the defaults, write-only
 * material (`signing_secret`, a `token_encryption` key's `pem`) included.
 */
type StoredBody = Omit<ResourceServerBody, Columns> & { [K in Columns]?: unknown } & { signing_secret?: string };

/**
 * An API as Auth0 returns it. Keys only where Auth0 sends them (recordings): `is_system` on system APIs
 * only, `client_id` only for an API linked to a `resource_server` application, unset optional
 * properties omitted. Write-only material never leaves: `signing_secret`, and the `pem` of a
 * `token_encryption` key.
 */
export function toResourceServerResponse(row: ResourceServerRow, linkedClientId?: string): ResourceServerBody {
  const stored: StoredBody = row.body;
  const { id: _id, name: _name, identifier: _identifier, is_system: _isSystem, client_id: _clientId, signing_secret: _secret, ...body } = stored;
  // Auth0 answers the Management API without its (fixed) access policies (recording
  // TestAccResourceServerAuth0APIManagementImport); Gatehouse keeps them stored for resolveAccess.
  if (isManagementApi(row)) delete body.subject_type_authorization;
  if (body.token_encryption) {
    const { pem: _pem, ...key } = body.token_encryption.encryption_key;
    body.token_encryption = { ...body.token_encryption, encryption_key: key };
  }
  return {
    id: row.id,
    name: row.name,
    identifier: row.identifier,
    ...(row.is_system ? { is_system: true as const } : {}),
    ...body,
    ...(linkedClientId ? { client_id: linkedClientId } : {}),
  };
}

/** The tenant's "Auth0 Management API": the system API whose identifier is `https://{domain}/api/v2/`. */
function isManagementApi(row: ResourceServerRow): boolean {
  return row.is_system && /^https:\/\/[^/]+\/api\/v2\/$/.test(row.identifier);
}
