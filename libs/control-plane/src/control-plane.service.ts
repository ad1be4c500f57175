import { Inject, Injectable } from '@nestjs/common';
import { GATEHOUSE_CONFIG, GatehouseConfig } from '@gatehouse/config';
import { Auth0Error, ErrorCode } from '@gatehouse/http';
import { isUniqueViolation } from '@gatehouse/persistence';
import { Eligibility, historyDateRefusal } from '@gatehouse/policy';
import type { AccountRow, TenantRow } from '@gatehouse/schemas';
import { EligibilityService, toTenant, TenantsService } from '@gatehouse/tenancy';
import { CreateAccountDto, CreateTenantDto } from './control-plane.dto';

export interface EligibilityBody {
  eligible: boolean;
  source: Eligibility['source'];
  since: string | null;
  client_id?: string;
  explanation: string;
}

export interface AccountBody {
  id: string;
  name: string;
  created_at: string;
  history: { third_party_applications_before_april_2026: boolean; since: string | null };
  eligibility: EligibilityBody;
}

export interface TenantBody {
  id: string;
  account_id: string;
  domain: string;
  friendly_name: string | null;
  is_default: boolean;
  issuer: string;
  management_api_audience: string;
  created_at: string;
  /** The bootstrap admin application; its secret only in the response that created it. */
  admin_application: { client_id: string | null; client_secret?: string };
}

export function eligibilityBody(e: Eligibility): EligibilityBody {
  return {
    eligible: e.eligible,
    source: e.source,
    since: e.since?.toISOString() ?? null,
    ...(e.clientId ? { client_id: e.clientId } : {}),
    explanation: e.explanation,
  };
}

const invalidBody = (message: string, property: string) =>
  new Auth0Error(ErrorCode.InvalidBody, `Payload validation error: '${message}' on property ${property}.`);
const noAccount = () => new Auth0Error(ErrorCode.NotFound, 'The account does not exist.');
const noTenant = () => new Auth0Error(ErrorCode.NotFound, 'The tenant does not exist.');

/**
 * The control plane (SPEC §9): accounts and their tenants, installation-wide. Tenancy makes and removes
 * them (a tenant whole, with its keys, system APIs, connection and admin application, or not at all);
 * this presents them and says why an account is or is not eligible for permissive mode.
 */
@Injectable()
export class ControlPlaneService {
  constructor(
    @Inject(TenantsService) private readonly tenants: TenantsService,
    @Inject(EligibilityService) private readonly eligibility: EligibilityService,
    @Inject(GATEHOUSE_CONFIG) private readonly config: Pick<GatehouseConfig, 'publicUrl'>,
  ) {}

  async createAccount(dto: CreateAccountDto): Promise<AccountBody> {
    const since = this.historySince(dto);
    const id = await this.tenants.createAccount(dto.name, since);
    return this.getAccount(id);
  }

  private historySince(dto: CreateAccountDto): Date | null {
    const history = dto.history;
    if (!history || !history.third_party_applications_before_april_2026) {
      if (history?.since !== undefined) throw invalidBody('since is only recorded with third_party_applications_before_april_2026: true', 'history.since');
      return null;
    }
    if (history.since === undefined) throw invalidBody('the date the account claims is required', 'history.since');
    const since = new Date(history.since.length === 10 ? `${history.since}T00:00:00Z` : history.since);
    if (Number.isNaN(since.getTime())) throw invalidBody('must be an ISO-8601 date or instant', 'history.since');
    const refused = historyDateRefusal(since);
    if (refused) throw invalidBody(refused, 'history.since');
    return since;
  }

  async getAccount(id: string): Promise<AccountBody> {
    const row = await this.tenants.findAccount(id);
    if (!row) throw noAccount();
    return this.accountBody(row, await this.tenants.tenantIdsOfAccount(id));
  }

  async listAccounts(page: { skip: number; take: number }): Promise<{ rows: AccountBody[]; total: number }> {
    const { rows, total } = await this.tenants.listAccounts(page);
    const bodies: AccountBody[] = [];
    for (const row of rows) bodies.push(await this.accountBody(row, await this.tenants.tenantIdsOfAccount(row.id)));
    return { rows: bodies, total };
  }

  async deleteAccount(id: string): Promise<void> {
    const outcome = await this.tenants.deleteAccount(id);
    if (outcome === 'not_found') throw noAccount();
    if (outcome === 'has_tenants') throw new Auth0Error(ErrorCode.Conflict, 'The account still has tenants: delete them first.');
  }

  private async accountBody(row: AccountRow, tenantIds: readonly string[]): Promise<AccountBody> {
    return {
      id: row.id,
      name: row.name,
      created_at: row.created_at,
      history: { third_party_applications_before_april_2026: row.history_since !== null, since: row.history_since },
      eligibility: eligibilityBody(await this.eligibility.explainAccount(row, tenantIds)),
    };
  }

  /** A tenant whole (keys, system APIs, Username-Password-Authentication, admin application), answering on its Host at once. */
  async createTenant(dto: CreateTenantDto): Promise<TenantBody> {
    if (!(await this.tenants.findAccount(dto.account_id))) throw invalidBody('the account does not exist', 'account_id');
    const taken = () => new Auth0Error(ErrorCode.Conflict, `A tenant with the domain ${dto.domain} already exists.`);
    if ((await this.tenants.resolve(dto.domain)).domain === dto.domain) throw taken();
    try {
      const { tenant, admin } = await this.tenants.createTenant({ accountId: dto.account_id, domain: dto.domain, friendlyName: dto.friendly_name, admin: {} });
      const row = await this.tenants.findTenantRow(tenant.id);
      return { ...this.tenantBody(row!), admin_application: { client_id: admin!.clientId, client_secret: admin!.clientSecret } };
    } catch (e) {
      if (isUniqueViolation(e)) throw taken();
      throw e;
    }
  }

  async getTenant(id: string): Promise<TenantBody> {
    const row = await this.tenants.findTenantRow(id);
    if (!row) throw noTenant();
    return this.tenantBody(row);
  }

  async listTenants(accountId: string | undefined, page: { skip: number; take: number }): Promise<{ rows: TenantBody[]; total: number }> {
    const { rows, total } = await this.tenants.listTenants(accountId, page);
    return { rows: rows.map((r) => this.tenantBody(r)), total };
  }

  async deleteTenant(id: string): Promise<void> {
    const outcome = await this.tenants.deleteTenant(id);
    if (outcome === 'not_found') throw noTenant();
    if (outcome === 'default_tenant') {
      throw new Auth0Error(ErrorCode.Conflict, 'The default tenant answers every host no other tenant claims: it cannot be deleted.');
    }
  }

  private tenantBody(row: TenantRow): TenantBody {
    const tenant = toTenant(row, this.config.publicUrl);
    const friendly = (row.settings as { friendly_name?: unknown } | null)?.friendly_name;
    return {
      id: row.id,
      account_id: row.account_id,
      domain: row.domain,
      friendly_name: typeof friendly === 'string' ? friendly : null,
      is_default: row.is_default,
      issuer: tenant.issuer,
      management_api_audience: tenant.managementAudience,
      created_at: row.created_at,
      admin_application: { client_id: row.bootstrap_client_id },
    };
  }
}
