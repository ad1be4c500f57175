import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { CheckpointPage, Pagination } from '@gatehouse/http';
import { Cascade, Cascades, listPage } from '@gatehouse/persistence';
import { ConnectionClientSchema, ConnectionSchema } from '@gatehouse/schemas';
import { Connection, connectionFromRow, connectionToRow } from './connection.model';

/** The filters of GET /api/v2/connections, each optional. */
export interface ConnectionFilters {
  strategies?: readonly string[];
  name?: string;
}

/**
 * A connection is deleted: its users go with it, and with each user what hangs off it in other libs
 * (libs/users runs USER_DELETED for each: refresh tokens, codes, sessions, pending authorizations).
 */
export const CONNECTION_DELETED = new Cascade<{ tenantId: string; connectionId: string }>('connection deleted');

/**
 * Every method takes the tenant id: no query can see another tenant's connections. Deleting a connection
 * runs CONNECTION_DELETED and then deletes its users and their grants with it (foreign keys,
 * migrations/identities-ddl.ts), in one transaction.
 */
@Injectable()
export class ConnectionsRepository {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(Cascades) private readonly cascades: Cascades,
  ) {}

  private repo(em?: EntityManager) {
    return (em ?? this.ds.manager).getRepository(ConnectionSchema);
  }

  private clients(em?: EntityManager) {
    return (em ?? this.ds.manager).getRepository(ConnectionClientSchema);
  }

  async find(tenantId: string, id: string): Promise<Connection | undefined> {
    const row = await this.repo().findOneBy({ tenant_id: tenantId, id });
    return row ? connectionFromRow(row) : undefined;
  }

  async findByName(tenantId: string, name: string, em?: EntityManager): Promise<Connection | undefined> {
    const row = await this.repo(em).findOneBy({ tenant_id: tenantId, name });
    return row ? connectionFromRow(row) : undefined;
  }

  /** The connection and its enabled clients, at once. Throws the database's unique violation on a taken name. */
  async insert(connection: Connection, enabledClients: readonly string[], em?: EntityManager): Promise<void> {
    const write = async (tx: EntityManager) => {
      await this.repo(tx).insert(connectionToRow(connection));
      await this.addClients(tx, connection.tenantId, connection.id, enabledClients, connection.createdAt);
    };
    if (em) await write(em);
    else await this.ds.transaction(write);
  }

  /** Stores what a PATCH may change; `enabledClients`, when given, replaces the whole set. */
  async update(connection: Connection, enabledClients: readonly string[] | undefined, now: string): Promise<void> {
    const { is_domain_connection, body } = connectionToRow(connection);
    await this.ds.transaction(async (tx) => {
      await this.repo(tx).update({ tenant_id: connection.tenantId, id: connection.id }, { is_domain_connection, body } as never);
      if (enabledClients) {
        await this.clients(tx).delete({ tenant_id: connection.tenantId, connection_id: connection.id });
        await this.addClients(tx, connection.tenantId, connection.id, enabledClients, now);
      }
    });
  }

  async delete(tenantId: string, id: string): Promise<boolean> {
    return this.ds.transaction(async (em) => {
      if (!(await this.repo(em).existsBy({ tenant_id: tenantId, id }))) return false;
      await this.cascades.run(CONNECTION_DELETED, em, { tenantId, connectionId: id });
      const res = await this.repo(em).delete({ tenant_id: tenantId, id });
      return (res.affected ?? 0) > 0;
    });
  }

  /** One page, by keyset for checkpoints and by offset for page/per_page, ordered (created_at, id). */
  async list(tenantId: string, f: ConnectionFilters, p: Pagination): Promise<{ connections: Connection[]; total: number }> {
    const filtered = () => {
      const q = this.repo().createQueryBuilder('c').where('c.tenant_id = :tid', { tid: tenantId });
      if (f.strategies?.length) q.andWhere('c.strategy IN (:...strategies)', { strategies: f.strategies });
      if (f.name !== undefined) q.andWhere('c.name = :name', { name: f.name });
      return q;
    };
    const { rows, total } = await listPage(filtered, 'c', 'id', p);
    return { connections: rows.map(connectionFromRow), total };
  }

  /**
   * Every connection of the tenant, each with whether it is enabled for `clientId` (what a login page
   * offers is decided from this by the policy's loginConnections).
   */
  async forClient(tenantId: string, clientId: string): Promise<(Connection & { enabledForClient: boolean })[]> {
    const [rows, enabled] = await Promise.all([
      this.repo().find({ where: { tenant_id: tenantId }, order: { created_at: 'ASC', id: 'ASC' } }),
      this.clients().findBy({ tenant_id: tenantId, client_id: clientId }),
    ]);
    const on = new Set(enabled.map((r) => r.connection_id));
    return rows.map((row) => ({ ...connectionFromRow(row), enabledForClient: on.has(row.id) }));
  }

  /** Every client the connection is enabled for, in the order they were enabled. */
  async enabledClients(tenantId: string, connectionId: string): Promise<string[]> {
    const rows = await this.clients().find({ where: { tenant_id: tenantId, connection_id: connectionId }, order: { created_at: 'ASC', client_id: 'ASC' } });
    return rows.map((r) => r.client_id);
  }

  /** A checkpoint page of enabled clients (take + 1 rows, keyed by when each was enabled, then client id). */
  async enabledClientsPage(tenantId: string, connectionId: string, p: CheckpointPage): Promise<{ clientId: string; createdAt: string }[]> {
    const { rows } = await listPage(
      () => this.clients().createQueryBuilder('e').where('e.tenant_id = :tid AND e.connection_id = :cid', { tid: tenantId, cid: connectionId }),
      'e',
      'client_id',
      p,
    );
    return rows.map((r) => ({ clientId: r.client_id, createdAt: r.created_at }));
  }

  /** Enables (`true`) or disables (`false`) the connection for each client, at once. */
  async changeClients(tenantId: string, connectionId: string, changes: ReadonlyMap<string, boolean>, now: string): Promise<void> {
    const enable = [...changes].filter(([, on]) => on).map(([id]) => id);
    const disable = [...changes].filter(([, on]) => !on).map(([id]) => id);
    await this.ds.transaction(async (tx) => {
      if (disable.length) await this.clients(tx).delete({ tenant_id: tenantId, connection_id: connectionId, client_id: In(disable) });
      const present = new Set(
        enable.length
          ? (await this.clients(tx).findBy({ tenant_id: tenantId, connection_id: connectionId, client_id: In(enable) })).map((r) => r.client_id)
          : [],
      );
      await this.addClients(
        tx,
        tenantId,
        connectionId,
        enable.filter((id) => !present.has(id)),
        now,
      );
    });
  }

  private async addClients(tx: EntityManager, tenantId: string, connectionId: string, clientIds: readonly string[], now: string): Promise<void> {
    const unique = [...new Set(clientIds)];
    if (unique.length)
      await this.clients(tx).insert(unique.map((client_id) => ({ tenant_id: tenantId, connection_id: connectionId, client_id, created_at: now })));
  }
}
