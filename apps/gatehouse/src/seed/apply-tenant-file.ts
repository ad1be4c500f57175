import type { ArgumentMetadata, Type } from '@nestjs/common';
import { ClientGrantsService, CreateClientGrantDto } from '@gatehouse/client-grants';
import { ClientsReader, ClientsService, CreateClientDto, withDefaults } from '@gatehouse/clients';
import { ConnectionsReader, ConnectionsService, CreateConnectionDto, UpdateConnectionDto } from '@gatehouse/connections';
import { Auth0Error, Auth0ValidationPipe } from '@gatehouse/http';
import type { ManagementPrincipal } from '@gatehouse/management-auth';
import { curatedViolations } from '@gatehouse/policy';
import { CreateResourceServerDto, ResourceServersService } from '@gatehouse/resource-servers';
import { Tenant, TenantsService } from '@gatehouse/tenancy';
import { TenantSettingsService, UpdateTenantSettingsDto } from '@gatehouse/tenant-settings';
import { joinPath, Located, propertyNamed, SeedError, TenantFile } from './tenant-file';

/**
 * GATEHOUSE_SEED, second half (issue 15 §4): a read tenant file (tenant-file.ts) is checked entry by
 * entry against the Management API's own request bodies (the DTOs, through the very validation pipe the
 * controllers run behind), before anything is written; then applied to the default tenant by calling the
 * services the Management API's controllers call (no token, no HTTP, no audit log), in the order and the
 * shape auth0-deploy-cli uses (lib/tools/auth0/handlers): resource servers, clients, client grants (whose
 * `client_id` names a client), tenant settings last.
 */

/** What deploy-cli never sends on a create (stripCreateFields and the identifiers of each handler). */
const CLIENT_CREATE_STRIP = [
  'client_id',
  'external_metadata_type',
  'external_metadata_created_by',
  'jwks_uri',
  'client_authentication_methods',
  'token_vault_privileged_access',
];
const RESOURCE_SERVER_CREATE_STRIP = ['id', 'client_id', 'is_system'];
const GRANT_CREATE_STRIP = ['id', 'is_system'];
/** A connection's create: its id never; `enabled_clients` names clients, resolved when applied. */
const CONNECTION_CREATE_STRIP = ['id', 'enabled_clients'];
/** What deploy-cli never sends when it updates a connection it found by name (stripUpdateFields + id). */
const CONNECTION_UPDATE_STRIP = ['id', 'name', 'strategy', 'enabled_clients'];
/** deploy-cli's allowedTenantFlags (handlers/tenant.js): the tenant flags it sends; it drops any other, with a warning. */
export const DEPLOY_CLI_TENANT_FLAGS = [
  'change_pwd_flow_v1',
  'enable_client_connections',
  'enable_apis_section',
  'enable_pipeline2',
  'enable_dynamic_client_registration',
  'allow_legacy_tokeninfo_endpoint',
  'enable_legacy_profile',
  'enable_idtoken_api2',
  'enable_public_signup_user_exists_error',
  'allow_legacy_delegation_grant_types',
  'allow_legacy_ro_grant_types',
  'enable_sso',
  'disable_clickjack_protection_headers',
  'no_disclose_enterprise_connections',
  'disable_management_api_sms_obfuscation',
  'enforce_client_authentication_on_passwordless_start',
  'trust_azure_adfs_email_verified_connection_property',
  'enable_adfs_waad_email_verification',
  'revoke_refresh_token_grant',
  'dashboard_log_streams_next',
  'dashboard_insights_view',
  'disable_fields_map_fix',
  'require_pushed_authorization_requests',
  'mfa_show_factor_list_on_enrollment',
  'improved_signup_bot_detection_in_classic',
  'use_scope_descriptions_for_consent',
];

const omit = (value: Record<string, unknown>, keys: string[]) => Object.fromEntries(Object.entries(value).filter(([k]) => !keys.includes(k)));
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** One entry as the service receives it: the validated DTO, and where it came from. */
interface Checked<T> {
  at: Located;
  dto: T;
}

