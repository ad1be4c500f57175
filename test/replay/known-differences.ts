/**
 * Recorded values Gatehouse does not reproduce on purpose, each with its reason (also in
 * docs/decisions.md, "Replay of recorded Auth0 traffic"). A default difference not listed here fails the
 * replay tier. `cassette` '*' applies to every cassette; `path` is a leaf path of the response body.
 */
export interface KnownDifference {
  cassette: string;
  path: string;
  reason: string;
}

export const KNOWN_DIFFERENCES: KnownDifference[] = [
  {
    cassette: 'TestAccResourceServerAuth0APIManagementImport',
    path: 'scopes',
    reason:
      "The Management API's scopes: Auth0 lists every Management API scope; Gatehouse lists only the scopes of the paths it emulates, " +
      'so its tokens never carry a scope for an unemulated path and auth0-deploy-cli skips those resource types (SPEC §3).',
  },
];

export function isKnown(cassette: string, path: string): KnownDifference | undefined {
  return KNOWN_DIFFERENCES.find((k) => (k.cassette === '*' || k.cassette === cassette) && (k.path === path || path.startsWith(`${k.path}.`)));
}
