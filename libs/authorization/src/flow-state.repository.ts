import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import {
  AuthorizationCodeRow,
  AuthorizationCodeSchema,
  AuthorizationTransactionRow,
  AuthorizationTransactionSchema,
  LoginSessionRow,
  LoginSessionSchema,
  RefreshTokenRow,
  RefreshTokenSchema,
} from '@gatehouse/schemas';

/**
 * The state of user flows (transactions, sessions, codes, refresh tokens). Every method takes the
 * tenant id. What must happen once (a code's use, a rotation) is one conditional UPDATE, so two
 * concurrent requests cannot both win.
 */
@Injectable()
export class FlowStateRepository {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  private manager(em?: EntityManager): EntityManager {
    return em ?? this.ds.manager;
  }

  // Authorization transactions: /authorize → login → consent.

  async createTransaction(row: AuthorizationTransactionRow): Promise<void> {
    await this.manager().getRepository(AuthorizationTransactionSchema).insert(row);
  }

  findTransaction(tenantId: string, id: string): Promise<AuthorizationTransactionRow | null> {
    return this.manager().getRepository(AuthorizationTransactionSchema).findOneBy({ tenant_id: tenantId, id });
  }

  async attachUser(tenantId: string, id: string, userId: string, authTime: string): Promise<void> {
    await this.manager().getRepository(AuthorizationTransactionSchema).update({ tenant_id: tenantId, id }, { user_id: userId, auth_time: authTime });
  }

  /** Ends a transaction; true only for the one caller that ended it. */
  async endTransaction(tenantId: string, id: string, em?: EntityManager): Promise<boolean> {
    const res = await this.manager(em).getRepository(AuthorizationTransactionSchema).delete({ tenant_id: tenantId, id });
    return (res.affected ?? 0) > 0;
  }

  /**
   * Ends the transaction and stores the code it issues, at once: only the one caller that ended the
   * transaction gets its code stored (a form posted twice issues one code).
   */
  async completeWithCode(tenantId: string, transactionId: string, code: AuthorizationCodeRow): Promise<boolean> {
    return this.ds.transaction(async (em) => {
      if (!(await this.endTransaction(tenantId, transactionId, em))) return false;
      await this.insertCode(code, em);
      return true;
    });
  }

  // Login sessions.

  async createSession(row: LoginSessionRow): Promise<void> {
    await this.manager().getRepository(LoginSessionSchema).insert(row);
  }

  findSession(tenantId: string, idHash: string): Promise<LoginSessionRow | null> {
    return this.manager().getRepository(LoginSessionSchema).findOneBy({ tenant_id: tenantId, id_hash: idHash });
  }

  async endSessionsOfUser(tenantId: string, userId: string, em?: EntityManager): Promise<void> {
    await this.manager(em).getRepository(LoginSessionSchema).delete({ tenant_id: tenantId, user_id: userId });
  }

  // Authorization codes.

  async insertCode(row: AuthorizationCodeRow, em?: EntityManager): Promise<void> {
    await this.manager(em).getRepository(AuthorizationCodeSchema).insert(row);
  }

  findCode(tenantId: string, codeHash: string): Promise<AuthorizationCodeRow | null> {
    return this.manager().getRepository(AuthorizationCodeSchema).findOneBy({ tenant_id: tenantId, code_hash: codeHash });
  }

  /** Marks the code used; true for the first use only (RFC 6749 §4.1.2: a code is used once). */
  async consumeCode(tenantId: string, codeHash: string, at: string, em?: EntityManager): Promise<boolean> {
    const res = await this.manager(em)
      .getRepository(AuthorizationCodeSchema)
      .createQueryBuilder()
      .update()
      .set({ consumed_at: at })
      .where('tenant_id = :tenantId AND code_hash = :codeHash AND consumed_at IS NULL', { tenantId, codeHash })
      .execute();
    return (res.affected ?? 0) === 1;
  }

