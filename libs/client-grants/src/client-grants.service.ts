import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Auth0Error, boolParam, checkpointResponse, ErrorCode, offsetResponse, parsePagination, plainBody, rejectUnknownQuery } from '@gatehouse/http';
import { isUniqueViolation, listPage, newId } from '@gatehouse/persistence';
import { ClientsReader } from '@gatehouse/clients';
import { grantOwnerKey, systemApiRefused } from '@gatehouse/policy';
import { ResourceServersReader } from '@gatehouse/resource-servers';
import { ClientGrantRow, ClientGrantSchema } from '@gatehouse/schemas';
import { Clock, Tenant } from '@gatehouse/tenancy';
import { DEFAULT_FOR, SUBJECT_TYPES } from './client-grant.dto';
import { toClientGrantResponse } from './client-grant.mapper';

type Obj = Record<string, unknown>;

const LIST_QUERY = new Set(['page', 'per_page', 'include_totals', 'from', 'take', 'audience', 'client_id', 'subject_type', 'default_for', 'allow_any_organization']);

/** Properties a grant keeps in its JSON body, echoed once set. */
const BODY_PROPERTIES = ['organization_usage', 'authorization_details_types', 'allow_all_scopes', 'allow_any_organization'];

function bad(message: string): Auth0Error {
  return new Auth0Error(ErrorCode.InvalidBody, `Payload validation error: ${message}`);
}

