import type { ClientBody } from '@gatehouse/contract';
import type { ClientRow } from '@gatehouse/schemas';
import type { SecretBox } from '@gatehouse/persistence';
import type { SigningCertificate } from '@gatehouse/tenancy';
import { clientFromRow } from './client.model';

/** Properties kept in real columns; everything else of Auth0's Client is in `body`. */
export const COLUMN_PROPERTIES = ['client_id', 'name', 'is_first_party', 'app_type', 'global', 'third_party_security_mode', 'client_secret'];

/** What the mapper adds to the stored body: the columns, the tenant's name and the key material. */
type Added = 'client_id' | 'tenant' | 'name' | 'is_first_party' | 'global' | 'app_type' | 'third_party_security_mode' | 'client_secret' | 'signing_keys';

/** A client's JSON `body`: Auth0's other properties as the DTOs (and the defaults) made them. */
type StoredBody = Omit<ClientBody, Added>;

/**
 * Row → Auth0's Client. Unset fields are omitted; the secret only when the caller may read keys.
 */
export function toClientResponse(
  row: ClientRow,
  opts: { tenantName: string; withSecret: boolean; box: SecretBox; signingKeys: readonly SigningCertificate[] },
): ClientBody {
  const body: StoredBody = row.body;
  const { kind } = clientFromRow(row);
  return withoutUnset({
    client_id: row.client_id,
    tenant: opts.tenantName,
    name: row.name,
    ...body,
    is_first_party: row.is_first_party,
    global: row.global,
    ...(row.app_type ? { app_type: row.app_type as ClientBody['app_type'] } : {}),
    ...(kind.firstParty ? {} : { third_party_security_mode: kind.mode }),
    ...(opts.withSecret && row.client_secret_enc ? { client_secret: opts.box.open(row.client_secret_enc) } : {}),
    ...(opts.withSecret && opts.signingKeys.length ? { signing_keys: opts.signingKeys.map((k) => ({ ...k })) } : {}),
  });
}

/** Responses never hold `null` or `undefined` members: an unset property is omitted. */
function withoutUnset<T extends object>(out: T): T {
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined && v !== null)) as T;
}
