import { Inject, Injectable } from '@nestjs/common';
import { AccessGrant, SubjectType } from '@gatehouse/policy';
import type { ClientGrant } from './client-grant.model';
import { ClientGrantsRepository } from './client-grants.repository';

function accessGrant(grant: ClientGrant | undefined): AccessGrant | undefined {
  return grant ? { id: grant.id, scope: grant.scopes, allowAllScopes: grant.allowAllScopes === true } : undefined;
}

/** How the access decision reads grants: the per-application grant and the default third-party permission. */
@Injectable()
export class ClientGrantsReader {
  constructor(@Inject(ClientGrantsRepository) private readonly grants: ClientGrantsRepository) {}

  /** The grants that may apply to one client, API and subject type (the default one only for third-party clients). */
  async forAccess(
    tenantId: string,
    query: { clientId: string; thirdParty: boolean; audience: string; subjectType: SubjectType },
  ): Promise<{ appGrant?: AccessGrant; defaultGrant?: AccessGrant }> {
    const [app, byDefault] = await Promise.all([
      this.grants.findFor(tenantId, { kind: 'client', clientId: query.clientId }, query.audience, query.subjectType),
      query.thirdParty
        ? this.grants.findFor(tenantId, { kind: 'default', defaultFor: 'third_party_clients' }, query.audience, query.subjectType)
        : Promise.resolve(undefined),
    ]);
    return { appGrant: accessGrant(app), defaultGrant: accessGrant(byDefault) };
  }
}