  // Refresh tokens.

  async insertRefreshToken(row: RefreshTokenRow, em?: EntityManager): Promise<void> {
    await this.manager(em).getRepository(RefreshTokenSchema).insert(row);
  }

  findRefreshToken(tenantId: string, tokenHash: string): Promise<RefreshTokenRow | null> {
    return this.manager().getRepository(RefreshTokenSchema).findOneBy({ tenant_id: tenantId, token_hash: tokenHash });
  }

  /** Records the exchange of a rotating token; true for the first exchange only. */
  async markRotated(tenantId: string, id: string, at: string, em?: EntityManager): Promise<boolean> {
    const res = await this.manager(em)
      .getRepository(RefreshTokenSchema)
      .createQueryBuilder()
      .update()
      .set({ rotated_at: at, last_used_at: at })
      .where('tenant_id = :tenantId AND id = :id AND rotated_at IS NULL AND revoked_at IS NULL', { tenantId, id })
      .execute();
    return (res.affected ?? 0) === 1;
  }

  /** A non-rotating token was used: its idle lifetime starts again. */
  async touchRefreshToken(tenantId: string, id: string, at: string, expiresAt: string | null, em?: EntityManager): Promise<void> {
    await this.manager(em).getRepository(RefreshTokenSchema).update({ tenant_id: tenantId, id }, { last_used_at: at, expires_at: expiresAt });
  }

  async revokeFamily(tenantId: string, familyId: string, at: string, em?: EntityManager): Promise<void> {
    await this.revokeWhere('tenant_id = :tenantId AND family_id = :familyId', { tenantId, familyId }, at, em);
  }

  /** A reused code: every refresh token issued from it goes (RFC 6749 §4.1.2). */
  async revokeIssuedFromCode(tenantId: string, codeHash: string, at: string, em?: EntityManager): Promise<void> {
    await this.revokeWhere('tenant_id = :tenantId AND code_hash = :codeHash', { tenantId, codeHash }, at, em);
  }

  /** The refresh tokens of a user for some clients (consent withdrawn, user deleted). */
  async revokeForUser(tenantId: string, userId: string, clientIds: readonly string[] | 'all', at: string, em?: EntityManager): Promise<void> {
    if (clientIds === 'all') return this.revokeWhere('tenant_id = :tenantId AND user_id = :userId', { tenantId, userId }, at, em);
    if (clientIds.length === 0) return;
    await this.manager(em)
      .getRepository(RefreshTokenSchema)
      .update({ tenant_id: tenantId, user_id: userId, client_id: In([...clientIds]) }, { revoked_at: at });
  }

  private async revokeWhere(where: string, params: Record<string, string>, at: string, em?: EntityManager): Promise<void> {
    await this.manager(em)
      .getRepository(RefreshTokenSchema)
      .createQueryBuilder()
      .update()
      .set({ revoked_at: at })
      .where(`${where} AND revoked_at IS NULL`, params)
      .execute();
  }

  /** A deleted user's codes and pending authorizations go, in the caller's transaction (their refresh tokens are revoked). */
  async deleteForUser(tenantId: string, userId: string, em: EntityManager): Promise<void> {
    for (const schema of [AuthorizationTransactionSchema, AuthorizationCodeSchema]) {
      await em.getRepository<{ tenant_id: string; user_id: string | null }>(schema).delete({ tenant_id: tenantId, user_id: userId });
    }
  }

  /** A deleted client leaves nothing behind: its transactions, codes and refresh tokens, in the caller's transaction. */
  async deleteForClient(tenantId: string, clientId: string, em: EntityManager): Promise<void> {
    for (const schema of [AuthorizationTransactionSchema, AuthorizationCodeSchema, RefreshTokenSchema]) {
      await em.getRepository<{ tenant_id: string; client_id: string }>(schema).delete({ tenant_id: tenantId, client_id: clientId });
    }
  }
}
