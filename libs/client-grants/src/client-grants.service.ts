import { Inject, Injectable } from '@nestjs/common';
import { Auth0Error, badQuery, boolParam, checkpointResponse, ErrorCode, offsetResponse, parsePagination, QueryValue } from '@gatehouse/http';
import { isUniqueViolation, newId } from '@gatehouse/persistence';
import { ClientsReader } from '@gatehouse/clients';
import { systemApiRefused } from '@gatehouse/policy';
import { ResourceServersReader } from '@gatehouse/resource-servers';
import { Clock, Tenant } from '@gatehouse/tenancy';
import type { ClientGrantBody, ClientGrantListBody } from '@gatehouse/contract';
import { CreateClientGrantDto, DEFAULT_FOR, ListClientGrantsQuery, SUBJECT_TYPES, UpdateClientGrantDto } from './client-grant.dto';
import { toClientGrantResponse } from './client-grant.mapper';
import { ClientGrant, ClientGrantProperties, GrantOwner } from './client-grant.model';
import { ClientGrantFilters, ClientGrantsRepository } from './client-grants.repository';

/** Auth0's properties of a grant that carry no rule, after a request: `null` clears (back to unset), a value sets. */
function withProperties(base: Readonly<ClientGrantProperties>, dto: CreateClientGrantDto | UpdateClientGrantDto): ClientGrantProperties {
  const out: ClientGrantProperties = { ...base };
  const apply = <K extends keyof ClientGrantProperties>(k: K, v: ClientGrantProperties[K] | null | undefined) => {
    if (v === null) delete out[k];
    else if (v !== undefined) out[k] = v;
  };
  apply('organization_usage', dto.organization_usage);
  apply('authorization_details_types', dto.authorization_details_types);
  apply('allow_any_organization', dto.allow_any_organization);
  return out;
}

function bad(message: string): Auth0Error {
  return new Auth0Error(ErrorCode.InvalidBody, `Payload validation error: ${message}`);
}

/** The list filters of a query: each given at most once, the enums checked; empty means no filter. */
function listFilters(query: ListClientGrantsQuery): ClientGrantFilters {
  const once = (k: 'audience' | 'client_id' | 'subject_type' | 'default_for'): string | undefined => {
    const v: QueryValue | undefined = query[k];
    if (v !== undefined && typeof v !== 'string') badQuery(`'${k}' must be given once.`);
    return v;
  };
  const [audience, clientId, subjectType, defaultFor] = [once('audience'), once('client_id'), once('subject_type'), once('default_for')];
  const member = <T extends string>(k: string, values: readonly T[], v: string | undefined): T | undefined => {
    if (v !== undefined && !(values as readonly string[]).includes(v)) badQuery(`'${k}' must be one of ${values.join(', ')}.`);
    return (v || undefined) as T | undefined;
  };
  return {
    subjectType: member('subject_type', SUBJECT_TYPES, subjectType),
    defaultFor: member('default_for', DEFAULT_FOR, defaultFor),
    audience: audience || undefined,
    clientId: clientId || undefined,
    allowAnyOrganization: boolParam({ ...query }, 'allow_any_organization'),
  };
}

@Injectable()
export class ClientGrantsService {
  constructor(
    @Inject(ClientGrantsRepository) private readonly grants: ClientGrantsRepository,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(ClientsReader) private readonly clients: ClientsReader,
    @Inject(ResourceServersReader) private readonly apis: ResourceServersReader,
  ) {}

  /** The API; 404 "No resource with identifier …" when unknown. */
  private async api(tenant: Tenant, audience: string) {
    const api = await this.apis.findByIdentifier(tenant.id, audience);
    if (!api) throw new Auth0Error(ErrorCode.InexistentResourceServer, `No resource with identifier ${audience}`);
    return api;
  }

  private async client(tenant: Tenant, clientId: string) {
    const client = await this.clients.find(tenant.id, clientId);
    if (!client) throw new Auth0Error(ErrorCode.InexistentClient, `The client does not exist: ${clientId}`);
    return client;
  }

