import type { RuleRow } from '@gatehouse/schemas';
import { toRuleResponse } from './rule.mapper';
import { RULE_NAME_PATTERN, ruleFromRow, ruleToRow } from './rule.model';

const row = (over: Partial<RuleRow>): RuleRow => ({
  id: 'rul_0000000000000001',
  tenant_id: 't1',
  name: 'add roles',
  script: 'function (user, context, callback) { callback(null, user, context); }',
  enabled: true,
  rule_order: 1,
  stage: 'login_success',
  created_at: '2026-11-01T00:00:00.000Z',
  ...over,
});

describe('ruleFromRow: the one place a stored rule becomes a Rule', () => {
  it.each<[string, RuleRow]>([
    ['an enabled rule', row({})],
    ['a disabled rule', row({ enabled: false, rule_order: 7 })],
    ['another stage', row({ stage: 'pre_authorize' })],
  ])('ruleToRow is its inverse: %s', (_name, r) => {
    expect(ruleToRow(ruleFromRow(r))).toEqual(r);
  });

  it('reads a driver that returns the order as a string', () => {
    expect(ruleFromRow(row({ rule_order: '3' as never })).order).toBe(3);
  });

  it('refuses an unknown stage', () => {
    expect(() => ruleFromRow(row({ stage: 'sometimes' }))).toThrow(/rule rul_0000000000000001/);
  });

  it("maps to Auth0's shape", () => {
    expect(toRuleResponse(ruleFromRow(row({})))).toEqual({
      id: 'rul_0000000000000001',
      name: 'add roles',
      script: row({}).script,
      enabled: true,
      order: 1,
      stage: 'login_success',
    });
  });
});

describe("RULE_NAME_PATTERN: Auth0's rule names", () => {
  it.each([
    ['add roles', true],
    ['a', true],
    ['rule-2', true],
    [' leading', false],
    ['trailing-', false],
    ['semi;colon', false],
  ])('%p → %p', (name, ok) => {
    expect(RULE_NAME_PATTERN.test(name)).toBe(ok);
  });
});
