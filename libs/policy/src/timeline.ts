/**
 * The instants of Auth0's third-party security model (SPEC §2). Kept in one place; tests pass other
 * values through `Timeline` rather than mocking dates.
 */
export interface Timeline {
  /** Third-party clients created before this instant are pre-existing (permissive). */
  securityModesIntroduced: Date;
  /** From this instant the Management API creates strict third-party clients by default. */
  strictDefaultFlip: Date;
}

export const SECURITY_MODES_INTRODUCED = new Date('2026-04-01T00:00:00Z');
export const STRICT_DEFAULT_FLIP = new Date('2026-10-23T00:00:00Z');

export const DEFAULT_TIMELINE: Timeline = Object.freeze({
  securityModesIntroduced: SECURITY_MODES_INTRODUCED,
  strictDefaultFlip: STRICT_DEFAULT_FLIP,
});
