import { Inject, Injectable } from '@nestjs/common';
import { Client, ClientsReader } from '@gatehouse/clients';
import { ClientGrantsReader } from '@gatehouse/client-grants';
import { ConnectionsReader } from '@gatehouse/connections';
import { LogEventsReader } from '@gatehouse/logs';
import { MigrationReport, migrationReport, permissiveByDefaultEffective, ReportTenantInput, SubjectType } from '@gatehouse/policy';
import { ResourceServersReader } from '@gatehouse/resource-servers';
import { RulesReader } from '@gatehouse/rules';
import { Clock, EligibilityService, Tenant, TenantsService } from '@gatehouse/tenancy';
import { tenantSettingsFrom } from '@gatehouse/tenant-settings';

/** The tenant log events the report reads: logins, code and refresh exchanges, legacy endpoint calls. */
const FLOW_EVENTS = ['s', 'seacft', 'sertft', 'depnote'] as const;
const SUBJECT_TYPES: readonly SubjectType[] = ['user', 'client'];

/**
 * GET /ext/v1/migration-report (SPEC §9, issue 14 §3): loads the tenant's facts through the readers the
 * owning libs export and hands them to libs/policy's migrationReport, which decides everything.
 */
@Injectable()
export class MigrationReportService {
  constructor(
    @Inject(ClientsReader) private readonly clients: ClientsReader,
    @Inject(ClientGrantsReader) private readonly grants: ClientGrantsReader,
    @Inject(ResourceServersReader) private readonly apis: ResourceServersReader,
    @Inject(ConnectionsReader) private readonly connections: ConnectionsReader,
    @Inject(RulesReader) private readonly rules: RulesReader,
    @Inject(LogEventsReader) private readonly logs: LogEventsReader,
    @Inject(EligibilityService) private readonly eligibility: EligibilityService,
    @Inject(TenantsService) private readonly tenants: TenantsService,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async report(tenant: Tenant): Promise<MigrationReport> {
    const now = this.clock.now();
    const permissive = (await this.clients.thirdParty(tenant.id)).filter((c) => c.kind.mode === 'permissive');
    const [apis, eligibility, stored, enabledRules, events] = await Promise.all([
      this.apis.all(tenant.id),
      this.eligibility.explain(tenant.accountId),
      this.tenants.storedSettings(tenant.id),
      this.rules.enabledCount(tenant.id),
      this.logs.ofClients(
        tenant.id,
        permissive.map((c) => c.clientId),
        FLOW_EVENTS,
      ),
    ]);
    const settings = tenantSettingsFrom(stored);
    // Every connection of the tenant (the per-client flag is not needed here).
    const connections = permissive.length ? await this.connections.forClient(tenant.id, permissive[0]!.clientId) : [];
    const defaultGrants: ReportTenantInput['defaultGrants'][number][] = [];
    const appGrants = new Map<string, ReportTenantInput['clients'][number]['grants'][number][]>();
    for (const api of apis.filter((a) => !a.isSystem)) {
      for (const subjectType of SUBJECT_TYPES) {
        const { defaultGrant } = await this.grants.forAccess(tenant.id, { clientId: '', thirdParty: true, audience: api.identifier, subjectType });
        if (defaultGrant) defaultGrants.push({ audience: api.identifier, subjectType, grant: defaultGrant });
      }
      if (api.policies.user !== 'allow_all') continue;
      for (const c of permissive) {
        const { appGrant } = await this.grants.forAccess(tenant.id, { clientId: c.clientId, thirdParty: false, audience: api.identifier, subjectType: 'user' });
        if (appGrant) appGrants.set(c.clientId, [...(appGrants.get(c.clientId) ?? []), { audience: api.identifier, subjectType: 'user', grant: appGrant }]);
      }
    }
    const byClient = new Map<string, typeof events>();
    for (const e of events) if (e.clientId) byClient.set(e.clientId, [...(byClient.get(e.clientId) ?? []), e]);

    return migrationReport({
      now,
      account: { eligible: eligibility.eligible, source: eligibility.source, explanation: eligibility.explanation },
      permissiveByDefault: permissiveByDefaultEffective({ eligible: eligibility.eligible, stored: settings.permissiveByDefault, now }),
      dcr: { enabled: settings.dcrEnabled, ...(settings.dcrMode ? { setting: settings.dcrMode } : {}) },
      defaultGrants,
      apis: apis.map((a) => ({ identifier: a.identifier, name: a.name, isSystem: a.isSystem, scopes: a.scopes, policies: a.policies })),
      enabledRules,
      connections: connections.map((c) => ({ name: c.name, isDomainConnection: c.isDomainConnection })),
      clients: permissive.map((c) => reportClient(c, appGrants.get(c.clientId) ?? [], byClient.get(c.clientId) ?? [])),
    });
  }
}

function reportClient(
  c: Client,
  grants: ReportTenantInput['clients'][number]['grants'],
  events: readonly { type: string; date: string; logId: string; scope?: string; connection?: string; details?: Readonly<Record<string, unknown>> }[],
): ReportTenantInput['clients'][number] {
  return {
    clientId: c.clientId,
    name: c.name,
    ...(c.appType ? { appType: c.appType } : {}),
    createdAt: c.createdAt.toISOString(),
    properties: c.settings,
    grants,
    events: events.map((e) => ({
      type: e.type,
      date: e.date,
      logId: e.logId,
      ...(e.scope !== undefined ? { scope: e.scope } : {}),
      ...(e.connection !== undefined ? { connection: e.connection } : {}),
      ...(e.details ? { details: e.details } : {}),
    })),
  };
}
