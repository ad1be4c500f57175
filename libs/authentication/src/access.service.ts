import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Client, ClientsReader } from '@gatehouse/clients';
import { Auth0Error, ErrorCode } from '@gatehouse/http';
import { parseScope, resolveAccess, AccessDecision, SubjectType } from '@gatehouse/policy';
import { ClientGrantSchema, ResourceServerRow, ResourceServerSchema } from '@gatehouse/schemas';
import { Tenant } from '@gatehouse/tenancy';

type Obj = Record<string, unknown>;

/**
 * Loads what resolveAccess needs (client kind, API policies, the per-app and default grants) and asks
 * it. Token issuance and GET /ext/v1/access both come here, so they can never disagree.
 */
@Injectable()
export class AccessService {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(ClientsReader) private readonly clients: ClientsReader,
  ) {}

  async decide(tenant: Tenant, client: Client, api: ResourceServerRow, subjectType: SubjectType, requested: string[]): Promise<AccessDecision> {
    const grants = this.ds.getRepository(ClientGrantSchema);
    const [appGrant, defaultGrant] = await Promise.all([
      grants.findOneBy({ tenant_id: tenant.id, owner_key: client.clientId, audience: api.identifier, subject_type: subjectType }),
      client.kind.firstParty
        ? Promise.resolve(null)
        : grants.findOneBy({ tenant_id: tenant.id, owner_key: 'default:third_party_clients', audience: api.identifier, subject_type: subjectType }),
    ]);
    const sta = (api.body.subject_type_authorization as Obj | undefined) ?? {};
    const policyOf = (k: string, fallback: string) => ((sta[k] as Obj | undefined)?.policy as string | undefined) ?? fallback;
    return resolveAccess({
      client: { isFirstParty: client.kind.firstParty, mode: client.kind.mode },
      api: {
        identifier: api.identifier,
        isSystem: api.is_system,
        scopes: ((api.body.scopes as { value: string }[] | undefined) ?? []).map((s) => s.value),
        policies: {
          user: policyOf('user', 'allow_all') as 'allow_all',
          client: policyOf('client', 'require_client_grant') as 'require_client_grant',
        },
      },
      subjectType,
      requestedScopes: requested,
      appGrant: appGrant ? { id: appGrant.id, scope: appGrant.scope, allowAllScopes: appGrant.body.allow_all_scopes === true } : undefined,
      defaultGrant: defaultGrant ? { id: defaultGrant.id, scope: defaultGrant.scope, allowAllScopes: defaultGrant.body.allow_all_scopes === true } : undefined,
    });
  }

  /** GET /ext/v1/access: the decision for ids given by an admin. */
  async explain(tenant: Tenant, query: Obj): Promise<AccessDecision> {
    const clientId = typeof query.client_id === 'string' ? query.client_id : '';
    const audience = typeof query.audience === 'string' ? query.audience : '';
    const subjectType = (query.subject_type ?? 'client') as string;
    if (!clientId || !audience) {
      throw new Auth0Error(ErrorCode.InvalidQueryString, "Query validation error: 'client_id' and 'audience' are required.");
    }
    if (subjectType !== 'client' && subjectType !== 'user') {
      throw new Auth0Error(ErrorCode.InvalidQueryString, "Query validation error: 'subject_type' must be client or user.");
    }
    const client = await this.clients.find(tenant.id, clientId);
    if (!client) throw new Auth0Error(ErrorCode.InexistentClient, `The client does not exist: ${clientId}`);
    const api = await this.ds.getRepository(ResourceServerSchema).findOneBy({ tenant_id: tenant.id, identifier: audience });
    if (!api) throw new Auth0Error(ErrorCode.InexistentResourceServer, `No resource with identifier ${audience}`);
    return this.decide(tenant, client, api, subjectType, parseScope(typeof query.scope === 'string' ? query.scope : undefined));
  }
}
