import { createHash, randomBytes } from 'crypto';
import { Inject, Injectable } from '@nestjs/common';
import { Connection, ConnectionsReader, databaseRules } from '@gatehouse/connections';
import { Auth0Error, badQuery, ErrorCode, parsePagination, parseProjection, project } from '@gatehouse/http';
import { isUniqueViolation } from '@gatehouse/persistence';
import { passwordAccepted } from '@gatehouse/policy';
import { Clock } from '@gatehouse/tenancy';
import { hashPassword } from './password-hash';
import { CreateUserDto, GetUserQuery, ListUsersQuery, UpdateUserDto } from './user.dto';
import { toUserResponse, UserBody } from './user.mapper';
import { databaseUserId, PROFILE_PROPERTIES, User, UserProfile } from './user.model';
import { UsersRepository } from './users.repository';

/** A list answer: a bare array, or Auth0's users page `{start, limit, length, total, users}`. */
export type UserList = Partial<UserBody>[] | Record<string, unknown>;

/** Auth0's search engines: accepted, and all the same here (no `q`). */
const SEARCH_ENGINES = ['v1', 'v2', 'v3'];

function bad(message: string): Auth0Error {
  return new Auth0Error(ErrorCode.InvalidBody, message);
}

function missing(property: string): Auth0Error {
  return bad(`Payload validation error: 'Missing required property: ${property}'.`);
}

const inexistent = () => new Auth0Error(ErrorCode.InexistentUser, 'The user does not exist.');
const exists = () => new Auth0Error(ErrorCode.UserExists, 'The user already exists.');
const weak = () => new Auth0Error(ErrorCode.InvalidPassword, 'PasswordStrengthError: Password is too weak');

/** Auth0's default picture: the email's Gravatar, falling back to Auth0's initials avatar. */
export function defaultPicture(email: string): string {
  const hash = createHash('md5').update(email.trim().toLowerCase()).digest('hex');
  const initials =
    email
      .replace(/[^a-z0-9]/gi, '')
      .slice(0, 2)
      .toLowerCase() || 'u';
  return `https://s.gravatar.com/avatar/${hash}?s=480&r=pg&d=${encodeURIComponent(`https://cdn.auth0.com/avatars/${initials}.png`)}`;
}

/** Auth0's metadata PATCH: merged into what is stored at the top level, a `null` value removes that key. */
function mergeMetadata(stored: Record<string, unknown> | undefined, patch: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...(stored ?? {}) };
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete merged[k];
    else merged[k] = v;
  }
  return merged;
}

