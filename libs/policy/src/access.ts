import { grantedScopes } from './management-scopes';
import { MODE_RULES, SecurityMode } from './security-modes';

/**
 * The one access decision (SPEC §6.1): may this client get a token for this API, with which scopes?
 * Every token path and GET /ext/v1/access call this function; nothing else decides.
 */
export type SubjectType = 'user' | 'client';
export type UserPolicy = 'allow_all' | 'require_client_grant' | 'deny_all';
export type ClientPolicy = 'require_client_grant' | 'deny_all';

export interface AccessClient {
  isFirstParty: boolean;
  /** Set for third-party clients. */
  mode?: SecurityMode;
}

export interface AccessApi {
  identifier: string;
  isSystem: boolean;
  /** Scopes the API defines. */
  scopes: readonly string[];
  policies: { user: UserPolicy; client: ClientPolicy };
}

/** An API's access policies when none is set (Auth0's defaults for a new API, SPEC §5). */
export const DEFAULT_API_POLICIES: Readonly<{ user: UserPolicy; client: ClientPolicy }> = { user: 'allow_all', client: 'require_client_grant' };

/** The one rule, read by grant creation and by every access decision: system APIs are never for third-party clients. */
export function systemApiRefused(api: { isSystem: boolean }, client: { isFirstParty: boolean }): boolean {
  return api.isSystem && !client.isFirstParty;
}

/** The owner of a grant as one non-null key (unique with audience and subject type): a client id, or `default:<default_for>`. */
export function grantOwnerKey(owner: { clientId: string } | { defaultFor: string }): string {
  return 'clientId' in owner ? owner.clientId : `default:${owner.defaultFor}`;
}

export interface AccessGrant {
  id: string;
  scope: readonly string[];
  /** Auth0's `allow_all_scopes`: every scope the API defines, whatever `scope` says. */
  allowAllScopes?: boolean;
}

export type AccessReason =
  | 'granted_by_client_grant'
  | 'granted_by_default_permission'
  | 'allowed_by_api_policy'
  | 'api_policy_deny_all'
  | 'system_api_third_party'
  | 'no_client_grant'
  | 'scopes_not_granted';

export interface AccessDecision {
  allowed: boolean;
  scopes: string[];
  reason: AccessReason;
  explanation: string;
  /** The API policy that applied for the subject type. */
  policy: UserPolicy | ClientPolicy;
  grant_id?: string;
}

export interface AccessInput {
  client: AccessClient;
  api: AccessApi;
  subjectType: SubjectType;
  requestedScopes: readonly string[];
  /** The per-application grant for (client, audience, subject type), if any. */
  appGrant?: AccessGrant;
  /** The tenant's default third-party grant for (audience, subject type), if any. */
  defaultGrant?: AccessGrant;
}

function kindOf(c: AccessClient): string {
  return c.isFirstParty ? 'first-party' : `third-party (${c.mode ?? 'strict'})`;
}

export function resolveAccess(input: AccessInput): AccessDecision {
  const { client, api, subjectType, requestedScopes } = input;
  const policy = api.policies[subjectType];
  const deny = (reason: AccessReason, explanation: string, grant?: AccessGrant): AccessDecision => ({
    allowed: false,
    scopes: [],
    reason,
    explanation,
    policy,
    ...(grant ? { grant_id: grant.id } : {}),
  });

  // 1. The API refuses this subject type outright.
  if (policy === 'deny_all') {
    return deny('api_policy_deny_all', `The API ${api.identifier} denies all ${subjectType} access (policy deny_all).`);
  }
  const thirdParty = !client.isFirstParty;
  // 2. System APIs are never for third-party clients.
  if (systemApiRefused(api, client)) {
    return deny('system_api_third_party', `${api.identifier} is a system API; third-party applications can never be granted access to it.`);
  }

  const explicit = thirdParty && MODE_RULES[client.mode ?? 'strict'].apiAuthorization === 'explicit_grant';
  // 3./4. Which grant applies: per-application first (even when narrower), then the default
  // third-party permission for third-party clients.
  const grant = input.appGrant ?? (thirdParty ? input.defaultGrant : undefined);
  const needsGrant = explicit || policy === 'require_client_grant';

  if (!needsGrant) {
    // allow_all for users, and the client may follow it (first-party or permissive third-party).
    const scopes = requestedScopes.filter((s) => api.scopes.includes(s));
    if (requestedScopes.length > 0 && scopes.length === 0) {
      return deny('scopes_not_granted', `None of the requested scopes (${requestedScopes.join(' ')}) is defined on ${api.identifier}.`);
    }
    return {
      allowed: true,
      scopes,
      reason: 'allowed_by_api_policy',
      explanation: `The ${kindOf(client)} client follows the API's ${subjectType} policy allow_all.`,
      policy,
    };
  }

  if (!grant) {
    const why = explicit
      ? `Strict third-party applications always need an explicit client grant (per application or a default third-party permission), whatever the API's policy.`
      : `The API's ${subjectType} policy is require_client_grant and the ${kindOf(client)} client has no grant${thirdParty ? ' (per application or default third-party permission)' : ''}.`;
    return deny('no_client_grant', `${why} No grant for ${api.identifier} with subject_type ${subjectType}.`);
  }

  // 5. Scopes: requested ∩ grant (all of the grant's when none is requested for client_credentials).
  // A grant may name scopes the API does not define (Auth0 accepts them); tokens carry only defined ones.
  const granted = grant.allowAllScopes ? [...api.scopes] : grant.scope.filter((s) => api.scopes.includes(s));
  const scopes = subjectType === 'client' ? grantedScopes(requestedScopes, granted) : requestedScopes.filter((s) => granted.includes(s));
  if (requestedScopes.length > 0 && scopes.length === 0) {
    return deny('scopes_not_granted', `The grant ${grant.id} does not include any of the requested scopes (${requestedScopes.join(' ')}).`, grant);
  }
  const byDefault = grant === input.defaultGrant && grant !== input.appGrant;
  return {
    allowed: true,
    scopes,
    reason: byDefault ? 'granted_by_default_permission' : 'granted_by_client_grant',
    explanation: byDefault
      ? `Granted by the tenant's default permission for third-party applications (${grant.id}).`
      : `Granted by the client grant ${grant.id}${thirdParty && input.defaultGrant ? ', which takes precedence over the default third-party permission' : ''}.`,
    policy,
    grant_id: grant.id,
  };
}