/** A tenant file checked against the Management API's request bodies, ready to apply. */
export interface CheckedTenantFile {
  resourceServers: Checked<CreateResourceServerDto>[];
  clients: Checked<CreateClientDto>[];
  /** `clientName`: the client the grant names (deploy-cli files name clients, not ids). */
  clientGrants: (Checked<CreateClientGrantDto> & { clientName?: string })[];
  /**
   * `databases` and `connections`, in that order: the create body (checked as POST /connections checks it),
   * the update body for a connection the tenant already has by that name (the default database
   * connection; checked as PATCH /connections/{id} checks it), and the clients it enables, by name.
   */
  connections: (Checked<CreateConnectionDto> & { update: UpdateConnectionDto; clientNames?: string[] })[];
  tenant?: Checked<UpdateTenantSettingsDto>;
  /** Sections and tenant flags left out (named in the start log), as deploy-cli leaves them out. */
  ignored: string[];
}

/** What was applied, for the start log. */
export interface SeedSummary {
  tenantSettings: boolean;
  resourceServers: number;
  clients: number;
  clientGrants: number;
  connections: number;
  /** Entries left alone as deploy-cli leaves them: the deploying (bootstrap admin) application and its grants, system grants. */
  skipped: string[];
  ignored: string[];
}

/**
 * An exported strict third-party client carries what the Management API reports for every strict client
 * (`sso_disabled`, `oidc_conformant`, `jwt_configuration.secret_encoded`, …, SPEC §3) but refuses to have
 * set (not in the curated set). Those properties are left out when they hold exactly the reported value,
 * so an export seeds again (docs/decisions.md); any other value of them is still refused by the rules.
 */
export function withoutReportedStrictDefaults(body: Record<string, unknown>): Record<string, unknown> {
  if (body.third_party_security_mode !== 'strict' || body.is_first_party !== false) return body;
  const reported = withDefaults({}, 'strict', { app_type: body.app_type });
  const out: Record<string, unknown> = { ...body };
  for (const { property } of curatedViolations('strict', body)) {
    const [head, sub] = property.split('.') as [string, string | undefined];
    const sent = sub === undefined ? out[head] : isObject(out[head]) ? out[head][sub] : undefined;
    const def = sub === undefined ? reported[head] : isObject(reported[head]) ? reported[head][sub] : undefined;
    if (sent === undefined || JSON.stringify(sent) !== JSON.stringify(def)) continue;
    if (sub === undefined) delete out[head];
    else out[head] = omit(out[head] as Record<string, unknown>, [sub]);
  }
  return out;
}

/** A refusal of the Management API's rules as a SeedError at the entry (and the property the message names). */
function refusal(at: Located, e: unknown): SeedError {
  if (e instanceof SeedError) return e;
  if (e instanceof Auth0Error) return new SeedError(at.file, joinPath(at.path, propertyNamed(e.message)), `${e.message} (${e.code}, ${e.statusCode})`);
  return new SeedError(at.file, at.path, (e as Error).message);
}

/**
 * Every entry through the validation the Management API runs on its bodies (Auth0ValidationPipe with the
 * route's DTO: unknown properties, types, enums, nulls), in file order; the first refusal stops it.
 */
