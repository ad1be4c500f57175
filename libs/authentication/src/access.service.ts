import { Inject, Injectable } from '@nestjs/common';
import { Client, ClientsReader } from '@gatehouse/clients';
import { ClientGrantsReader } from '@gatehouse/client-grants';
import { Auth0Error, ErrorCode } from '@gatehouse/http';
import { parseScope, resolveAccess, AccessDecision, SubjectType } from '@gatehouse/policy';
import { ResourceServer, ResourceServersReader } from '@gatehouse/resource-servers';
import { Tenant } from '@gatehouse/tenancy';

/**
 * GET /ext/v1/access's parameters as sent (a repeated one arrives as an array): each is checked where it
 * is read, and others are ignored, as they always were.
 */
export interface AccessQuery {
  client_id?: unknown;
  audience?: unknown;
  subject_type?: unknown;
  scope?: unknown;
}

/**
 * Loads what resolveAccess needs (client kind, API policies, the per-app and default grants) through the
 * readers the owning libs export, and asks it. Token issuance and GET /ext/v1/access both come here, so
 * they can never disagree.
 */
@Injectable()
export class AccessService {
  constructor(
    @Inject(ClientsReader) private readonly clients: ClientsReader,
    @Inject(ResourceServersReader) private readonly apis: ResourceServersReader,
    @Inject(ClientGrantsReader) private readonly grants: ClientGrantsReader,
  ) {}

  async decide(tenant: Tenant, client: Client, api: ResourceServer, subjectType: SubjectType, requested: string[]): Promise<AccessDecision> {
    const grants = await this.grants.forAccess(tenant.id, {
      clientId: client.clientId,
      thirdParty: !client.kind.firstParty,
      audience: api.identifier,
      subjectType,
    });
    return resolveAccess({
      client: { isFirstParty: client.kind.firstParty, mode: client.kind.mode },
      api: { identifier: api.identifier, isSystem: api.isSystem, scopes: api.scopes, policies: api.policies },
      subjectType,
      requestedScopes: requested,
      ...grants,
    });
  }

  /** GET /ext/v1/access: the decision for ids given by an admin. */
  async explain(tenant: Tenant, query: AccessQuery): Promise<AccessDecision> {
    const clientId = typeof query.client_id === 'string' ? query.client_id : '';
    const audience = typeof query.audience === 'string' ? query.audience : '';
    const subjectType = query.subject_type ?? 'client';
    if (!clientId || !audience) {
      throw new Auth0Error(ErrorCode.InvalidQueryString, "Query validation error: 'client_id' and 'audience' are required.");
    }
    if (subjectType !== 'client' && subjectType !== 'user') {
      throw new Auth0Error(ErrorCode.InvalidQueryString, "Query validation error: 'subject_type' must be client or user.");
    }
    const client = await this.clients.find(tenant.id, clientId);
    if (!client) throw new Auth0Error(ErrorCode.InexistentClient, `The client does not exist: ${clientId}`);
    const api = await this.apis.findByIdentifier(tenant.id, audience);
    if (!api) throw new Auth0Error(ErrorCode.InexistentResourceServer, `No resource with identifier ${audience}`);
    return this.decide(tenant, client, api, subjectType, parseScope(typeof query.scope === 'string' ? query.scope : undefined));
  }
}
