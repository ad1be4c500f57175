import { Inject, Injectable } from '@nestjs/common';
import type { ResourceServerBody, ResourceServerListBody } from '@gatehouse/contract';
import {
  Auth0Error,
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
import { isUniqueViolation, newId } from '@gatehouse/persistence';
import { activatedSystemApi, DEFAULT_API_POLICIES, refusedSystemApiProperties, SYSTEM_API_UPDATABLE, systemApiBody } from '@gatehouse/policy';
import { ClientsReader } from '@gatehouse/clients';
import type { ResourceServerRow } from '@gatehouse/schemas';
import { Clock, Tenant } from '@gatehouse/tenancy';
import { CreateResourceServerDto, ListResourceServersQuery, UpdateResourceServerDto } from './resource-server.dto';
import { toResourceServerResponse } from './resource-server.mapper';
import { ResourceServersRepository } from './resource-servers.repository';

/** An API's stored Auth0 properties (the row's JSON `body`), as the DTOs validated them, over the defaults. */
type StoredBody = Record<string, unknown>;

/** Auth0's defaults for a new API (SPEC §5). */
export const RESOURCE_SERVER_DEFAULTS: StoredBody = {
  signing_alg: 'RS256',
  token_lifetime: 86400,
  token_lifetime_for_web: 7200,
  allow_offline_access: false,
  skip_consent_for_verifiable_first_party_clients: false,
  subject_type_authorization: { user: { policy: DEFAULT_API_POLICIES.user }, client: { policy: DEFAULT_API_POLICIES.client } },
};

@Injectable()
export class ResourceServersService {
  constructor(
    @Inject(ResourceServersRepository) private readonly apis: ResourceServersRepository,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(ClientsReader) private readonly clients: ClientsReader,
  ) {}

  private linkedClients(tenant: Tenant): Promise<Map<string, string>> {
    return this.clients.resourceServerApplications(tenant.id);
  }

  private async respond(tenant: Tenant, row: ResourceServerRow): Promise<ResourceServerBody> {
    return toResourceServerResponse(row, (await this.linkedClients(tenant)).get(row.identifier));
  }

  async create(tenant: Tenant, dto: CreateResourceServerDto): Promise<ResourceServerBody> {
    // In a POST, null means "not set".
    const payload = withoutNulls(plainBody(dto));
    const { identifier } = dto;
    // Creating the My Account API activates it: a system API from then on, named and shaped by its
    // definition (SPEC §5); the request may set only what a system API lets an admin change.
    const system = activatedSystemApi(tenant.domain, identifier);
    const refused = system ? refusedSystemApiProperties(payload, ['identifier', 'name']) : [];
    if (refused.length) {
      throw new Auth0Error(
        ErrorCode.OperationNotSupported,
        `The system API ${system!.name} is activated with identifier, name and ${SYSTEM_API_UPDATABLE.join(', ')} only (refused: ${refused.join(', ')}).`,
      );
    }
    const row: ResourceServerRow = {
      id: newId.resourceServer(),
      tenant_id: tenant.id,
      identifier,
      name: system?.name ?? dto.name ?? identifier,
      is_system: !!system,
      body: system ? systemApiBody(system, payload) : mergePolicies(RESOURCE_SERVER_DEFAULTS, payload),
      created_at: this.clock.now().toISOString(),
    };
    delete row.body.identifier;
    delete row.body.name;
    try {
      await this.apis.insert(row);
    } catch (e) {
      if (isUniqueViolation(e)) throw new Auth0Error(ErrorCode.Conflict, `A resource server with identifier ${identifier} already exists.`);
      throw e;
    }
    return this.respond(tenant, row);
  }

  async list(tenant: Tenant, query: ListResourceServersQuery): Promise<ResourceServerListBody> {
    const page = parsePagination({ ...query });
    const projection = parseProjection({ ...query });
    const raw = query.identifiers;
    const identifiers = raw === undefined ? [] : (Array.isArray(raw) ? raw : [raw]).flatMap((v) => v.split(',')).filter(Boolean);
    const linked = await this.linkedClients(tenant);
    const map = (r: ResourceServerRow) => project(toResourceServerResponse(r, linked.get(r.identifier)), projection);
    const { rows, total } = await this.apis.list(tenant.id, identifiers, page);
    if (page.kind === 'checkpoint') {
      return checkpointResponse('resource_servers', page, rows, (r) => ({ createdAt: r.created_at, id: r.id }), map) as ResourceServerListBody;
    }
    return offsetResponse('resource_servers', page, rows.map(map), total) as ResourceServerListBody;
  }

  /** By id, else by (URL-decoded) identifier, as Auth0 accepts both. */
  async find(tenant: Tenant, idOrIdentifier: string): Promise<ResourceServerRow> {
    const row = (await this.apis.find(tenant.id, idOrIdentifier)) ?? (await this.apis.findByIdentifier(tenant.id, idOrIdentifier));
    if (!row) throw new Auth0Error(ErrorCode.InexistentResourceServer, 'The resource server does not exist');
    return row;
  }

  async get(tenant: Tenant, idOrIdentifier: string, query: ProjectionQuery): Promise<Partial<ResourceServerBody>> {
    return project(await this.respond(tenant, await this.find(tenant, idOrIdentifier)), parseProjection({ ...query }));
  }

  async update(tenant: Tenant, idOrIdentifier: string, dto: UpdateResourceServerDto): Promise<ResourceServerBody> {
    const row = await this.find(tenant, idOrIdentifier);
    const payload = plainBody(dto);
    if (row.is_system) {
      const refused = Object.keys(payload).filter((k) => !SYSTEM_API_UPDATABLE.includes(k));
      if (refused.length) {
        throw new Auth0Error(
          ErrorCode.OperationNotSupported,
          `The system API ${row.name} only accepts updates of ${SYSTEM_API_UPDATABLE.join(', ')} (refused: ${refused.join(', ')}).`,
        );
      }
    }
    const name = dto.name ?? row.name;
    delete payload.name;
    // A null clears the property (only those Auth0 lets be null get past the DTO).
    const cleared = Object.keys(payload).filter((k) => payload[k] === null);
    const body = mergePolicies(row.body, withoutNulls(payload));
    for (const k of cleared) delete body[k];
    await this.apis.update(tenant.id, row.id, { name, body });
    return this.respond(tenant, { ...row, name, body });
  }

  async remove(tenant: Tenant, idOrIdentifier: string): Promise<void> {
    const row = await this.find(tenant, idOrIdentifier);
    if (row.is_system) throw new Auth0Error(ErrorCode.OperationNotSupported, `The system API ${row.name} cannot be deleted.`);
    await this.apis.delete(tenant.id, row);
  }
}

const isObject = (v: unknown): v is StoredBody => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Shallow merge, except subject_type_authorization, whose user and client policies merge one level down. */
function mergePolicies(base: StoredBody, patch: StoredBody): StoredBody {
  const out = { ...base, ...patch };
  if (isObject(patch.subject_type_authorization)) {
    out.subject_type_authorization = {
      ...(isObject(base.subject_type_authorization) ? base.subject_type_authorization : {}),
      ...patch.subject_type_authorization,
    };
  }
  return out;
}