export async function checkTenantFile(file: TenantFile): Promise<CheckedTenantFile> {
  const pipe = new Auth0ValidationPipe();
  const check = async <T>(at: Located, metatype: Type<T>, body: Record<string, unknown>): Promise<T> => {
    try {
      return (await pipe.transform(body, { type: 'body', metatype } as ArgumentMetadata)) as T;
    } catch (e) {
      throw refusal(at, e);
    }
  };
  const ignored = [...file.ignored];
  const out: CheckedTenantFile = { resourceServers: [], clients: [], clientGrants: [], connections: [], ignored };
  for (const at of file.resourceServers) {
    out.resourceServers.push({ at, dto: await check(at, CreateResourceServerDto, omit(at.value, RESOURCE_SERVER_CREATE_STRIP)) });
  }
  for (const at of file.clients) {
    out.clients.push({ at, dto: await check(at, CreateClientDto, withoutReportedStrictDefaults(omit(at.value, CLIENT_CREATE_STRIP))) });
  }
  for (const at of file.clientGrants) {
    const body = omit(at.value, GRANT_CREATE_STRIP);
    const named = body.client_id;
    if (named !== undefined && (typeof named !== 'string' || !named)) {
      throw new SeedError(at.file, joinPath(at.path, 'client_id'), 'must name a client (its name, as deploy-cli exports it)');
    }
    // The name is resolved to an id when applied; the rest of the body is checked as POST /client-grants checks it.
    const dto = await check(at, CreateClientGrantDto, named === undefined ? body : omit(body, ['client_id']));
    out.clientGrants.push({ at, dto, ...(named !== undefined ? { clientName: named } : {}) });
  }
  const connections = [...file.databases.map((at) => ({ at, database: true })), ...file.connections.map((at) => ({ at, database: false }))];
  for (const { at, database } of connections) {
    const names = at.value.enabled_clients;
    if (names !== undefined && names !== null && !(Array.isArray(names) && names.every((n) => typeof n === 'string' && n))) {
      throw new SeedError(at.file, joinPath(at.path, 'enabled_clients'), 'must be a list of client names (as deploy-cli exports them)');
    }
    // deploy-cli's databases schema defaults the strategy of a database connection to auth0.
    const value = database && at.value.strategy === undefined ? { ...at.value, strategy: 'auth0' } : at.value;
    const dto = await check(at, CreateConnectionDto, omit(value, CONNECTION_CREATE_STRIP));
    const update = await check(at, UpdateConnectionDto, omit(value, CONNECTION_UPDATE_STRIP));
    out.connections.push({ at, dto, update, ...(Array.isArray(names) ? { clientNames: names as string[] } : {}) });
  }
  if (file.tenant) {
    const value = { ...file.tenant.value };
    if (isObject(value.flags)) {
      const flags = value.flags;
      const dropped = Object.keys(flags).filter((f) => !DEPLOY_CLI_TENANT_FLAGS.includes(f));
      for (const f of dropped) ignored.push(joinPath(joinPath(file.tenant.path, 'flags'), f) || `flags.${f}`);
      value.flags = omit(flags, dropped);
      if (Object.keys(value.flags as object).length === 0) delete value.flags;
    }
    if (Object.keys(value).length) out.tenant = { at: file.tenant, dto: await check(file.tenant, UpdateTenantSettingsDto, value) };
  }
  return out;
}

export interface SeedServices {
  tenants: TenantsService;
  resourceServers: ResourceServersService;
  clients: ClientsService;
  clientsReader: ClientsReader;
  clientGrants: ClientGrantsService;
  connections: ConnectionsService;
  connectionsReader: ConnectionsReader;
  tenantSettings: TenantSettingsService;
}

/**
 * Apply a checked tenant file to the default tenant this start just created, as the tenant's bootstrap
 * admin application would through the Management API (the services, their rules, defaults and ids).
 * Called inside the transaction that creates the tenant: every write joins it, so a refusal rolls the
 * tenant back with the file and the next start is a first start again. Nothing here waits on work
 * outside the transaction (no log events: the Management API's audit interceptor is not involved).
 */
