import { DEFAULT_TIMELINE, Timeline } from './timeline';

/** Where an account's permissive-mode eligibility comes from (SPEC §2). */
export type EligibilitySource = 'recorded_history' | 'pre_april_third_party_client' | 'none';

/** One fact that can make an account eligible. */
export type EligibilityEvidence =
  /** The control plane recorded "this account had third-party applications before April 2026", since `since`. */
  | { kind: 'recorded_history'; since: Date }
  /**
   * A third-party client of one of its tenants created at `since` (or remembered as such after it was
   * deleted; `since` is null for a fact remembered before the date was kept).
   */
  | { kind: 'pre_april_third_party_client'; since: Date | null; clientId?: string };

export interface Eligibility {
  eligible: boolean;
  source: EligibilitySource;
  /** When the fact it rests on began (null when not eligible or not known). */
  since: Date | null;
  /** The pre-April third-party client it rests on, when known. */
  clientId?: string;
  /** One sentence saying why, for errors and reports. */
  explanation: string;
}

const BEFORE_APRIL = 'third-party applications before April 2026';

/**
 * Permissive-mode eligibility of an account from its evidence (SPEC §2): a pre-April third-party client
 * of one of its tenants, or its recorded history. A fact counts once it lies before security modes were
 * introduced and the clock has reached it (a history dated after `now` has not happened yet). When several
 * count, the earliest is the one named (recorded history first on a tie).
 */
export function deriveEligibility(evidence: readonly EligibilityEvidence[], now: Date, timeline: Timeline = DEFAULT_TIMELINE): Eligibility {
  const intro = timeline.securityModesIntroduced.getTime();
  const counts = evidence.filter((e) => e.since === null || (e.since.getTime() < intro && e.since.getTime() <= now.getTime()));
  const rank = (e: EligibilityEvidence) => e.since?.getTime() ?? Number.NEGATIVE_INFINITY;
  const best = [...counts].sort((a, b) => rank(a) - rank(b) || (a.kind === 'recorded_history' ? -1 : b.kind === 'recorded_history' ? 1 : 0))[0];
  if (!best) {
    const future = evidence.find((e) => e.kind === 'recorded_history' && e.since && e.since.getTime() < intro && e.since.getTime() > now.getTime());
    return {
      eligible: false,
      source: 'none',
      since: null,
      explanation: future
        ? `this account's recorded history of ${BEFORE_APRIL} begins on ${future.since!.toISOString()}, after the clock's current instant`
        : `this account has no recorded history of ${BEFORE_APRIL}, and none of its tenants has a third-party client created before then`,
    };
  }
  if (best.kind === 'recorded_history') {
    return {
      eligible: true,
      source: 'recorded_history',
      since: best.since,
      explanation: `this account's recorded history says it had ${BEFORE_APRIL} (since ${best.since.toISOString()})`,
    };
  }
  const which = best.clientId ? `third-party client ${best.clientId}` : 'a third-party client';
  return {
    eligible: true,
    source: 'pre_april_third_party_client',
    since: best.since,
    ...(best.clientId ? { clientId: best.clientId } : {}),
    explanation: `${which} of one of this account's tenants was created before April 2026${best.since ? ` (${best.since.toISOString()})` : ''}`,
  };
}

/** `<message> <Why the account is (not) eligible>.`: a refusal that names its reason. */
export function withEligibility(message: string, eligibility: Pick<Eligibility, 'explanation'>): string {
  const sentence = eligibility.explanation.charAt(0).toUpperCase() + eligibility.explanation.slice(1);
  return `${/[.!?]$/.test(message) ? message : `${message}.`} ${sentence}.`;
}

/**
 * The recorded history as GATEHOUSE_DEFAULT_ACCOUNT_HISTORY writes it: `none`, or
 * `third_party_before:<ISO date or instant>` (the account had third-party applications before April
 * 2026, since that date). Returns the date (null for none) or an error message.
 */
export function parseAccountHistory(value: string, timeline: Timeline = DEFAULT_TIMELINE): { since: Date | null } | { error: string } {
  if (value === 'none') return { since: null };
  const m = /^third_party_before:(\d{4}-\d{2}-\d{2}(T[0-9:.]+(Z|[+-]\d{2}:\d{2}))?)$/.exec(value);
  const since = m ? new Date(m[1]!.length === 10 ? `${m[1]}T00:00:00Z` : m[1]!) : undefined;
  if (!since || Number.isNaN(since.getTime())) {
    return { error: 'must be "none" or "third_party_before:<date>" (e.g. third_party_before:2026-02-01)' };
  }
  const refused = historyDateRefusal(since, timeline);
  return refused ? { error: refused } : { since };
}

/** Why a claimed history date cannot be recorded, or undefined: it must lie before April 2026. */
export function historyDateRefusal(since: Date, timeline: Timeline = DEFAULT_TIMELINE): string | undefined {
  if (since.getTime() >= timeline.securityModesIntroduced.getTime()) {
    return `the date must be before ${timeline.securityModesIntroduced.toISOString()} (when third-party security modes were introduced)`;
  }
  return undefined;
}
