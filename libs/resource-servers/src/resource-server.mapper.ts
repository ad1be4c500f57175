import type { ResourceServerRow } from '@gatehouse/schemas';

type Obj = Record<string, unknown>;

/**
 * An API as Auth0 returns it. Keys only where Auth0 sends them (recordings): `is_system` on system APIs
 * only, `client_id` only for an API linked to a `resource_server` application, unset optional
 * properties omitted. Write-only material never leaves: `signing_secret`, and the `pem` of a
 * `token_encryption` key.
 */
export function toResourceServerResponse(row: ResourceServerRow, linkedClientId?: string): Obj {
  const body: Obj = { ...row.body };
  for (const k of ['id', 'name', 'identifier', 'is_system', 'client_id', 'signing_secret']) delete body[k];
  // Auth0 answers the Management API without its (fixed) access policies (recording
  // TestAccResourceServerAuth0APIManagementImport); Gatehouse keeps them stored for resolveAccess.
  if (isManagementApi(row)) delete body.subject_type_authorization;
  const encryption = body.token_encryption as Obj | undefined;
  if (encryption && typeof encryption === 'object') {
    const { pem: _pem, ...key } = (encryption.encryption_key as Obj | undefined) ?? {};
    body.token_encryption = { ...encryption, encryption_key: key };
  }
  return {
    id: row.id,
    name: row.name,
    identifier: row.identifier,
    ...(row.is_system ? { is_system: true } : {}),
    ...body,
    ...(linkedClientId ? { client_id: linkedClientId } : {}),
  };
}

/** The tenant's "Auth0 Management API": the system API whose identifier is `https://{domain}/api/v2/`. */
function isManagementApi(row: ResourceServerRow): boolean {
  return row.is_system && /^https:\/\/[^/]+\/api\/v2\/$/.test(row.identifier);
}