@Injectable()
export class ClientGrantsService {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(ClientsReader) private readonly clients: ClientsReader,
    @Inject(ResourceServersReader) private readonly apis: ResourceServersReader,
  ) {}

  private repo() {
    return this.ds.getRepository(ClientGrantSchema);
  }

  /** The API; 404 "No resource with identifier …" when unknown. */
  private async api(tenant: Tenant, audience: string) {
    const api = await this.apis.findByIdentifier(tenant.id, audience);
    if (!api) throw new Auth0Error(ErrorCode.InexistentResourceServer, `No resource with identifier ${audience}`);
    return api;
  }

  async create(tenant: Tenant, dto: object): Promise<Obj> {
    const p = plainBody(dto);
    const clientId = p.client_id as string | undefined;
    const defaultFor = p.default_for as string | undefined;
    if (!!clientId === !!defaultFor) throw bad(`'Exactly one of client_id and default_for is required.'`);
    const api = await this.api(tenant, p.audience as string);
    let isFirstParty = defaultFor !== 'third_party_clients';
    if (clientId) {
      const client = await this.clients.find(tenant.id, clientId);
      if (!client) throw new Auth0Error(ErrorCode.InexistentClient, `The client does not exist: ${clientId}`);
      isFirstParty = client.kind.firstParty;
    }
    if (systemApiRefused(api, { isFirstParty })) {
      throw bad(`'${api.name} is a system API: third-party applications cannot be granted access to it.' on property audience.`);
    }
    // Auth0 does not check the scopes against the API's (recordings: TestAccOrganizationClientGrant);
    // tokens carry only scopes the API defines (resolveAccess).
    const scope = (p.scope as string[] | undefined) ?? [];
    const body: Obj = {};
    for (const k of BODY_PROPERTIES) if (p[k] !== undefined) body[k] = p[k];
    const row: ClientGrantRow = {
      id: newId.clientGrant(),
      tenant_id: tenant.id,
      client_id: clientId ?? null,
      default_for: defaultFor ?? null,
      owner_key: grantOwnerKey(clientId ? { clientId } : { defaultFor: defaultFor! }),
      audience: api.identifier,
      subject_type: (p.subject_type as string | undefined) ?? 'client',
      scope,
      allow_any_organization: p.allow_any_organization === true,
      body,
      created_at: this.clock.now().toISOString(),
    };
    try {
      await this.repo().insert(row);
    } catch (e) {
      if (isUniqueViolation(e)) {
        throw new Auth0Error(
          ErrorCode.Conflict,
          `A client grant for ${clientId ? `client ${clientId}` : `default_for ${defaultFor}`}, audience ${api.identifier} and subject_type ${row.subject_type} already exists.`,
        );
      }
      throw e;
    }
    return toClientGrantResponse(row);
  }

  async list(tenant: Tenant, query: Obj): Promise<unknown> {
    rejectUnknownQuery(query, LIST_QUERY);
    const page = parsePagination(query);
    for (const k of ['audience', 'client_id', 'subject_type', 'default_for']) {
      if (query[k] !== undefined && typeof query[k] !== 'string') {
        throw new Auth0Error(ErrorCode.InvalidQueryString, `Query validation error: '${k}' must be given once.`);
      }
    }
    if (query.subject_type !== undefined && !SUBJECT_TYPES.includes(query.subject_type as string)) {
      throw new Auth0Error(ErrorCode.InvalidQueryString, `Query validation error: 'subject_type' must be one of ${SUBJECT_TYPES.join(', ')}.`);
    }
    if (query.default_for !== undefined && !DEFAULT_FOR.includes(query.default_for as string)) {
      throw new Auth0Error(ErrorCode.InvalidQueryString, `Query validation error: 'default_for' must be one of ${DEFAULT_FOR.join(', ')}.`);
    }
    const str = (k: string) => (typeof query[k] === 'string' && query[k] !== '' ? (query[k] as string) : undefined);
    const anyOrg = boolParam(query, 'allow_any_organization');
    const base = () => {
      const q = this.repo().createQueryBuilder('g').where('g.tenant_id = :tid', { tid: tenant.id });
      if (str('audience')) q.andWhere('g.audience = :aud', { aud: str('audience') });
      if (str('client_id')) q.andWhere('g.client_id = :cid', { cid: str('client_id') });
      if (str('subject_type')) q.andWhere('g.subject_type = :st', { st: str('subject_type') });
      if (str('default_for')) q.andWhere('g.default_for = :df', { df: str('default_for') });
      return q;
    };
    const withOrg = (q: ReturnType<typeof base>) => (anyOrg === undefined ? q : q.andWhere('g.allow_any_organization = :ao', { ao: anyOrg }));
    const { rows, total } = await listPage(() => withOrg(base()), 'g', 'id', page);
    if (page.kind === 'checkpoint') {
      return checkpointResponse('client_grants', page, rows, (r) => ({ createdAt: r.created_at, id: r.id }), toClientGrantResponse);
    }
    return offsetResponse('client_grants', page, rows.map(toClientGrantResponse), total);
  }

  private async mustFind(tenant: Tenant, id: string): Promise<ClientGrantRow> {
    const row = await this.repo().findOneBy({ tenant_id: tenant.id, id });
    if (!row) throw new Auth0Error(ErrorCode.InexistentClientGrant, 'The client grant does not exist');
    return row;
  }

  async get(tenant: Tenant, id: string): Promise<Obj> {
    return toClientGrantResponse(await this.mustFind(tenant, id));
  }

  async update(tenant: Tenant, id: string, dto: object): Promise<Obj> {
    const row = await this.mustFind(tenant, id);
    const p = plainBody(dto);
    // A null clears: `scope` to none, the others back to unset (omitted, and allow_any_organization false).
    const scope = p.scope === null ? [] : ((p.scope as string[] | undefined) ?? row.scope);
    const body = { ...row.body };
    for (const k of BODY_PROPERTIES) {
      if (p[k] === null) delete body[k];
      else if (p[k] !== undefined) body[k] = p[k];
    }
    const allowAny = p.allow_any_organization === null ? false : ((p.allow_any_organization as boolean | undefined) ?? row.allow_any_organization);
    await this.repo().update({ tenant_id: tenant.id, id }, { scope, body, allow_any_organization: allowAny } as never);
    return toClientGrantResponse({ ...row, scope, body, allow_any_organization: allowAny });
  }

  async remove(tenant: Tenant, id: string): Promise<void> {
    const res = await this.repo().delete({ tenant_id: tenant.id, id });
    if (!res.affected) throw new Auth0Error(ErrorCode.InexistentClientGrant, 'The client grant does not exist');
  }
}
