import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ClientBody, ClientListBody } from '@gatehouse/contract';
import {
  Auth0Error,
  boolParam,
  checkpointResponse,
  ErrorCode,
  offsetResponse,
  parsePagination,
  parseProjection,
  plainBody,
  project,
  ProjectionQuery,
  withoutNulls,
} from '@gatehouse/http';
import { ManagementPrincipal } from '@gatehouse/management-auth';
import { newId, SecretBox } from '@gatehouse/persistence';
import { allViolations, clientViolations, firstPartyViolations, resolveNewClientMode, SecurityMode, Violation, withEligibility } from '@gatehouse/policy';
import { ClientRow } from '@gatehouse/schemas';
import { Clock, EligibilityService, SigningKeysService, Tenant } from '@gatehouse/tenancy';
import { tenantSettingsFrom } from '@gatehouse/tenant-settings';
import { authenticatesWithKeys, patchedBody, Payload, withDefaults, withMirroredLogout } from './client-defaults';
import { Client, clientFromRow } from './client.model';
import { ClientsRepository } from './clients.repository';
import { COLUMN_PROPERTIES, toClientResponse } from './clients.mapper';
import { CreateClientDto, ListClientsQuery, UpdateClientDto } from './dto/client.dto';

export function violationError(violations: Violation[]): Auth0Error {
  const detail = violations.map((v) => `'${v.message}' on property ${v.property}`).join('; ');
  return new Auth0Error(ErrorCode.InvalidBody, `Payload validation error: ${detail}.`);
}

/** Strip the column-backed properties from a payload: what remains is stored in `body`. */
function bodyOf(payload: Payload): Payload {
  return Object.fromEntries(Object.entries(payload).filter(([k]) => !COLUMN_PROPERTIES.includes(k)));
}

@Injectable()
export class ClientsService {
  constructor(
    @Inject(ClientsRepository) private readonly clients: ClientsRepository,
    @Inject(EligibilityService) private readonly eligibility: EligibilityService,
    @Inject(SecretBox) private readonly box: SecretBox,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(SigningKeysService) private readonly keys: SigningKeysService,
  ) {}

  /** A mapper bound to this request: key material only for callers that may read keys. */
  private async responder(tenant: Tenant, principal: ManagementPrincipal | undefined, forceSecret = false): Promise<(row: ClientRow) => ClientBody> {
    const withSecret = forceSecret || !!principal?.scopes.has('read:client_keys');
    const signingKeys = withSecret ? await this.keys.certificates(tenant.id) : [];
    const tenantName = tenant.domain.split(/[.:]/)[0]!;
    return (row) => toClientResponse(row, { tenantName, withSecret, box: this.box, signingKeys });
  }

  private async respond(tenant: Tenant, principal: ManagementPrincipal | undefined, row: ClientRow, forceSecret = false): Promise<ClientBody> {
    return (await this.responder(tenant, principal, forceSecret))(row);
  }

  /** The mode a new third-party client gets (SPEC §4.1 steps 1–4), or 403 when permissive is not available. */
  async modeForNewClient(tenant: Tenant, requested: SecurityMode | undefined): Promise<SecurityMode> {
    const eligibility = await this.eligibility.explain(tenant.accountId);
    const resolution = resolveNewClientMode({
      requested,
      eligible: eligibility.eligible,
      storedPermissiveByDefault: tenantSettingsFrom(tenant.settings).permissiveByDefault,
      now: this.clock.now(),
    });
    // The refusal names why the account is not eligible (SPEC §2).
    if (!resolution.ok) throw new Auth0Error(ErrorCode.OperationNotSupported, withEligibility(resolution.message, eligibility));
    return resolution.mode;
  }

  /** Every violation a create payload would meet in `mode` (shared by create and the lint endpoint). */
  createViolations(payload: Payload, mode: SecurityMode | null): Violation[] {
    if (mode === null) return firstPartyViolations(payload);
    return allViolations(mode, payload, { ...withDefaults(bodyOf(payload), mode, payload), app_type: payload.app_type });
  }

