import { AclRule, evaluateAcls, invalidCidrs, matches } from './network-acl';

const rule = (id: string, priority: number, action: 'block' | 'allow' | 'log', extra: Partial<AclRule['rule']> = {}, active = true): AclRule => ({
  id,
  priority,
  active,
  rule: { action: { [action]: true }, scope: 'dcr', ...extra },
});

describe('matches', () => {
  it.each([
    [{ ipv4_cidrs: ['10.0.0.0/8'] }, { ip: '10.1.2.3' }, true],
    [{ ipv4_cidrs: ['10.0.0.0/8'] }, { ip: '11.1.2.3' }, false],
    [{ ipv4_cidrs: ['127.0.0.1/32'] }, { ip: '::ffff:127.0.0.1' }, true],
    [{ ipv6_cidrs: ['2001:db8::/32'] }, { ip: '2001:db8::1' }, true],
    [{ ipv6_cidrs: ['2001:db8::/32'] }, { ip: '2001:db9::1' }, false],
    [{ geo_country_codes: ['FR'] }, { ip: '1.1.1.1', country: 'fr' }, true],
    [{ geo_country_codes: ['FR'] }, { ip: '1.1.1.1' }, false],
    [{ user_agents: ['curl'] }, { ip: '1.1.1.1', userAgent: 'curl/8.0' }, true],
    [{ user_agents: ['curl'] }, { ip: '1.1.1.1', userAgent: 'Mozilla' }, false],
    [{}, { ip: '1.1.1.1' }, false],
  ])('%p vs %p → %p', (m, r, out) => expect(matches(m, r)).toBe(out));
});

describe('evaluateAcls', () => {
  const req = { ip: '10.0.0.5', userAgent: 'bot/1' };
  it.each([
    ['no rules', [], 'none', undefined],
    ['a matching block', [rule('a', 1, 'block', { match: { ipv4_cidrs: ['10.0.0.0/8'] } })], 'block', 'a'],
    ['an inactive block', [rule('a', 1, 'block', { match: { ipv4_cidrs: ['10.0.0.0/8'] } }, false)], 'none', undefined],
    [
      'allow before block by priority',
      [rule('b', 2, 'block', { match: { ipv4_cidrs: ['10.0.0.0/8'] } }), rule('a', 1, 'allow', { match: { user_agents: ['bot'] } })],
      'allow',
      'a',
    ],
    [
      'block before allow by priority',
      [rule('b', 1, 'block', { match: { ipv4_cidrs: ['10.0.0.0/8'] } }), rule('a', 2, 'allow', { match: { user_agents: ['bot'] } })],
      'block',
      'b',
    ],
    ['not_match: block everyone outside a range', [rule('a', 1, 'block', { not_match: { ipv4_cidrs: ['192.168.0.0/16'] } })], 'block', 'a'],
    ['not_match spares the range', [rule('a', 1, 'block', { not_match: { ipv4_cidrs: ['10.0.0.0/8'] } })], 'none', undefined],
    ['another scope does not apply', [rule('a', 1, 'block', { match: { ipv4_cidrs: ['10.0.0.0/8'] }, scope: 'management' })], 'none', undefined],
    ['tenant scope applies everywhere', [rule('a', 1, 'block', { match: { ipv4_cidrs: ['10.0.0.0/8'] }, scope: 'tenant' })], 'block', 'a'],
    [
      'log goes on to the next rule',
      [rule('l', 1, 'log', { match: { user_agents: ['bot'] } }), rule('b', 2, 'block', { match: { ipv4_cidrs: ['10.0.0.0/8'] } })],
      'block',
      'b',
    ],
  ] as const)('%s → %s', (_, rules, action, ruleId) => {
    const d = evaluateAcls(rules as unknown as AclRule[], 'dcr', req);
    expect(d.action).toBe(action);
    expect(d.ruleId).toBe(ruleId);
  });
  it('records log rules', () => {
    expect(evaluateAcls([rule('l', 1, 'log', { match: { user_agents: ['bot'] } })], 'dcr', req)).toEqual({ action: 'none', logged: ['l'] });
  });
});

describe('invalidCidrs', () => {
  it.each([
    [{ ipv4_cidrs: ['10.0.0.0/8'], ipv6_cidrs: ['2001:db8::/32'] }, []],
    [{ ipv4_cidrs: ['999.1.1.1/8'] }, ['999.1.1.1/8']],
    [{ ipv6_cidrs: [':::'] }, [':::']],
    [undefined, []],
  ])('%p → %p', (m, out) => expect(invalidCidrs(m)).toEqual(out));
  it('a bad CIDR that slipped in never throws at evaluation', () => {
    expect(matches({ ipv4_cidrs: ['999.1.1.1/8', '10.0.0.0/8'] }, { ip: '10.0.0.1' })).toBe(true);
  });
});
