import { randomBytes } from 'crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { OffsetPage } from '@gatehouse/http';
import { isUniqueViolation, listPage } from '@gatehouse/persistence';
import { UserGrantSchema } from '@gatehouse/schemas';
import { consentedScopes, UserGrant, userGrantFromRow, userGrantToRow } from './user-grant.model';

/** The filters of GET /api/v2/grants, each optional. */
export interface UserGrantFilters {
  userId?: string;
  clientId?: string;
  audience?: string;
}

/** What a user consented to on the consent page. */
export interface Consent {
  tenantId: string;
  userId: string;
  clientId: string;
  audience: string;
  scopes: readonly string[];
  /** ISO 8601, the tenant's clock. */
  at: string;
}

/**
 * Users' consents. Every method takes the tenant id. A consent goes with its user or its application
 * (foreign keys, migrations/identities-ddl.ts). The consent page records consents through `grant`.
 */
@Injectable()
export class UserGrantsRepository {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  private repo(em?: EntityManager) {
    return (em ?? this.ds.manager).getRepository(UserGrantSchema);
  }

  /** The consent of a user for an application and an API, if any. */
  async findConsent(tenantId: string, userId: string, clientId: string, audience: string): Promise<UserGrant | undefined> {
    const row = await this.repo().findOneBy({ tenant_id: tenantId, user_id: userId, client_id: clientId, audience });
    return row ? userGrantFromRow(row) : undefined;
  }

  /**
   * Records a consent: a new grant, or the existing one's scopes grown by the new ones (a consent
   * never shrinks here; revoking is deleting). Safe when two consents race: the loser adds to the
   * winner's row.
   */
  async grant(consent: Consent): Promise<UserGrant> {
    const { tenantId, userId, clientId, audience, scopes, at } = consent;
    for (let attempt = 0; ; attempt++) {
      const existing = await this.findConsent(tenantId, userId, clientId, audience);
      if (existing) {
        const next: UserGrant = { ...existing, scopes: consentedScopes(existing.scopes, scopes), updatedAt: at };
        await this.repo().update({ tenant_id: tenantId, id: existing.id }, { scope: [...next.scopes], updated_at: at } as never);
        return next;
      }
      const created: UserGrant = {
        id: randomBytes(12).toString('hex'),
        tenantId,
        userId,
        clientId,
        audience,
        scopes: consentedScopes([], scopes),
        createdAt: at,
        updatedAt: at,
      };
      try {
        await this.repo().insert(userGrantToRow(created));
        return created;
      } catch (e) {
        if (!isUniqueViolation(e) || attempt > 0) throw e;
      }
    }
  }

  async delete(tenantId: string, id: string): Promise<boolean> {
    const res = await this.repo().delete({ tenant_id: tenantId, id });
    return (res.affected ?? 0) > 0;
  }

  /** Every consent of a user; how many went. */
  async deleteByUser(tenantId: string, userId: string): Promise<number> {
    const res = await this.repo().delete({ tenant_id: tenantId, user_id: userId });
    return res.affected ?? 0;
  }

  /** One offset page ordered (created_at, id). */
  async list(tenantId: string, f: UserGrantFilters, p: OffsetPage): Promise<{ grants: UserGrant[]; total: number }> {
    const filtered = () => {
      const q = this.repo().createQueryBuilder('g').where('g.tenant_id = :tid', { tid: tenantId });
      if (f.userId !== undefined) q.andWhere('g.user_id = :uid', { uid: f.userId });
      if (f.clientId !== undefined) q.andWhere('g.client_id = :cid', { cid: f.clientId });
      if (f.audience !== undefined) q.andWhere('g.audience = :aud', { aud: f.audience });
      return q;
    };
    const { rows, total } = await listPage(filtered, 'g', 'id', p);
    return { grants: rows.map(userGrantFromRow), total };
  }
}
