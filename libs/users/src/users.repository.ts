import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { OffsetPage } from '@gatehouse/http';
import { Cascade, Cascades, listPage } from '@gatehouse/persistence';
import { UserSchema } from '@gatehouse/schemas';
import { User, userFromRow, userToRow } from './user.model';

/** A user is deleted: what hangs off it in other libs (refresh tokens, login sessions) goes with it. */
export const USER_DELETED = new Cascade<{ tenantId: string; userId: string }>('user deleted');

/**
 * Every method takes the tenant id: no query can see another tenant's users. A user's grants go with
 * it (foreign key, migrations/identities-ddl.ts). The password hash is read only by `passwordHash`.
 */
@Injectable()
export class UsersRepository {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(Cascades) private readonly cascades: Cascades,
  ) {}

  private repo(em?: EntityManager) {
    return (em ?? this.ds.manager).getRepository(UserSchema);
  }

  async find(tenantId: string, userId: string): Promise<User | undefined> {
    const row = await this.repo().findOneBy({ tenant_id: tenantId, user_id: userId });
    return row ? userFromRow(row) : undefined;
  }

  /** A connection's user by (lower-cased) email or by username. */
  async findByLogin(tenantId: string, connectionId: string, login: { email: string } | { username: string }): Promise<User | undefined> {
    const row = await this.repo().findOneBy({ tenant_id: tenantId, connection_id: connectionId, ...login });
    return row ? userFromRow(row) : undefined;
  }

  async passwordHash(tenantId: string, userId: string): Promise<string | undefined> {
    const row = await this.repo().findOne({ select: { password_hash: true }, where: { tenant_id: tenantId, user_id: userId } });
    return row?.password_hash ?? undefined;
  }

  /** Throws the database's unique violation when the id, the email or the username is taken. */
  async insert(user: User, passwordHash: string): Promise<void> {
    await this.repo().insert(userToRow(user, passwordHash));
  }

  /** Stores the user as it now is; `passwordHash` only when the password changed. */
  async update(user: User, passwordHash?: string): Promise<void> {
    const { email, username, body, updated_at } = userToRow(user, null);
    await this.repo().update({ tenant_id: user.tenantId, user_id: user.userId }, {
      email,
      username,
      body,
      updated_at,
      ...(passwordHash ? { password_hash: passwordHash } : {}),
    } as never);
  }

  /**
   * The users of a connection being deleted: each goes as a deleted user does (USER_DELETED), inside the
   * connection's transaction; the rows themselves go with the connection (foreign key).
   */
  async deleteOfConnection(tenantId: string, connectionId: string, em: EntityManager): Promise<void> {
    const rows = await this.repo(em).find({ select: { user_id: true }, where: { tenant_id: tenantId, connection_id: connectionId } });
    for (const { user_id: userId } of rows) await this.cascades.run(USER_DELETED, em, { tenantId, userId });
    await this.repo(em).delete({ tenant_id: tenantId, connection_id: connectionId });
  }

  /** Deletes the user and everything that hangs off it (USER_DELETED), in one transaction. */
  async delete(tenantId: string, userId: string): Promise<boolean> {
    return this.ds.transaction(async (em) => {
      await this.cascades.run(USER_DELETED, em, { tenantId, userId });
      const res = await this.repo(em).delete({ tenant_id: tenantId, user_id: userId });
      return (res.affected ?? 0) > 0;
    });
  }

  /** One offset page ordered (created_at, user_id), optionally within one connection. */
  async list(tenantId: string, connectionId: string | undefined, p: OffsetPage): Promise<{ users: User[]; total: number }> {
    const filtered = () => {
      const q = this.repo().createQueryBuilder('u').where('u.tenant_id = :tid', { tid: tenantId });
      if (connectionId !== undefined) q.andWhere('u.connection_id = :cid', { cid: connectionId });
      return q;
    };
    const { rows, total } = await listPage(filtered, 'u', 'user_id', p);
    return { users: rows.map(userFromRow), total };
  }
}