export async function applyTenantFile(services: SeedServices, created: Tenant, admin: { clientId: string }, file: CheckedTenantFile): Promise<SeedSummary> {
  const principal: ManagementPrincipal = {
    tenantId: created.id,
    clientId: admin.clientId,
    scopes: new Set(['read:client_keys']),
    exp: Number.MAX_SAFE_INTEGER,
  };
  // The tenant as a request would see it (re-read after its settings change).
  const tenant = async () => (await services.tenants.findById(created.id)) ?? created;
  const summary: SeedSummary = { tenantSettings: false, resourceServers: 0, clients: 0, clientGrants: 0, connections: 0, skipped: [], ignored: file.ignored };
  const step = async <T>(at: Located, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (e) {
      throw refusal(at, e);
    }
  };

  for (const { at, dto } of file.resourceServers) {
    // The Management API is the tenant's own (deploy-cli never exports or sends it); another tenant's, by name.
    if (at.value.name === 'Auth0 Management API' || dto.identifier === created.managementAudience) {
      summary.skipped.push(`${at.file}${at.path ? `: ${at.path}` : ''} (the Management API)`);
      continue;
    }
    await step(at, async () => services.resourceServers.create(await tenant(), dto));
    summary.resourceServers++;
  }

  // Clients by name (deploy-cli matches clients by name): the new tenant has one, the bootstrap admin application.
  const byName = new Map<string, string>();
  const adminClient = await services.clientsReader.find(created.id, admin.clientId);
  if (adminClient) byName.set(adminClient.name, adminClient.clientId);
  for (const { at, dto } of file.clients) {
    const existing = byName.get(dto.name);
    if (existing !== undefined) {
      // deploy-cli updates a client it finds by name, except the one it deploys with, which it leaves alone.
      if (existing === admin.clientId) {
        summary.skipped.push(`${at.file}${at.path ? `: ${at.path}` : ''} (the bootstrap admin application)`);
        continue;
      }
      throw new SeedError(at.file, joinPath(at.path, 'name'), `the file names two clients "${dto.name}"`);
    }
    const body = await step(at, async () => services.clients.create(await tenant(), principal, dto));
    byName.set(dto.name, body.client_id as string);
    summary.clients++;
  }

  // Connections (deploy-cli's databases and connections handlers): `enabled_clients` names clients (an
  // unknown name is passed on as it is, as deploy-cli does, and refused as an unknown client id). One the
  // tenant has by that name (the default database connection) is updated, its options merged into its
  // own as deploy-cli merges them; its enabled clients are replaced only by a non-empty list.
  for (const { at, dto, update, clientNames } of file.connections) {
    const enabled = clientNames?.map((n) => byName.get(n) ?? n);
    const existing = await services.connectionsReader.findByName(created.id, dto.name);
    if (existing) {
      const patch: UpdateConnectionDto = Object.assign(new UpdateConnectionDto(), update);
      if (update.options) patch.options = { ...((existing.properties.options as Record<string, unknown> | undefined) ?? {}), ...update.options };
      if (enabled?.length) patch.enabled_clients = enabled;
      await step(at, () => services.connections.update(created.id, existing.id, patch));
    } else {
      await step(at, () => services.connections.create(created.id, Object.assign(dto, enabled ? { enabled_clients: enabled } : {})));
    }
    summary.connections++;
  }

  for (const g of file.clientGrants) {
    const { at, dto, clientName } = g;
    if (at.value.is_system === true) {
      summary.skipped.push(`${at.file}${at.path ? `: ${at.path}` : ''} (a system grant)`);
      continue;
    }
    let clientId: string | undefined;
    if (clientName !== undefined) {
      clientId = byName.get(clientName) ?? ([...byName.values()].includes(clientName) ? clientName : undefined);
      if (!clientId) throw new SeedError(at.file, joinPath(at.path, 'client_id'), `no client named "${clientName}" in the file or the tenant`);
      if (clientId === admin.clientId) {
        summary.skipped.push(`${at.file}${at.path ? `: ${at.path}` : ''} (a grant of the bootstrap admin application)`);
        continue;
      }
    }
    await step(at, async () => services.clientGrants.create(await tenant(), Object.assign(dto, clientId ? { client_id: clientId } : {})));
    summary.clientGrants++;
  }

  if (file.tenant) {
    const { at, dto } = file.tenant;
    await step(at, async () => services.tenantSettings.update(await tenant(), dto));
    summary.tenantSettings = true;
  }
  return summary;
}
