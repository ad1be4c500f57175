import type { ResourceServerRow } from '@gatehouse/schemas';
import { resourceServerFromRow } from './resource-server.model';

const row = (body: Record<string, unknown>, isSystem = false): ResourceServerRow => ({
  id: 'a'.repeat(24),
  tenant_id: 't1',
  identifier: 'https://api.example/',
  name: 'API',
  is_system: isSystem,
  body,
  created_at: '2026-11-01T00:00:00.000Z',
});

describe('resourceServerFromRow', () => {
  it.each([
    ['no policies stored: the defaults', {}, { user: 'allow_all', client: 'require_client_grant' }],
    ['both stored', { subject_type_authorization: { user: { policy: 'deny_all' }, client: { policy: 'deny_all' } } }, { user: 'deny_all', client: 'deny_all' }],
    [
      'one stored',
      { subject_type_authorization: { user: { policy: 'require_client_grant' } } },
      { user: 'require_client_grant', client: 'require_client_grant' },
    ],
  ])('%s', (_name, body, policies) => {
    expect(resourceServerFromRow(row(body)).policies).toEqual(policies);
  });

  it('reads scope values, the token lifetime and isSystem once', () => {
    const api = resourceServerFromRow(row({ scopes: [{ value: 'read:a', description: 'A' }, { description: 'no value' }], token_lifetime: 600 }, true));
    expect(api).toMatchObject({ scopes: ['read:a'], scopeDescriptions: { 'read:a': 'A' }, tokenLifetime: 600, isSystem: true });
    expect(resourceServerFromRow(row({})).tokenLifetime).toBe(86400);
  });

  it.each([
    ["unset: Auth0's default, 7200", {}, 7200],
    ['stored', { token_lifetime_for_web: 600 }, 600],
    ['longer than token_lifetime: capped by it', { token_lifetime: 3600, token_lifetime_for_web: 7200 }, 3600],
    ['not a number', { token_lifetime_for_web: '600' }, 7200],
  ])('token_lifetime_for_web %s', (_name, body, tokenLifetimeForWeb) => {
    expect(resourceServerFromRow(row(body)).tokenLifetimeForWeb).toBe(tokenLifetimeForWeb);
  });

  it.each([
    ["unset: Auth0's default, no", {}, false],
    ['true', { allow_offline_access: true }, true],
    ['false', { allow_offline_access: false }, false],
    ['not a boolean', { allow_offline_access: 'true' }, false],
  ])('allow_offline_access %s', (_name, body, allowOfflineAccess) => {
    expect(resourceServerFromRow(row(body)).allowOfflineAccess).toBe(allowOfflineAccess);
  });
});
