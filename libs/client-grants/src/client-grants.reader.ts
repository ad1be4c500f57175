import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AccessGrant, grantOwnerKey, SubjectType } from '@gatehouse/policy';
import { ClientGrantRow, ClientGrantSchema } from '@gatehouse/schemas';

function accessGrant(row: ClientGrantRow | null): AccessGrant | undefined {
  return row ? { id: row.id, scope: row.scope, allowAllScopes: row.body.allow_all_scopes === true } : undefined;
}

/** How the access decision reads grants: the per-application grant and the default third-party permission. */
@Injectable()
export class ClientGrantsReader {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  /** The grants that may apply to one client, API and subject type (the default one only for third-party clients). */
  async forAccess(
    tenantId: string,
    query: { clientId: string; thirdParty: boolean; audience: string; subjectType: SubjectType },
  ): Promise<{ appGrant?: AccessGrant; defaultGrant?: AccessGrant }> {
    const grants = this.ds.getRepository(ClientGrantSchema);
    const find = (owner_key: string) => grants.findOneBy({ tenant_id: tenantId, owner_key, audience: query.audience, subject_type: query.subjectType });
    const [app, byDefault] = await Promise.all([
      find(grantOwnerKey({ clientId: query.clientId })),
      query.thirdParty ? find(grantOwnerKey({ defaultFor: 'third_party_clients' })) : Promise.resolve(null),
    ]);
    return { appGrant: accessGrant(app), defaultGrant: accessGrant(byDefault) };
  }
}
