import type { UserRow } from '@gatehouse/schemas';
import { identityUserId, User, userFromRow, userToRow } from './user.model';

const row = (over: Partial<UserRow>): UserRow => ({
  tenant_id: 't1',
  user_id: 'auth0|64f0c0ffee0000000000beef',
  connection_id: 'con_0000000000000001',
  email: 'ada@example.com',
  username: null,
  password_hash: 'scrypt$16384$8$1$c2FsdA$a2V5',
  body: { email_verified: false, name: 'ada@example.com', nickname: 'ada' },
  created_at: '2026-11-01T00:00:00.000Z',
  updated_at: '2026-11-01T00:00:00.000Z',
  ...over,
});

describe('userFromRow: the one place a stored user becomes a User', () => {
  it.each<[string, UserRow, Partial<User>]>([
    [
      'a database user',
      row({}),
      { userId: 'auth0|64f0c0ffee0000000000beef', email: 'ada@example.com', profile: { email_verified: false, name: 'ada@example.com', nickname: 'ada' } },
    ],
    ['with a username', row({ username: 'ada' }), { username: 'ada' }],
  ])('%s', (_name, r, expected) => {
    expect(userFromRow(r)).toMatchObject(expected);
  });

  it('never carries the password hash, and leaves unset columns out', () => {
    const user = userFromRow(row({ email: null }));
    expect(JSON.stringify(user)).not.toContain('scrypt');
    expect(user).not.toHaveProperty('email');
    expect(user).not.toHaveProperty('username');
  });

  it('refuses a stored user that is not a database user', () => {
    expect(() => userFromRow(row({ user_id: 'github|1' }))).toThrow(/user github\|1/);
  });

  it.each<[string, UserRow]>([
    ['a bare user', row({})],
    ['every column set', row({ username: 'ada', body: { blocked: true, user_metadata: { a: 1 }, app_metadata: { plan: 'x' }, given_name: 'Ada' } })],
    ['no password', row({ password_hash: null })],
  ])('userToRow is its inverse: %s', (_name, r) => {
    expect(userToRow(userFromRow(r), r.password_hash)).toEqual(r);
  });

  it.each([
    ['auth0|abc', 'abc'],
    ['auth0|a|b', 'a|b'],
  ])('identityUserId(%p) = %p', (id, inner) => {
    expect(identityUserId(id)).toBe(inner);
  });
});
