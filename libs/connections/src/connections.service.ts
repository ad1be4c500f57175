import { Inject, Injectable } from '@nestjs/common';
import { ClientsReader } from '@gatehouse/clients';
import {
  Auth0Error,
  badQuery,
  checkpointResponse,
  ErrorCode,
  intParam,
  MAX_PER_PAGE,
  DEFAULT_PER_PAGE,
  decodeCursor,
  offsetResponse,
  parsePagination,
  parseProjection,
  project,
  QueryValue,
} from '@gatehouse/http';
import { base62, isUniqueViolation } from '@gatehouse/persistence';
import { PASSWORD_POLICIES } from '@gatehouse/policy';
import { Clock } from '@gatehouse/tenancy';
import type { components } from '@gatehouse/contract';
import { CreateConnectionDto, GetConnectionQuery, ListConnectionsQuery, ListEnabledClientsQuery, metadataProblem, UpdateConnectionDto } from './connection.dto';
import { ConnectionBody, ConnectionListItemBody, toConnectionListItem, toConnectionResponse } from './connection.mapper';
import { Connection, CONNECTION_STRATEGIES, ConnectionProperties, EMULATED_STRATEGIES, EmulatedStrategy } from './connection.model';
import { ConnectionsRepository } from './connections.repository';

export type ConnectionList = Partial<ConnectionListItemBody>[] | Record<string, unknown>;
export type EnabledClientsPage = components['schemas']['ConnectionEnabledClientsPage'];

/** Auth0's limit on one PATCH /connections/{id}/clients. */
export const ENABLED_CLIENTS_PER_PATCH = 50;

const PROPERTIES = [
  'display_name',
  'realms',
  'show_as_button',
  'metadata',
  'authentication',
  'connected_accounts',
] as const satisfies readonly (keyof ConnectionProperties)[];

export const newConnectionId = (): string => `con_${base62(16)}`;

function bad(message: string): Auth0Error {
  return new Auth0Error(ErrorCode.InvalidBody, `Payload validation error: ${message}`);
}

/** What Auth0 checks in a database connection's options (the rest of `options` is kept as sent). */
function checkOptions(options: Record<string, unknown> | undefined): void {
  if (!options) return;
  const { passwordPolicy, requires_username, password_complexity_options: complexity } = options;
  if (passwordPolicy !== undefined && passwordPolicy !== null && !(PASSWORD_POLICIES as readonly unknown[]).includes(passwordPolicy)) {
    throw bad(`'No enum match for: ${JSON.stringify(passwordPolicy)}' on property options.passwordPolicy.`);
  }
  if (requires_username !== undefined && typeof requires_username !== 'boolean') throw bad(`'Expected type boolean' on property options.requires_username.`);
  if (complexity !== undefined && complexity !== null) {
    const min = (complexity as { min_length?: unknown }).min_length;
    if (typeof complexity !== 'object' || Array.isArray(complexity)) throw bad(`'Expected type object' on property options.password_complexity_options.`);
    if (min !== undefined && (typeof min !== 'number' || !Number.isInteger(min) || min < 1 || min > 128)) {
      throw bad(`'Expected an integer from 1 to 128' on property options.password_complexity_options.min_length.`);
    }
  }
}

function checkMetadata(metadata: Record<string, unknown> | undefined): void {
  const problem = metadataProblem(metadata);
  if (problem) throw bad(`${problem}.`);
}

function inexistent(): Auth0Error {
  return new Auth0Error(ErrorCode.InexistentConnection, 'The connection does not exist');
}

/** A query parameter given at most once. */
function once(query: Record<string, QueryValue | undefined>, k: string): string | undefined {
  const v = query[k];
  if (v !== undefined && typeof v !== 'string') badQuery(`'${k}' must be given once.`);
  return v;
}

