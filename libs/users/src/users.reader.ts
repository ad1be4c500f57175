import { Inject, Injectable } from '@nestjs/common';
import { ConnectionsReader } from '@gatehouse/connections';
import { decoyHash, verifyPassword } from './password-hash';
import { User } from './user.model';
import { UsersRepository } from './users.repository';

/**
 * How other libs (the login page, token issuance) read users: typed `User`s within one tenant, and the
 * one way to check a password. The hash never leaves this lib.
 */
@Injectable()
export class UsersReader {
  constructor(
    @Inject(UsersRepository) private readonly users: UsersRepository,
    @Inject(ConnectionsReader) private readonly connections: ConnectionsReader,
  ) {}

  find(tenantId: string, userId: string): Promise<User | undefined> {
    return this.users.find(tenantId, userId);
  }

  /**
   * The user of connection `connectionName` with this email (or, for connections that require one,
   * username), whatever the password: tells a wrong password from an unknown user in the tenant log,
   * and finds the configured user of the CI test mode.
   */
  async findByLogin(tenantId: string, connectionName: string, login: string): Promise<User | undefined> {
    const connection = await this.connections.findByName(tenantId, connectionName);
    if (!connection) return undefined;
    return (
      (await this.users.findByLogin(tenantId, connection.id, { email: login.toLowerCase() })) ??
      (connection.properties.options?.requires_username === true ? await this.users.findByLogin(tenantId, connection.id, { username: login }) : undefined)
    );
  }

  /**
   * The user of connection `connectionName` whose email (or, for connections that require one,
   * username) and password these are; undefined otherwise, whichever part was wrong. Blocked users are
   * found too: refusing them is the caller's rule.
   */
  async authenticate(tenantId: string, connectionName: string, login: string, password: string): Promise<User | undefined> {
    const user = await this.findByLogin(tenantId, connectionName, login);
    const hash = user ? await this.users.passwordHash(tenantId, user.userId) : undefined;
    // An unknown user costs the same scrypt as a wrong password (no timing oracle on which emails exist).
    const matches = await verifyPassword(password, hash ?? (await decoyHash()));
    return user && hash && matches ? user : undefined;
  }
}
