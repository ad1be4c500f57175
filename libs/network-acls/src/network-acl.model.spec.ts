import type { NetworkAclRow } from '@gatehouse/schemas';
import { toNetworkAclResponse } from './network-acl.mapper';
import { aclRuleOf, networkAclFromRow, networkAclToRow } from './network-acl.model';

const row = (rule: unknown, over: Partial<NetworkAclRow> = {}): NetworkAclRow => ({
  id: 'acl_0000000000000001',
  tenant_id: 't1',
  priority: 2,
  active: true,
  description: 'd',
  rule: rule as NetworkAclRow['rule'],
  created_at: '2026-11-01T00:00:00.000Z',
  ...over,
});

describe('aclRuleOf: the one place a rule as Auth0 writes it becomes the typed rule', () => {
  it.each<[string, unknown, unknown]>([
    [
      'block with a match',
      { action: { block: true }, match: { ipv4_cidrs: ['203.0.113.0/24'] }, scope: 'management' },
      { action: { block: true }, match: { ipv4_cidrs: ['203.0.113.0/24'] }, scope: 'management' },
    ],
    [
      'log with not_match',
      { action: { log: true }, not_match: { geo_country_codes: ['DE'], user_agents: ['curl'] }, scope: 'tenant' },
      { action: { log: true }, not_match: { geo_country_codes: ['DE'], user_agents: ['curl'] }, scope: 'tenant' },
    ],
    [
      'empty lists stay, absent lists stay absent',
      { action: { allow: true }, match: { ipv6_cidrs: [] }, scope: 'dcr' },
      { action: { allow: true }, match: { ipv6_cidrs: [] }, scope: 'dcr' },
    ],
    ['only actions set to true', { action: { block: true, allow: false }, scope: 'authentication' }, { action: { block: true }, scope: 'authentication' }],
    ['no action at all', { scope: 'dcr' }, { action: {}, scope: 'dcr' }],
  ])('%s', (_name, json, expected) => {
    expect(aclRuleOf(json)).toEqual(expected);
  });

  it.each([[{ action: { block: true }, scope: 'everything' }], [{ action: { block: true } }], [null]])('refuses a rule without a known scope: %p', (json) => {
    expect(() => aclRuleOf(json)).toThrow(/not a scope/);
  });
});

describe('networkAclFromRow / networkAclToRow / toNetworkAclResponse', () => {
  const stored = row({ action: { block: true }, match: { ipv4_cidrs: ['198.51.100.7'] }, scope: 'management' });

  it('reads every column once', () => {
    expect(networkAclFromRow(stored)).toEqual({
      id: 'acl_0000000000000001',
      tenantId: 't1',
      priority: 2,
      active: true,
      description: 'd',
      rule: { action: { block: true }, match: { ipv4_cidrs: ['198.51.100.7'] }, scope: 'management' },
      createdAt: '2026-11-01T00:00:00.000Z',
    });
  });

  it('stores what it read', () => {
    expect(networkAclToRow(networkAclFromRow(stored))).toEqual(stored);
  });

  it('answers in the API shape', () => {
    expect(toNetworkAclResponse(networkAclFromRow(stored))).toEqual({
      id: 'acl_0000000000000001',
      description: 'd',
      active: true,
      priority: 2,
      rule: { action: { block: true }, match: { ipv4_cidrs: ['198.51.100.7'] }, scope: 'management' },
      created_at: '2026-11-01T00:00:00.000Z',
    });
  });
});