@Injectable()
export class UsersService {
  constructor(
    @Inject(UsersRepository) private readonly users: UsersRepository,
    @Inject(ConnectionsReader) private readonly connections: ConnectionsReader,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /** The connection's name for each of `users` (their identities name it). */
  private async connectionNames(tenantId: string, users: readonly User[]): Promise<Map<string, string>> {
    const ids = [...new Set(users.map((u) => u.connectionId))];
    const found = await Promise.all(ids.map((id) => this.connections.find(tenantId, id)));
    return new Map(found.filter((c): c is Connection => !!c).map((c) => [c.id, c.name]));
  }

  private async respond(tenantId: string, user: User): Promise<UserBody> {
    const names = await this.connectionNames(tenantId, [user]);
    return toUserResponse(user, names.get(user.connectionId) ?? '');
  }

  private async mustFind(tenantId: string, userId: string): Promise<User> {
    const user = await this.users.find(tenantId, userId);
    if (!user) throw inexistent();
    return user;
  }

  private checkPassword(connection: Connection, password: string): void {
    const rules = databaseRules(connection);
    if (!passwordAccepted(password, rules.passwordPolicy, rules.passwordMinLength)) throw weak();
  }

  async create(tenantId: string, dto: CreateUserDto): Promise<UserBody> {
    const connection = await this.connections.findByName(tenantId, dto.connection);
    // Auth0 answers 400 here: the connection is named in the body, not the path.
    if (!connection) throw new Auth0Error(ErrorCode.InexistentConnection, 'The connection does not exist.', {}, 400);
    if (dto.email === undefined) throw missing('email');
    if (dto.password === undefined) throw missing('password');
    const rules = databaseRules(connection);
    if (dto.username !== undefined && !rules.requiresUsername) throw bad('Cannot set username for connection without requires_username');
    if (dto.username === undefined && rules.requiresUsername) throw missing('username');
    this.checkPassword(connection, dto.password);
    const email = dto.email.toLowerCase();
    const now = this.clock.now().toISOString();
    const profile: UserProfile = {
      email_verified: false,
      name: email,
      nickname: email.split('@')[0]!,
      picture: defaultPicture(email),
      ...Object.fromEntries(PROFILE_PROPERTIES.filter((k) => dto[k] !== undefined).map((k) => [k, dto[k]])),
    };
    const user: User = {
      tenantId,
      userId: databaseUserId(dto.user_id ?? randomBytes(12).toString('hex')),
      connectionId: connection.id,
      email,
      ...(dto.username !== undefined ? { username: dto.username } : {}),
      createdAt: now,
      updatedAt: now,
      profile,
    };
    try {
      await this.users.insert(user, await hashPassword(dto.password));
    } catch (e) {
      if (isUniqueViolation(e)) throw exists();
      throw e;
    }
    return toUserResponse(user, connection.name);
  }

  async list(tenantId: string, query: ListUsersQuery): Promise<UserList> {
    for (const k of ['from', 'take'] as const) if (query[k] !== undefined) badQuery(`'Additional properties not allowed: ${k}'.`);
    const page = parsePagination({ ...query });
    if (page.kind !== 'offset') throw new Error('unreachable: users have offset pagination only');
    const projection = parseProjection({ ...query });
    const { connection: connectionName, search_engine: engine } = query;
    if (engine !== undefined && (typeof engine !== 'string' || !SEARCH_ENGINES.includes(engine)))
      badQuery(`'No enum match for: ${JSON.stringify(engine)}' on property search_engine.`);
    if (connectionName !== undefined && typeof connectionName !== 'string') badQuery(`'connection' must be given once.`);
    let connectionId: string | undefined;
    if (connectionName) {
      const connection = await this.connections.findByName(tenantId, connectionName);
      if (!connection) return page.includeTotals ? { start: page.page * page.perPage, limit: page.perPage, length: 0, total: 0, users: [] } : [];
      connectionId = connection.id;
    }
    const { users, total } = await this.users.list(tenantId, connectionId, page);
    const names = await this.connectionNames(tenantId, users);
    const items = users.map((u) => project(toUserResponse(u, names.get(u.connectionId) ?? ''), projection));
    if (!page.includeTotals) return items;
    return { start: page.page * page.perPage, limit: page.perPage, length: items.length, total, users: items };
  }

  async get(tenantId: string, userId: string, query: GetUserQuery): Promise<Partial<UserBody>> {
    return project(await this.respond(tenantId, await this.mustFind(tenantId, userId)), parseProjection({ ...query }));
  }

  /**
   * Auth0's PATCH: metadata merged (a `null` value removes a key), the other properties replaced (`null`
   * removes them), a new email unverified unless `email_verified` says otherwise, a new password checked
   * against the connection's policy. Email and password cannot change in one request.
   */
  async update(tenantId: string, userId: string, dto: UpdateUserDto): Promise<UserBody> {
    const user = await this.mustFind(tenantId, userId);
    const connection = await this.connections.find(tenantId, user.connectionId);
    if (!connection) throw inexistent();
    if (dto.connection !== undefined && dto.connection !== connection.name) {
      throw new Auth0Error(ErrorCode.InexistentConnection, 'The user does not have an identity in this connection.', {}, 400);
    }
    if (dto.email !== undefined && dto.password !== undefined) throw bad('Cannot update password and email simultaneously');
    if (dto.username !== undefined && !databaseRules(connection).requiresUsername) throw bad('Cannot set username for connection without requires_username');
    if (dto.password !== undefined) this.checkPassword(connection, dto.password);
    const profile: Record<string, unknown> = { ...user.profile };
    for (const k of PROFILE_PROPERTIES) {
      const v = dto[k as keyof UpdateUserDto];
      if (k === 'user_metadata' || k === 'app_metadata') {
        if (v !== undefined) profile[k] = mergeMetadata(user.profile[k], v as Record<string, unknown>);
      } else if (v === null) delete profile[k];
      else if (v !== undefined) profile[k] = v;
    }
    const email = dto.email?.toLowerCase();
    if (email !== undefined && email !== user.email && dto.email_verified === undefined) profile.email_verified = false;
    const next: User = {
      ...user,
      ...(email !== undefined ? { email } : {}),
      ...(dto.username !== undefined ? { username: dto.username } : {}),
      updatedAt: this.clock.now().toISOString(),
      profile,
    };
    try {
      await this.users.update(next, dto.password !== undefined ? await hashPassword(dto.password) : undefined);
    } catch (e) {
      if (isUniqueViolation(e)) throw exists();
      throw e;
    }
    return toUserResponse(next, connection.name);
  }

  /** Its grants go with it. */
  async remove(tenantId: string, userId: string): Promise<void> {
    if (!(await this.users.delete(tenantId, userId))) throw inexistent();
  }
}