@Injectable()
export class ConnectionsService {
  constructor(
    @Inject(ConnectionsRepository) private readonly connections: ConnectionsRepository,
    @Inject(ClientsReader) private readonly clients: ClientsReader,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  private async mustFind(tenantId: string, id: string): Promise<Connection> {
    const connection = await this.connections.find(tenantId, id);
    if (!connection) throw inexistent();
    return connection;
  }

  /** Every client id must be one of the tenant's applications. */
  private async checkClients(tenantId: string, clientIds: readonly string[]): Promise<void> {
    const known = await this.clients.names(tenantId, clientIds);
    const unknown = clientIds.find((id) => !known.has(id));
    if (unknown !== undefined) throw new Auth0Error(ErrorCode.InexistentClient, `The client does not exist: ${unknown}`);
  }

  async create(tenantId: string, dto: CreateConnectionDto): Promise<ConnectionBody> {
    if (!(EMULATED_STRATEGIES as readonly string[]).includes(dto.strategy)) {
      throw bad(
        `'Gatehouse emulates only database connections (strategy ${EMULATED_STRATEGIES.join(', ')}); ${dto.strategy} is not supported.' on property strategy.`,
      );
    }
    checkOptions(dto.options);
    checkMetadata(dto.metadata);
    const enabledClients = [...new Set(dto.enabled_clients ?? [])];
    await this.checkClients(tenantId, enabledClients);
    const properties: ConnectionProperties = {
      options: dto.options ?? {},
      ...Object.fromEntries(PROPERTIES.filter((k) => dto[k] !== undefined).map((k) => [k, dto[k]])),
    };
    const connection: Connection = {
      id: newConnectionId(),
      tenantId,
      name: dto.name,
      strategy: dto.strategy as EmulatedStrategy,
      isDomainConnection: dto.is_domain_connection ?? false,
      createdAt: this.clock.now().toISOString(),
      properties,
    };
    try {
      await this.connections.insert(connection, enabledClients);
    } catch (e) {
      if (isUniqueViolation(e)) throw new Auth0Error(ErrorCode.ConnectionConflict, 'A connection with the same name already exists');
      throw e;
    }
    return toConnectionResponse(connection, enabledClients);
  }

  async list(tenantId: string, query: ListConnectionsQuery): Promise<ConnectionList> {
    const page = parsePagination({ ...query });
    const projection = parseProjection({ ...query });
    const strategies = query.strategy === undefined ? [] : [query.strategy].flat();
    const unknown = strategies.find((s) => !(CONNECTION_STRATEGIES as readonly string[]).includes(s));
    if (unknown !== undefined) badQuery(`'No enum match for: ${JSON.stringify(unknown)}' on property strategy.`);
    const name = once({ ...query }, 'name');
    const { connections, total } = await this.connections.list(tenantId, { strategies, ...(name !== undefined ? { name } : {}) }, page);
    const map = (c: Connection) => project(toConnectionListItem(c), projection);
    if (page.kind === 'checkpoint') return checkpointResponse('connections', page, connections, (c) => ({ createdAt: c.createdAt, id: c.id }), map);
    return offsetResponse('connections', page, connections.map(map), total);
  }

  async get(tenantId: string, id: string, query: GetConnectionQuery): Promise<Partial<ConnectionBody>> {
    const connection = await this.mustFind(tenantId, id);
    return project(toConnectionResponse(connection, await this.connections.enabledClients(tenantId, id)), parseProjection({ ...query }));
  }

  /**
   * Auth0's PATCH: `options` is replaced whole (`null` empties it), `enabled_clients` replaces the set
   * (`null` empties it), the other properties are replaced one by one. `name` and `strategy` are fixed.
   */
  async update(tenantId: string, id: string, dto: UpdateConnectionDto): Promise<ConnectionBody> {
    const connection = await this.mustFind(tenantId, id);
    checkOptions(dto.options ?? undefined);
    checkMetadata(dto.metadata);
    const enabledClients = dto.enabled_clients === undefined ? undefined : [...new Set(dto.enabled_clients ?? [])];
    if (enabledClients) await this.checkClients(tenantId, enabledClients);
    const properties: Record<string, unknown> = { ...connection.properties };
    if (dto.options !== undefined) properties.options = dto.options ?? {};
    for (const k of PROPERTIES) if (dto[k] !== undefined) properties[k] = dto[k];
    const next: Connection = { ...connection, isDomainConnection: dto.is_domain_connection ?? connection.isDomainConnection, properties };
    await this.connections.update(next, enabledClients, this.clock.now().toISOString());
    return toConnectionResponse(next, enabledClients ?? (await this.connections.enabledClients(tenantId, id)));
  }

  /** Its users go with it, each as a deleted user (USER_DELETED), and their grants. */
  async remove(tenantId: string, id: string): Promise<void> {
    if (!(await this.connections.delete(tenantId, id))) throw inexistent();
  }

  /** GET /connections/{id}/clients: Auth0's current form, `{clients: [{client_id}], next}` by checkpoint. */
  async enabledClients(tenantId: string, id: string, query: ListEnabledClientsQuery): Promise<EnabledClientsPage> {
    await this.mustFind(tenantId, id);
    const q = { ...query };
    const from = once(q, 'from');
    const page = { kind: 'checkpoint' as const, after: from ? decodeCursor(from) : undefined, take: intParam(q, 'take', 1, MAX_PER_PAGE) ?? DEFAULT_PER_PAGE };
    const rows = await this.connections.enabledClientsPage(tenantId, id, page);
    return checkpointResponse(
      'clients',
      page,
      rows,
      (r) => ({ createdAt: r.createdAt, id: r.clientId }),
      (r) => ({ client_id: r.clientId }),
    ) as EnabledClientsPage;
  }

  /** PATCH /connections/{id}/clients: `[{client_id, status}]`, at most 50, each client enabled (true) or disabled (false). */
  async changeEnabledClients(tenantId: string, id: string, body: unknown): Promise<void> {
    if (!Array.isArray(body)) throw bad(`'Expected type array but found type ${body === null ? 'null' : typeof body}'.`);
    if (body.length === 0) throw bad(`'Array is too short (0), minimum 1'.`);
    if (body.length > ENABLED_CLIENTS_PER_PATCH) throw bad(`'Array is too long (${body.length}), maximum ${ENABLED_CLIENTS_PER_PATCH}'.`);
    const changes = new Map<string, boolean>();
    body.forEach((item: unknown, i) => {
      if (!item || typeof item !== 'object' || Array.isArray(item)) throw bad(`'Expected type object' on property [${i}].`);
      const { client_id, status, ...extra } = item as Record<string, unknown>;
      const unknownKey = Object.keys(extra)[0];
      if (unknownKey !== undefined) throw bad(`'Additional properties not allowed: ${unknownKey}' on property [${i}].`);
      if (typeof client_id !== 'string' || client_id.length === 0) throw bad(`'Expected a non-empty string' on property [${i}].client_id.`);
      if (typeof status !== 'boolean') throw bad(`'Expected type boolean' on property [${i}].status.`);
      changes.set(client_id, status);
    });
    await this.mustFind(tenantId, id);
    await this.checkClients(tenantId, [...changes.keys()]);
    await this.connections.changeClients(tenantId, id, changes, this.clock.now().toISOString());
  }
}