  async create(tenant: Tenant, dto: CreateClientGrantDto): Promise<ClientGrantBody> {
    const { client_id: clientId, default_for: defaultFor } = dto;
    if (!!clientId === !!defaultFor) throw bad(`'Exactly one of client_id and default_for is required.'`);
    const owner: GrantOwner = clientId ? { kind: 'client', clientId } : { kind: 'default', defaultFor: defaultFor! };
    const api = await this.api(tenant, dto.audience);
    const isFirstParty = owner.kind === 'client' ? (await this.client(tenant, owner.clientId)).kind.firstParty : owner.defaultFor !== 'third_party_clients';
    if (systemApiRefused(api, { isFirstParty })) {
      throw bad(`'${api.name} is a system API: third-party applications cannot be granted access to it.' on property audience.`);
    }
    const grant: ClientGrant = {
      id: newId.clientGrant(),
      tenantId: tenant.id,
      owner,
      audience: api.identifier,
      subjectType: dto.subject_type ?? 'client',
      // Auth0 does not check the scopes against the API's (recordings: TestAccOrganizationClientGrant);
      // tokens carry only scopes the API defines (resolveAccess).
      scopes: dto.scope ?? [],
      ...(dto.allow_all_scopes !== undefined ? { allowAllScopes: dto.allow_all_scopes } : {}),
      createdAt: this.clock.now().toISOString(),
      properties: withProperties({}, dto),
    };
    try {
      await this.grants.insert(grant);
    } catch (e) {
      if (isUniqueViolation(e)) {
        throw new Auth0Error(
          ErrorCode.Conflict,
          `A client grant for ${clientId ? `client ${clientId}` : `default_for ${defaultFor}`}, audience ${api.identifier} and subject_type ${grant.subjectType} already exists.`,
        );
      }
      throw e;
    }
    return toClientGrantResponse(grant);
  }

  async list(tenant: Tenant, query: ListClientGrantsQuery): Promise<ClientGrantListBody> {
    const page = parsePagination({ ...query });
    const { grants, total } = await this.grants.list(tenant.id, listFilters(query), page);
    if (page.kind === 'checkpoint') {
      return checkpointResponse('client_grants', page, grants, (g) => ({ createdAt: g.createdAt, id: g.id }), toClientGrantResponse) as ClientGrantListBody;
    }
    return offsetResponse('client_grants', page, grants.map(toClientGrantResponse), total) as ClientGrantListBody;
  }

  private async mustFind(tenant: Tenant, id: string): Promise<ClientGrant> {
    const grant = await this.grants.find(tenant.id, id);
    if (!grant) throw new Auth0Error(ErrorCode.InexistentClientGrant, 'The client grant does not exist');
    return grant;
  }

  async get(tenant: Tenant, id: string): Promise<ClientGrantBody> {
    return toClientGrantResponse(await this.mustFind(tenant, id));
  }

  async update(tenant: Tenant, id: string, dto: UpdateClientGrantDto): Promise<ClientGrantBody> {
    const grant = await this.mustFind(tenant, id);
    // A null clears: `scope` to none, the others back to unset (omitted, and allow_any_organization false).
    const allowAllScopes = dto.allow_all_scopes === null ? undefined : (dto.allow_all_scopes ?? grant.allowAllScopes);
    const next: ClientGrant = {
      ...grant,
      scopes: dto.scope === null ? [] : (dto.scope ?? grant.scopes),
      allowAllScopes,
      properties: withProperties(grant.properties, dto),
    };
    await this.grants.update(next);
    return toClientGrantResponse(next);
  }

  async remove(tenant: Tenant, id: string): Promise<void> {
    if (!(await this.grants.delete(tenant.id, id))) throw new Auth0Error(ErrorCode.InexistentClientGrant, 'The client grant does not exist');
  }
}
