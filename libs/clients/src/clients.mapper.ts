import type { ClientRow } from '@gatehouse/schemas';
import type { SecretBox } from '@gatehouse/persistence';
import type { SigningCertificate } from '@gatehouse/tenancy';
import { clientFromRow } from './client.model';

/** Properties kept in real columns; everything else of Auth0's Client is in `body`. */
export const COLUMN_PROPERTIES = ['client_id', 'name', 'is_first_party', 'app_type', 'global', 'third_party_security_mode', 'client_secret'];

/**
 * Row → Auth0's Client. Unset fields are omitted; the secret only when the caller may read keys.
 */
export function toClientResponse(
  row: ClientRow,
  opts: { tenantName: string; withSecret: boolean; box: SecretBox; signingKeys: readonly SigningCertificate[] },
): Record<string, unknown> {
  const out: Record<string, unknown> = {
    client_id: row.client_id,
    tenant: opts.tenantName,
    name: row.name,
    ...row.body,
    is_first_party: row.is_first_party,
    global: row.global,
  };
  if (row.app_type) out.app_type = row.app_type;
  const { kind } = clientFromRow(row);
  if (!kind.firstParty) out.third_party_security_mode = kind.mode;
  if (opts.withSecret && row.client_secret_enc) out.client_secret = opts.box.open(row.client_secret_enc);
  if (opts.withSecret && opts.signingKeys.length) out.signing_keys = opts.signingKeys.map((k) => ({ ...k }));
  for (const [k, v] of Object.entries(out)) if (v === undefined || v === null) delete out[k];
  return out;
}
