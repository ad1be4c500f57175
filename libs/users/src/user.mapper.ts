import type { components } from '@gatehouse/contract';
import { DATABASE_PROVIDER, identityUserId, User } from './user.model';

export type UserBody = components['schemas']['User'];

/**
 * A user as Auth0 returns it: `user_id`, `email`, `created_at`, `updated_at`, one database identity
 * (`{connection, user_id, provider: "auth0", isSocial: false}`), the profile properties once set. Never
 * a password or its hash.
 */
export function toUserResponse(u: User, connectionName: string): UserBody {
  return {
    user_id: u.userId,
    ...(u.email !== undefined ? { email: u.email } : {}),
    ...(u.username !== undefined ? { username: u.username } : {}),
    ...u.profile,
    created_at: u.createdAt,
    updated_at: u.updatedAt,
    identities: [{ connection: connectionName, user_id: identityUserId(u.userId), provider: DATABASE_PROVIDER, isSocial: false }],
  };
}
