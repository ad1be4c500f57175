import type { UserRow } from '@gatehouse/schemas';

/** Auth0's provider prefix of database users' ids: `auth0|<id>`. */
export const DATABASE_PROVIDER = 'auth0';

/** Auth0's profile properties of a user that carry no rule here: kept and echoed once set. */
export interface UserProfile {
  email_verified?: boolean;
  phone_number?: string;
  phone_verified?: boolean;
  name?: string;
  nickname?: string;
  picture?: string;
  given_name?: string;
  family_name?: string;
  blocked?: boolean;
  user_metadata?: Record<string, unknown>;
  app_metadata?: Record<string, unknown>;
}

export const PROFILE_PROPERTIES = [
  'email_verified',
  'phone_number',
  'phone_verified',
  'name',
  'nickname',
  'picture',
  'given_name',
  'family_name',
  'blocked',
  'user_metadata',
  'app_metadata',
] as const satisfies readonly (keyof UserProfile)[];

/** A database user as the rules see it (STYLE.md, "the seam between storage and rules"). Never its password. */
export interface User {
  tenantId: string;
  /** Auth0's full id, `auth0|<id>`. */
  userId: string;
  connectionId: string;
  /** Lower-cased. */
  email?: string;
  username?: string;
  createdAt: string;
  updatedAt: string;
  profile: Readonly<UserProfile>;
}

/** `auth0|<id>` → `<id>`, the id inside the identity (Auth0's `identities[0].user_id`). */
export function identityUserId(userId: string): string {
  return userId.slice(userId.indexOf('|') + 1);
}

export function databaseUserId(id: string): string {
  return `${DATABASE_PROVIDER}|${id}`;
}

/** The one place a stored user becomes a User (the password hash stays in the row). */
export function userFromRow(row: UserRow): User {
  if (!row.user_id.startsWith(`${DATABASE_PROVIDER}|`)) throw new Error(`user ${row.user_id}: not a database user (auth0|…)`);
  return {
    tenantId: row.tenant_id,
    userId: row.user_id,
    connectionId: row.connection_id,
    ...(row.email !== null ? { email: row.email } : {}),
    ...(row.username !== null ? { username: row.username } : {}),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    profile: row.body as UserProfile,
  };
}

/** A User as stored, with its password hash: the inverse of `userFromRow`. */
export function userToRow(u: User, passwordHash: string | null): UserRow {
  return {
    tenant_id: u.tenantId,
    user_id: u.userId,
    connection_id: u.connectionId,
    email: u.email ?? null,
    username: u.username ?? null,
    password_hash: passwordHash,
    body: { ...u.profile },
    created_at: u.createdAt,
    updated_at: u.updatedAt,
  };
}
