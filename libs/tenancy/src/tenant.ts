import { managementAudience } from '@gatehouse/policy';
import type { TenantRow } from '@gatehouse/schemas';

/** A tenant as the rest of the code sees it: its routing, issuer and audiences resolved. */
export interface Tenant {
  id: string;
  accountId: string;
  domain: string;
  isDefault: boolean;
  /** Public base URL with a trailing slash; every token's `iss` and discovery's `issuer`. */
  issuer: string;
  managementAudience: string;
  settings: Record<string, unknown>;
  managementRateLimit: number | null;
}

/**
 * The default tenant's issuer is GATEHOUSE_PUBLIC_URL + '/'; another tenant's is the same scheme with
 * its own domain (SPEC §3).
 */
export function issuerFor(row: Pick<TenantRow, 'domain' | 'is_default'>, publicUrl: string): string {
  if (row.is_default) return `${publicUrl.replace(/\/+$/, '')}/`;
  const scheme = new URL(publicUrl).protocol;
  return `${scheme}//${row.domain}/`;
}

export function toTenant(row: TenantRow, publicUrl: string): Tenant {
  return {
    id: row.id,
    accountId: row.account_id,
    domain: row.domain,
    isDefault: row.is_default,
    issuer: issuerFor(row, publicUrl),
    managementAudience: managementAudience(row.domain),
    settings: row.settings,
    managementRateLimit: row.management_rate_limit,
  };
}