  async create(tenant: Tenant, principal: ManagementPrincipal, dto: CreateClientDto): Promise<ClientBody> {
    // In a POST, `null` means "not set" (SPEC §3).
    const payload = withoutNulls(plainBody(dto));
    const isFirstParty = dto.is_first_party !== false;
    const mode = isFirstParty ? null : await this.modeForNewClient(tenant, dto.third_party_security_mode);
    const violations = this.createViolations(payload, mode);
    if (violations.length) throw violationError(violations);
    const now = this.clock.now();
    const body = withMirroredLogout(withDefaults(bodyOf(payload), mode, payload), payload);
    const row: ClientRow = {
      client_id: mode === 'strict' ? newId.strictThirdPartyClient() : newId.client(),
      tenant_id: tenant.id,
      name: dto.name,
      is_first_party: isFirstParty,
      app_type: dto.app_type ?? null,
      global: false,
      third_party_security_mode: mode,
      // A client that authenticates with keys (private_key_jwt, mTLS) has no secret (nor one to rotate).
      client_secret_enc: authenticatesWithKeys(body) ? null : this.box.seal(newId.clientSecret()),
      body,
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
    };
    await this.ds.transaction(async (em) => {
      await this.clients.insert(row, em);
      if (!isFirstParty) await this.eligibility.recordThirdPartyClient(tenant.accountId, now, row.client_id, em);
    });
    return this.respond(tenant, principal, row);
  }

  /**
   * A client registered by Dynamic Client Registration (SPEC §7): third-party, in `mode`, its metadata
   * set by the registrant and marked `external_metadata_type: "dcr"`. The mode's rules run on the result;
   * the curated-property check does not apply (the registrant sets no Management API properties).
   */
  async registerDynamic(tenant: Tenant, mode: SecurityMode, metadata: Payload): Promise<{ violations: Violation[]; client?: Client; secret?: string }> {
    const body = {
      ...withDefaults(metadata, mode, metadata),
      external_metadata_type: 'dcr',
      external_metadata_created_by: 'client',
    };
    const violations = clientViolations(mode, { ...body, app_type: metadata.app_type });
    if (violations.length) return { violations };
    const now = this.clock.now();
    const secret = metadata.token_endpoint_auth_method === 'none' ? undefined : newId.clientSecret();
    const row: ClientRow = {
      client_id: mode === 'strict' ? newId.strictThirdPartyClient() : newId.client(),
      tenant_id: tenant.id,
      name: (metadata.name as string | undefined) ?? 'Dynamic client',
      is_first_party: false,
      app_type: (metadata.app_type as string | undefined) ?? null,
      global: false,
      third_party_security_mode: mode,
      client_secret_enc: secret ? this.box.seal(secret) : null,
      body: bodyOf(body),
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
    };
    await this.ds.transaction(async (em) => {
      await this.clients.insert(row, em);
      await this.eligibility.recordThirdPartyClient(tenant.accountId, now, row.client_id, em);
    });
    return { violations: [], client: clientFromRow(row), secret };
  }

  async get(tenant: Tenant, principal: ManagementPrincipal, clientId: string, query: ProjectionQuery): Promise<Partial<ClientBody>> {
    const row = await this.mustFind(tenant, clientId);
    return project(await this.respond(tenant, principal, row), parseProjection({ ...query }));
  }

  async list(tenant: Tenant, principal: ManagementPrincipal, query: ListClientsQuery): Promise<ClientListBody> {
    const page = parsePagination({ ...query });
    const projection = parseProjection({ ...query });
    const filters = {
      is_first_party: boolParam({ ...query }, 'is_first_party'),
      is_global: boolParam({ ...query }, 'is_global'),
      app_type: typeof query.app_type === 'string' && query.app_type ? query.app_type.split(',').map((s) => s.trim()) : undefined,
    };
    const { rows, total } = await this.clients.list(tenant.id, filters, page);
    const respond = await this.responder(tenant, principal);
    const map = (r: ClientRow) => project(respond(r), projection);
    if (page.kind === 'checkpoint') {
      return checkpointResponse('clients', page, rows, (r) => ({ createdAt: r.created_at, id: r.client_id }), map) as ClientListBody;
    }
    return offsetResponse('clients', page, rows.map(map), total) as ClientListBody;
  }

