import { SecurityMode } from './security-modes';
import { DEFAULT_TIMELINE, Timeline } from './timeline';

/**
 * Eligibility for permissive mode is per account and derived from data (SPEC §2, seed 000): an
 * account is eligible iff one of its tenants has or had a third-party client created before
 * security modes were introduced.
 */
export function isAccountEligible(thirdPartyClientCreatedAt: readonly Date[], timeline: Timeline = DEFAULT_TIMELINE): boolean {
  return thirdPartyClientCreatedAt.some((d) => d.getTime() < timeline.securityModesIntroduced.getTime());
}

/**
 * What a third-party client reports: its stored mode; a client without one (imported, or created before
 * modes existed) is pre-existing and permissive when created before the introduction. A client
 * explicitly created strict keeps `strict` (and its tpc_ id) whatever the clock said. See decisions.md.
 */
export function reportedMode(stored: SecurityMode | null | undefined, createdAt: Date, timeline: Timeline = DEFAULT_TIMELINE): SecurityMode {
  if (stored) return stored;
  return createdAt.getTime() < timeline.securityModesIntroduced.getTime() ? 'permissive' : 'strict';
}

/**
 * The effective value of the `create_permissive_third_party_clients_by_default` migration toggle
 * (/ext/v1/migrations): off for ineligible accounts, off from the flip on, otherwise the stored value
 * (default on).
 */
export function permissiveByDefaultEffective(input: { eligible: boolean; stored: boolean | undefined; now: Date; timeline?: Timeline }): boolean {
  const timeline = input.timeline ?? DEFAULT_TIMELINE;
  if (!input.eligible) return false;
  if (input.now.getTime() >= timeline.strictDefaultFlip.getTime()) return false;
  return input.stored ?? true;
}

export type ModeResolution = { ok: true; mode: SecurityMode; step: 1 | 2 | 3 | 4 } | { ok: false; reason: 'permissive_not_eligible'; message: string };

/** Which mode a new third-party client gets on POST /api/v2/clients (SPEC §4.1, steps 1–4). */
export function resolveNewClientMode(input: {
  requested?: SecurityMode;
  eligible: boolean;
  storedPermissiveByDefault: boolean | undefined;
  now: Date;
  timeline?: Timeline;
}): ModeResolution {
  const timeline = input.timeline ?? DEFAULT_TIMELINE;
  if (input.requested) {
    if (input.requested === 'permissive' && !input.eligible) {
      return {
        ok: false,
        reason: 'permissive_not_eligible',
        message:
          'third_party_security_mode "permissive" is only available to accounts that had third-party applications before April 2026; create the application with enhanced security controls ("strict").',
      };
    }
    return { ok: true, mode: input.requested, step: 1 };
  }
  if (input.now.getTime() < timeline.securityModesIntroduced.getTime()) return { ok: true, mode: 'permissive', step: 2 };
  if (permissiveByDefaultEffective({ eligible: input.eligible, stored: input.storedPermissiveByDefault, now: input.now, timeline })) {
    return { ok: true, mode: 'permissive', step: 3 };
  }
  return { ok: true, mode: 'strict', step: 4 };
}

/**
 * The mode of a client registered by Dynamic Client Registration (SPEC §2, §7). Before security modes
 * were introduced every third-party client is pre-existing, whatever path made it, so a registration then
 * is permissive (with a standard id); the tenant setting did not exist yet and cannot make it strict. From
 * the introduction on: the tenant setting, else permissive for eligible accounts and strict for the others.
 */
export function dcrMode(input: { setting: SecurityMode | undefined; eligible: boolean; now: Date; timeline?: Timeline }): SecurityMode {
  const timeline = input.timeline ?? DEFAULT_TIMELINE;
  if (input.now.getTime() < timeline.securityModesIntroduced.getTime()) return 'permissive';
  return input.setting ?? (input.eligible ? 'permissive' : 'strict');
}

/**
 * Why the permissive-by-default toggle cannot be turned on, or undefined when it can: only eligible
 * accounts, and only before the flip (SPEC §7).
 */
export function permissiveByDefaultRefusal(input: { eligible: boolean; now: Date; timeline?: Timeline }): string | undefined {
  const timeline = input.timeline ?? DEFAULT_TIMELINE;
  if (!input.eligible) return 'only accounts that had third-party applications before April 2026 can create permissive third-party clients by default';
  if (input.now.getTime() >= timeline.strictDefaultFlip.getTime()) {
    return 'since October 23, 2026 new third-party clients are strict by default; pass third_party_security_mode "permissive" explicitly instead';
  }
  return undefined;
}

/** Why a DCR security mode cannot be set, or undefined when it can (permissive needs eligibility). */
export function dcrModeRefusal(mode: SecurityMode, eligible: boolean): string | undefined {
  return mode === 'permissive' && !eligible ? '"permissive" is only available to accounts that had third-party applications before April 2026' : undefined;
}
