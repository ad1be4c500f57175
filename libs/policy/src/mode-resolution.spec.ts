import {
  dcrMode,
  dcrModeRefusal,
  isAccountEligible,
  permissiveByDefaultRefusal,
  permissiveByDefaultEffective,
  reportedMode,
  resolveNewClientMode,
} from './mode-resolution';
import { SECURITY_MODES_INTRODUCED, STRICT_DEFAULT_FLIP } from './timeline';

const ms = (d: Date, delta: number) => new Date(d.getTime() + delta);
const BEFORE_INTRO = ms(SECURITY_MODES_INTRODUCED, -1);
const AT_INTRO = SECURITY_MODES_INTRODUCED;
const BEFORE_FLIP = ms(STRICT_DEFAULT_FLIP, -1);
const AT_FLIP = STRICT_DEFAULT_FLIP;
const AFTER_FLIP = ms(STRICT_DEFAULT_FLIP, 86_400_000);

describe('the instants', () => {
  it('are April 1 2026 and October 23 2026, UTC', () => {
    expect(SECURITY_MODES_INTRODUCED.toISOString()).toBe('2026-04-01T00:00:00.000Z');
    expect(STRICT_DEFAULT_FLIP.toISOString()).toBe('2026-10-23T00:00:00.000Z');
  });
});

describe('isAccountEligible', () => {
  it.each([
    [[], false],
    [[BEFORE_INTRO], true],
    [[AT_INTRO], false],
    [[AFTER_FLIP, BEFORE_INTRO], true],
    [[AT_INTRO, BEFORE_FLIP], false],
  ])('third-party clients created at %p → %p', (dates, out) => expect(isAccountEligible(dates)).toBe(out));
});

describe('reportedMode', () => {
  it.each([
    [null, BEFORE_INTRO, 'permissive'],
    ['strict', BEFORE_INTRO, 'strict'],
    [undefined, BEFORE_INTRO, 'permissive'],
    ['permissive', AT_INTRO, 'permissive'],
    ['strict', AT_INTRO, 'strict'],
    [null, AFTER_FLIP, 'strict'],
  ] as const)('stored %p, created %p → %s', (stored, created, out) => expect(reportedMode(stored, created)).toBe(out));
});

describe('permissiveByDefaultEffective', () => {
  it.each([
    [false, undefined, BEFORE_FLIP, false],
    [false, true, BEFORE_FLIP, false],
    [true, undefined, BEFORE_FLIP, true],
    [true, true, BEFORE_FLIP, true],
    [true, false, BEFORE_FLIP, false],
    [true, true, AT_FLIP, false],
    [true, undefined, AFTER_FLIP, false],
  ])('eligible %p, stored %p, at %p → %p', (eligible, stored, now, out) => expect(permissiveByDefaultEffective({ eligible, stored, now })).toBe(out));
});

describe('resolveNewClientMode', () => {
  it.each([
    // step 1: explicit
    ['strict', false, undefined, AFTER_FLIP, 'strict', 1],
    ['strict', true, true, BEFORE_INTRO, 'strict', 1],
    ['permissive', true, false, AFTER_FLIP, 'permissive', 1],
    ['permissive', true, undefined, BEFORE_INTRO, 'permissive', 1],
    // step 2: before the introduction every new third-party client is pre-existing behaviour
    [undefined, false, undefined, BEFORE_INTRO, 'permissive', 2],
    [undefined, true, false, BEFORE_INTRO, 'permissive', 2],
    // step 3: between introduction and flip, toggle effectively on
    [undefined, true, undefined, AT_INTRO, 'permissive', 3],
    [undefined, true, true, BEFORE_FLIP, 'permissive', 3],
    // step 4: otherwise strict
    [undefined, true, false, BEFORE_FLIP, 'strict', 4],
    [undefined, false, undefined, AT_INTRO, 'strict', 4],
    [undefined, false, true, BEFORE_FLIP, 'strict', 4],
    [undefined, true, true, AT_FLIP, 'strict', 4],
    [undefined, true, undefined, AFTER_FLIP, 'strict', 4],
  ] as const)('requested %p, eligible %p, toggle %p, at %p → %s (step %i)', (requested, eligible, stored, now, mode, step) => {
    expect(resolveNewClientMode({ requested, eligible, storedPermissiveByDefault: stored, now })).toEqual({ ok: true, mode, step });
  });

  it.each([BEFORE_INTRO, BEFORE_FLIP, AFTER_FLIP])('refuses explicit permissive for an ineligible account at %p', (now) => {
    const r = resolveNewClientMode({ requested: 'permissive', eligible: false, storedPermissiveByDefault: undefined, now });
    expect(r).toEqual({ ok: false, reason: 'permissive_not_eligible', message: expect.stringContaining('before April 2026') });
  });
});

describe('dcrMode', () => {
  it.each([
    // before the introduction a registration makes a pre-existing (permissive) client, whatever else holds
    [undefined, false, BEFORE_INTRO, 'permissive'],
    [undefined, true, BEFORE_INTRO, 'permissive'],
    ['strict', false, BEFORE_INTRO, 'permissive'],
    ['strict', true, BEFORE_INTRO, 'permissive'],
    // from the introduction on: the setting, else the account's eligibility
    [undefined, true, AT_INTRO, 'permissive'],
    [undefined, false, AT_INTRO, 'strict'],
    [undefined, true, AFTER_FLIP, 'permissive'],
    [undefined, false, AFTER_FLIP, 'strict'],
    ['strict', true, AT_INTRO, 'strict'],
    ['strict', true, AFTER_FLIP, 'strict'],
    ['permissive', true, BEFORE_FLIP, 'permissive'],
    ['permissive', true, AFTER_FLIP, 'permissive'],
  ] as const)('setting %p, eligible %p, at %p → %s', (setting, eligible, now, out) => expect(dcrMode({ setting, eligible, now })).toBe(out));

  it('reads the instants from the timeline it is given', () => {
    const timeline = { securityModesIntroduced: new Date('2030-01-01T00:00:00Z'), strictDefaultFlip: new Date('2031-01-01T00:00:00Z') };
    expect(dcrMode({ setting: 'strict', eligible: false, now: AFTER_FLIP, timeline })).toBe('permissive');
    expect(dcrMode({ setting: undefined, eligible: false, now: new Date('2030-01-01T00:00:00Z'), timeline })).toBe('strict');
  });
});

describe('permissiveByDefaultRefusal (turning the toggle on)', () => {
  it.each([
    [true, BEFORE_INTRO, undefined],
    [true, BEFORE_FLIP, undefined],
    [true, AT_FLIP, 'October 23, 2026'],
    [true, AFTER_FLIP, 'October 23, 2026'],
    [false, BEFORE_FLIP, 'before April 2026'],
    [false, AFTER_FLIP, 'before April 2026'],
  ])('eligible %p at %p → %p', (eligible, now, reason) => {
    const r = permissiveByDefaultRefusal({ eligible, now });
    if (reason === undefined) expect(r).toBeUndefined();
    else expect(r).toContain(reason);
  });
});

describe('dcrModeRefusal', () => {
  it.each([
    ['permissive', true, false],
    ['permissive', false, true],
    ['strict', false, false],
    ['strict', true, false],
  ] as const)('%s, eligible %p → refused=%p', (mode, eligible, refused) => expect(dcrModeRefusal(mode, eligible) !== undefined).toBe(refused));
});