  async update(tenant: Tenant, principal: ManagementPrincipal, clientId: string, dto: UpdateClientDto): Promise<ClientBody> {
    const row = await this.mustFind(tenant, clientId);
    const payload = plainBody(dto);
    if (payload.is_first_party !== undefined && payload.is_first_party !== row.is_first_party) {
      throw violationError([
        { property: 'is_first_party', rule: 'not_curated', message: 'is_first_party cannot be changed: create a new application instead' },
      ]);
    }
    delete payload.is_first_party;
    const client = clientFromRow(row);
    const mode = client.kind.mode ?? null;
    if (payload.third_party_security_mode !== undefined) {
      if (mode === null) throw violationError(firstPartyViolations(payload));
      if (payload.third_party_security_mode !== mode) {
        throw violationError([
          {
            property: 'third_party_security_mode',
            rule: 'not_curated',
            message: `third_party_security_mode is set at creation and cannot be changed (it is "${mode}"); create a new application instead`,
          },
        ]);
      }
      delete payload.third_party_security_mode;
    }
    if (payload.client_secret !== undefined && !principal.scopes.has('update:client_keys')) {
      throw new Auth0Error(ErrorCode.InsufficientScope, 'Insufficient scope, expected any of: update:client_keys');
    }
    const body = patchedBody(row.body, bodyOf(payload));
    const merged: Payload = { ...body, name: dto.name ?? row.name, app_type: dto.app_type ?? row.app_type ?? undefined };
    if (mode) {
      const violations = allViolations(mode, payload, merged);
      if (violations.length) throw violationError(violations);
    }
    const changes: Partial<ClientRow> = {
      name: dto.name ?? row.name,
      app_type: dto.app_type ?? row.app_type,
      body,
      updated_at: this.clock.now().toISOString(),
    };
    // Switching to key authentication drops the secret; switching back from it issues a new one.
    if (authenticatesWithKeys(body)) changes.client_secret_enc = null;
    else if (client.authenticatesWithKeys && !client.sealedSecret) changes.client_secret_enc = this.box.seal(newId.clientSecret());
    if (typeof dto.client_secret === 'string') changes.client_secret_enc = this.box.seal(dto.client_secret);
    await this.clients.update(tenant.id, clientId, changes);
    return this.respond(tenant, principal, { ...row, ...changes });
  }

  async remove(tenant: Tenant, clientId: string): Promise<void> {
    if (!(await this.clients.delete(tenant.id, clientId))) throw inexistent(clientId);
  }

  async rotateSecret(tenant: Tenant, principal: ManagementPrincipal, clientId: string): Promise<ClientBody> {
    const row = await this.mustFind(tenant, clientId);
    if (clientFromRow(row).authenticatesWithKeys) {
      throw new Auth0Error(ErrorCode.OperationNotSupported, 'This client authenticates with private_key_jwt and has no client secret to rotate.');
    }
    const changes = { client_secret_enc: this.box.seal(newId.clientSecret()), updated_at: this.clock.now().toISOString() };
    await this.clients.update(tenant.id, clientId, changes);
    return this.respond(tenant, principal, { ...row, ...changes }, true);
  }

  private async mustFind(tenant: Tenant, clientId: string): Promise<ClientRow> {
    const row = await this.clients.find(tenant.id, clientId);
    if (!row) throw inexistent(clientId);
    return row;
  }
}

function inexistent(clientId: string): Auth0Error {
  return new Auth0Error(ErrorCode.InexistentClient, `The client does not exist: ${clientId.slice(0, 64)}`);
}
