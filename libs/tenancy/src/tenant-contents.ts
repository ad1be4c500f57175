import type { EntityManager } from 'typeorm';

/** A tenant whose contents are being made (`created`) or brought up to date on a later start. */
export interface SeededTenant {
  id: string;
  domain: string;
  /** True in the transaction that creates the tenant; false when the default tenant is started again. */
  created: boolean;
  /** The tenant's bootstrap admin application, when it has one; its secret only when `created`. */
  admin?: { clientId: string; clientSecret?: string };
}

/** The default tenant's domain moving to the configured one (docs/decisions.md, "Persistence"). */
export interface DomainMove {
  tenantId: string;
  from: string;
  to: string;
}

/** A tenant's third-party client as eligibility sees it. */
export interface FirstThirdPartyClient {
  clientId: string;
  createdAt: Date;
}

/**
 * One lib's part of what a tenant holds outside tenancy's own tables (tenants, accounts, signing keys):
 * its system APIs, the bootstrap admin application and its grant, its third-party clients. Tenancy sits
 * below the libs owning those tables, so it declares what it needs here and they implement it
 * (docs/decisions.md, "Tenant contents"). `em` is tenancy's transaction: a part's writes commit with
 * the tenant or not at all.
 */
export interface TenantContentsPart {
  /** Inside the transaction that creates a tenant, and inside the seed transaction of each later start. */
  seed?(em: EntityManager, tenant: SeededTenant): Promise<void>;
  /** Inside the seed transaction, before `seed`: follow the domain, or throw to refuse the move. */
  moveDomain?(em: EntityManager, move: DomainMove): Promise<void>;
  /** The first third-party client of these tenants: which, and when it was created (permissive-mode eligibility, SPEC §2). */
  firstThirdPartyClient?(tenantIds: readonly string[]): Promise<FirstThirdPartyClient | undefined>;
}

/**
 * The parts of one application (a provider of TenancyModule). The libs that own a tenant's contents
 * register their part when their module starts (`onModuleInit`); tenancy calls them all.
 */
export class TenantContents {
  private readonly parts: TenantContentsPart[] = [];

  register(part: TenantContentsPart): void {
    this.parts.push(part);
  }

  async seed(em: EntityManager, tenant: SeededTenant): Promise<void> {
    this.mustHaveParts();
    for (const part of this.parts) await part.seed?.(em, tenant);
  }

  async moveDomain(em: EntityManager, move: DomainMove): Promise<void> {
    for (const part of this.parts) await part.moveDomain?.(em, move);
  }

  async firstThirdPartyClient(tenantIds: readonly string[]): Promise<FirstThirdPartyClient | undefined> {
    let first: FirstThirdPartyClient | undefined;
    for (const part of this.parts) {
      const found = await part.firstThirdPartyClient?.(tenantIds);
      if (found && (!first || found.createdAt < first.createdAt)) first = found;
    }
    return first;
  }

  /** A tenant made before the libs registered would silently lack its system APIs and admin. */
  private mustHaveParts(): void {
    if (!this.parts.length) throw new Error('no tenant contents are registered: tenants are made once the application has started');
  }
}
