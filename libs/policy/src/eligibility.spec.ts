import { deriveEligibility, EligibilityEvidence, historyDateRefusal, parseAccountHistory, withEligibility } from './eligibility';
import { SECURITY_MODES_INTRODUCED } from './timeline';

const d = (iso: string) => new Date(iso);
const NOW = d('2026-12-01T00:00:00Z');
const history = (iso: string): EligibilityEvidence => ({ kind: 'recorded_history', since: d(iso) });
const client = (iso: string | null, clientId?: string): EligibilityEvidence => ({
  kind: 'pre_april_third_party_client',
  since: iso === null ? null : d(iso),
  ...(clientId ? { clientId } : {}),
});

describe('deriveEligibility', () => {
  it.each<[string, EligibilityEvidence[], Date, { eligible: boolean; source: string; since: string | null; clientId?: string }]>([
    ['no evidence', [], NOW, { eligible: false, source: 'none', since: null }],
    ['recorded history', [history('2026-02-01T00:00:00Z')], NOW, { eligible: true, source: 'recorded_history', since: '2026-02-01T00:00:00.000Z' }],
    [
      'a pre-April third-party client',
      [client('2026-03-31T23:59:59Z', 'abc')],
      NOW,
      { eligible: true, source: 'pre_april_third_party_client', since: '2026-03-31T23:59:59.000Z', clientId: 'abc' },
    ],
    ['a client created at the introduction does not count', [client('2026-04-01T00:00:00Z', 'abc')], NOW, { eligible: false, source: 'none', since: null }],
    ['a history dated at the introduction does not count', [history('2026-04-01T00:00:00Z')], NOW, { eligible: false, source: 'none', since: null }],
    [
      'the earliest fact is named: history first',
      [client('2026-03-01T00:00:00Z', 'abc'), history('2026-01-01T00:00:00Z')],
      NOW,
      { eligible: true, source: 'recorded_history', since: '2026-01-01T00:00:00.000Z' },
    ],
    [
      'the earliest fact is named: the client first',
      [history('2026-03-01T00:00:00Z'), client('2026-01-01T00:00:00Z', 'abc')],
      NOW,
      { eligible: true, source: 'pre_april_third_party_client', since: '2026-01-01T00:00:00.000Z', clientId: 'abc' },
    ],
    [
      'a tie names the recorded history',
      [client('2026-01-01T00:00:00Z', 'abc'), history('2026-01-01T00:00:00Z')],
      NOW,
      { eligible: true, source: 'recorded_history', since: '2026-01-01T00:00:00.000Z' },
    ],
    [
      'a history the clock has not reached yet does not count',
      [history('2026-02-01T00:00:00Z')],
      d('2026-01-15T00:00:00Z'),
      { eligible: false, source: 'none', since: null },
    ],
    [
      '... and counts once it has',
      [history('2026-02-01T00:00:00Z')],
      d('2026-02-01T00:00:00Z'),
      { eligible: true, source: 'recorded_history', since: '2026-02-01T00:00:00.000Z' },
    ],
    ['a remembered client without its date', [client(null)], NOW, { eligible: true, source: 'pre_april_third_party_client', since: null }],
  ])('%s', (_, evidence, now, expected) => {
    const e = deriveEligibility(evidence, now);
    expect({ eligible: e.eligible, source: e.source, since: e.since?.toISOString() ?? null, ...(e.clientId ? { clientId: e.clientId } : {}) }).toEqual(
      expected,
    );
  });

  it.each<[EligibilityEvidence[], Date, RegExp]>([
    [[], NOW, /no recorded history of third-party applications before April 2026, and none of its tenants/],
    [[history('2026-02-01T00:00:00Z')], NOW, /recorded history says it had third-party applications before April 2026 \(since 2026-02-01T00:00:00.000Z\)/],
    [[client('2026-02-01T00:00:00Z', 'abc')], NOW, /third-party client abc of one of this account's tenants was created before April 2026 \(2026-02-01/],
    [[history('2026-02-01T00:00:00Z')], d('2026-01-01T00:00:00Z'), /begins on 2026-02-01T00:00:00.000Z, after the clock's current instant/],
  ])('explains %p at %p', (evidence, now, explanation) => {
    expect(deriveEligibility(evidence, now).explanation).toMatch(explanation);
  });
});

describe('withEligibility', () => {
  it('adds the explanation as a sentence of its own', () => {
    expect(withEligibility('Refused.', { explanation: 'this account has none' })).toBe('Refused. This account has none.');
    expect(withEligibility('Refused', { explanation: 'third-party client x was made' })).toBe('Refused. Third-party client x was made.');
  });
});

describe('parseAccountHistory', () => {
  it.each<[string, { since: string | null } | 'error']>([
    ['none', { since: null }],
    ['third_party_before:2026-02-01', { since: '2026-02-01T00:00:00.000Z' }],
    ['third_party_before:2025-12-24T10:00:00Z', { since: '2025-12-24T10:00:00.000Z' }],
    ['third_party_before:2026-03-31T23:00:00+02:00', { since: '2026-03-31T21:00:00.000Z' }],
    ['third_party_before:2026-04-01', 'error'],
    ['third_party_before:2026-13-01', 'error'],
    ['third_party_before:', 'error'],
    ['2026-02-01', 'error'],
    ['yes', 'error'],
  ])('%p → %p', (value, expected) => {
    const r = parseAccountHistory(value);
    if (expected === 'error') expect(r).toHaveProperty('error');
    else expect('since' in r ? { since: r.since?.toISOString() ?? null } : r).toEqual(expected);
  });

  it('refuses a history date from the introduction on', () => {
    expect(historyDateRefusal(SECURITY_MODES_INTRODUCED)).toMatch(/before 2026-04-01/);
    expect(historyDateRefusal(new Date(SECURITY_MODES_INTRODUCED.getTime() - 1))).toBeUndefined();
  });
});
