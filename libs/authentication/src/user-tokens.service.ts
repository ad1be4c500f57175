import { randomBytes } from 'crypto';
import { Inject, Injectable } from '@nestjs/common';
import { SignJWT } from 'jose';
import { DataSource } from 'typeorm';
import type { TokenResponseBody } from '@gatehouse/contract';
import { FlowStateRepository, hashSecret, newSecret, pkceVerified } from '@gatehouse/authorization';
import { Client, ClientsReader } from '@gatehouse/clients';
import { OAuthError } from '@gatehouse/http';
import { SecretBox } from '@gatehouse/persistence';
import {
  flowRulesFor,
  issuesRefreshToken,
  MODE_RULES,
  OIDC_SCOPES,
  parseScope,
  refreshTokenExpiresAt,
  refreshTokenPolicy,
  RefreshTokenPolicy,
  refreshTokenUse,
  RefreshTokenUse,
} from '@gatehouse/policy';
import { ResourceServer, ResourceServersReader } from '@gatehouse/resource-servers';
import type { RefreshTokenRow } from '@gatehouse/schemas';
import { Clock, SigningKeysService, Tenant } from '@gatehouse/tenancy';
import { UserGrantsRepository } from '@gatehouse/user-grants';
import { User, UsersReader } from '@gatehouse/users';
import { AccessService } from './access.service';
import { clientAuthenticationRefusal, presentedCredentials } from './client-authentication';
import { idTokenClaims, userAccessTokenClaims, userinfoAudience } from './token-claims';
import type { RevocationRequest, TokenRequest } from './token-endpoint';

/**
 * What `/authorize` itself returns in an implicit or hybrid flow (OIDC Core §3.2.2.5, §3.3.2.5): an access
 * token (`token`), an ID token (`id_token`), never a refresh token.
 */
export interface FrontChannelTokens {
  access_token?: string;
  token_type?: 'Bearer';
  expires_in?: number;
  scope?: string;
  id_token?: string;
}

/** A user-flow exchange's answer, with the user it was for (for the tenant log). */
export interface UserTokenResult {
  response: TokenResponseBody;
  userId: string;
  /** What the flow used, for the tenant log event's details (the migration report reads them). */
  details: { issued_id_token: boolean; pkce?: boolean };
}

/** Lifetime of an access token for `/userinfo` only (no API asked): Auth0's default API lifetime. */
const USERINFO_TOKEN_LIFETIME_SECONDS = 86400;
/** The same from a browser flow (implicit, hybrid): Auth0's default `token_lifetime_for_web`. */
const USERINFO_WEB_TOKEN_LIFETIME_SECONDS = 7200;
/** Auth0's default ID token lifetime when the client's jwt_configuration sets none. */
const DEFAULT_ID_TOKEN_LIFETIME_SECONDS = 36000;
/** Longer values are no code or refresh token Gatehouse issued (they are 43 characters). */
const MAX_SECRET_LENGTH = 512;

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** The scopes a grant carries, split by what they are for. */
function splitScopes(scopes: readonly string[], idTokens: boolean): { oidc: string[]; api: string[]; offline: boolean } {
  return {
    oidc: idTokens ? scopes.filter((s) => OIDC_SCOPES.includes(s)) : [],
    api: scopes.filter((s) => !OIDC_SCOPES.includes(s) && s !== 'offline_access'),
    offline: scopes.includes('offline_access'),
  };
}

/**
 * The user flows of `POST /oauth/token` (issue 11 §3): `authorization_code` (one-time codes bound to the
 * client, the redirect URI and the PKCE verifier) and `refresh_token` (rotation with reuse detection,
 * idle and absolute expiry), and `POST /oauth/revoke` (RFC 7009). Every token is for a user of the Host's
 * tenant; the access decision (resolveAccess, subject type user) is asked again at every exchange, so a
 * grant removed since the user consented counts at once.
 */
@Injectable()
export class UserTokensService {
  constructor(
    @Inject(SecretBox) private readonly box: SecretBox,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(SigningKeysService) private readonly keys: SigningKeysService,
    @Inject(AccessService) private readonly access: AccessService,
    @Inject(ClientsReader) private readonly clients: ClientsReader,
    @Inject(ResourceServersReader) private readonly apis: ResourceServersReader,
    @Inject(UsersReader) private readonly users: UsersReader,
    @Inject(UserGrantsRepository) private readonly consents: UserGrantsRepository,
    @Inject(FlowStateRepository) private readonly flows: FlowStateRepository,
    @Inject(DataSource) private readonly ds: DataSource,
  ) {}

  /** RFC 6749 §2.3 at the token and revocation endpoints: the client, authenticated as it registered. */
  async authenticate(tenant: Tenant, authorization: string | undefined, body: Pick<TokenRequest, 'client_id' | 'client_secret'>): Promise<Client> {
    const presented = presentedCredentials(authorization, body);
    const client = await this.clients.find(tenant.id, presented.clientId);
    const storedSecret = client?.sealedSecret ? this.box.open(client.sealedSecret) : undefined;
    const refusal = clientAuthenticationRefusal(client, presented, storedSecret);
    if (refusal || !client) {
      // RFC 6749 §5.2: a failed HTTP Basic authentication answers with WWW-Authenticate.
      const challenge = presented.method === 'client_secret_basic' ? { 'www-authenticate': 'Basic realm="oauth"' } : undefined;
      throw new OAuthError('invalid_client', refusal ?? 'Unauthorized', challenge);
    }
    return client;
  }

  private requireGrant(client: Client, grantType: 'authorization_code' | 'refresh_token'): void {
    const { mode } = client.kind;
    if (!client.grantTypes.includes(grantType) || (mode && !MODE_RULES[mode].grantTypes.allowed.includes(grantType))) {
      throw new OAuthError('unauthorized_client', `Grant type '${grantType}' not allowed for the client.`);
    }
  }

  /** RFC 6749 §4.1.3, RFC 7636 §4.5–4.6. */
  async authorizationCode(tenant: Tenant, client: Client, body: TokenRequest): Promise<UserTokenResult> {
    this.requireGrant(client, 'authorization_code');
    const code = str(body.code);
    if (!code) throw new OAuthError('invalid_request', 'Missing required parameter: code');
    const codeHash = hashSecret(code);
    const row = code.length <= MAX_SECRET_LENGTH ? await this.flows.findCode(tenant.id, codeHash) : null;
    // A code of another client is, for this one, no code at all (RFC 6749 §4.1.3: bound to the client).
    if (!row || row.client_id !== client.clientId) throw new OAuthError('invalid_grant', 'Invalid authorization code');
    const now = this.clock.now();
    if (row.consumed_at) await this.codeReused(tenant, codeHash, now);
    if (now.getTime() > Date.parse(row.expires_at)) throw new OAuthError('invalid_grant', 'The authorization code has expired');

    const redirectUri = str(body.redirect_uri);
    if (redirectUri === undefined) {
      // Sent at /authorize unless a non-strict client with one callback left it out (RFC 6749 §4.1.3).
      const mayOmit = (client.kind.firstParty || client.kind.mode !== 'strict') && client.callbacks.length === 1 && client.callbacks[0] === row.redirect_uri;
      if (!mayOmit) throw new OAuthError('invalid_request', 'Missing required parameter: redirect_uri');
    } else if (redirectUri !== row.redirect_uri) {
      throw new OAuthError('invalid_grant', 'The redirect_uri does not match the one of the authorization request');
    }

    const verifier = body.code_verifier;
    if (row.code_challenge) {
      if (verifier === undefined || verifier === '') {
        throw new OAuthError('invalid_request', 'Missing required parameter: code_verifier (the authorization request sent a code_challenge)');
      }
      if (!pkceVerified(verifier, row.code_challenge, row.code_challenge_method ?? 'plain'))
        throw new OAuthError('invalid_grant', 'Failed to verify code verifier');
    } else if (verifier !== undefined) {
      // OAuth 2.1 §4.1.3 (PKCE downgrade): a verifier for a code issued without a challenge is refused.
      throw new OAuthError('invalid_grant', 'code_verifier was sent but the authorization request had no code_challenge');
    }

    const user = await this.activeUser(tenant, row.user_id);
    const rules = flowRulesFor(client.kind);
    const granted = splitScopes(parseScope(row.scope), rules.idTokens);
    const issued = await this.issueForTokenEndpoint(tenant, client, user, {
      audience: row.audience,
      granted,
      nonce: row.nonce ?? undefined,
      authTime: row.auth_time,
    });
    const refresh = issued.refresh
      ? this.refreshTokenRow(client, user, {
          familyId: randomBytes(12).toString('hex'),
          familyStartedAt: now,
          codeHash,
          audience: row.audience,
          scope: issued.grantedScope,
        })
      : undefined;
    // One-time, even when exchanges race: the code is consumed and the refresh token stored at once, so
    // a loser (a reuse) waits for the winner and then revokes what it stored.
    const won = await this.ds.transaction(async (em) => {
      if (!(await this.flows.consumeCode(tenant.id, codeHash, now.toISOString(), em))) return false;
      if (refresh) await this.flows.insertRefreshToken(refresh.row, em);
      return true;
    });
    if (!won) await this.codeReused(tenant, codeHash, now);
    return {
      response: { ...issued.response, ...(refresh ? { refresh_token: refresh.token } : {}) },
      userId: user.userId,
      details: { pkce: row.code_challenge !== null && row.code_challenge !== '', issued_id_token: issued.response.id_token !== undefined },
    };
  }

  /** A code used twice: whatever was issued from it goes (RFC 6749 §4.1.2), then the refusal. */
  private async codeReused(tenant: Tenant, codeHash: string, now: Date): Promise<never> {
    await this.flows.revokeIssuedFromCode(tenant.id, codeHash, now.toISOString());
    throw new OAuthError('invalid_grant', 'Invalid authorization code: it has already been used, so the tokens issued from it are revoked');
  }

  /** RFC 6749 §6, with rotation and reuse detection (OAuth 2.1 §4.3.1) as the client's settings say. */
  async refreshToken(tenant: Tenant, client: Client, body: TokenRequest): Promise<UserTokenResult> {
    this.requireGrant(client, 'refresh_token');
    const presented = str(body.refresh_token);
    if (!presented) throw new OAuthError('invalid_request', 'Missing required parameter: refresh_token');
    let row = presented.length <= MAX_SECRET_LENGTH ? await this.flows.findRefreshToken(tenant.id, hashSecret(presented)) : null;
    if (!row || row.client_id !== client.clientId) throw new OAuthError('invalid_grant', 'Unknown or invalid refresh token.');
    const now = this.clock.now();
    const policy = refreshTokenPolicy(client.kind, this.refreshSettings(client));
    let use = refreshTokenUse(policy, stateOf(row), now);
    if (use.ok && policy.rotating && !use.withinLeeway && !(await this.flows.markRotated(tenant.id, row.id, now.toISOString()))) {
      // Another exchange rotated it first (or revoked it): decide again on what it left.
      row = (await this.flows.findRefreshToken(tenant.id, row.token_hash)) ?? row;
      use = refreshTokenUse(policy, stateOf(row), now);
    }
    await this.refuseUnless(tenant, row, use, now);

    const familyScopes = parseScope(row.scope);
    const requested = parseScope(str(body.scope));
    const beyond = requested.filter((s) => !familyScopes.includes(s));
    if (beyond.length) throw new OAuthError('invalid_scope', `The requested scope exceeds the scope granted by the resource owner: ${beyond.join(' ')}`);
    const user = await this.activeUser(tenant, row.user_id);
    const rules = flowRulesFor(client.kind);
    const scopes = requested.length ? requested : familyScopes;
    const consented = await this.consentedScopes(tenant, client, row);
    if (!consented) {
      await this.flows.revokeFamily(tenant.id, row.family_id, now.toISOString());
      throw new OAuthError('invalid_grant', "The user's consent to this application was withdrawn, so its refresh tokens are revoked");
    }
    const granted = splitScopes(
      scopes.filter((s) => consented === 'not_needed' || consented.includes(s)),
      rules.idTokens,
    );
    const issued = await this.issueForTokenEndpoint(tenant, client, user, { audience: row.audience, granted });
    const response = { ...issued.response };
    // The refresh token goes on as it was: its scope stays the family's, a narrowed request narrows only this access token.
    if (policy.rotating) {
      const next = this.refreshTokenRow(client, user, {
        familyId: row.family_id,
        familyStartedAt: new Date(row.family_started_at),
        codeHash: row.code_hash,
        audience: row.audience,
        scope: row.scope,
      });
      await this.flows.insertRefreshToken(next.row);
      response.refresh_token = next.token;
    } else {
      const expiresAt = refreshTokenExpiresAt(policy, { ...stateOf(row), lastUsedAt: now });
      await this.flows.touchRefreshToken(tenant.id, row.id, now.toISOString(), expiresAt?.toISOString() ?? null);
    }
    return { response, userId: user.userId, details: { issued_id_token: response.id_token !== undefined } };
  }

  private async refuseUnless(tenant: Tenant, row: RefreshTokenRow, use: RefreshTokenUse, now: Date): Promise<void> {
    if (use.ok) return;
    if (use.revokeFamily) await this.flows.revokeFamily(tenant.id, row.family_id, now.toISOString());
    throw new OAuthError('invalid_grant', use.description);
  }

  /**
   * RFC 7009: revokes the token's whole family (a refresh token stands for the user's grant to the
   * client). An unknown token, or one already revoked, is a success; a token of another client is refused.
   */
  async revoke(tenant: Tenant, client: Client, body: RevocationRequest): Promise<{ revoked?: { userId: string } }> {
    const token = str(body.token);
    if (!token) throw new OAuthError('invalid_request', 'Missing required parameter: token');
    const row = token.length <= MAX_SECRET_LENGTH ? await this.flows.findRefreshToken(tenant.id, hashSecret(token)) : null;
    if (!row) return {};
    if (row.client_id !== client.clientId) throw new OAuthError('invalid_grant', 'The refresh token was issued to another application');
    await this.flows.revokeFamily(tenant.id, row.family_id, this.clock.now().toISOString());
    return { revoked: { userId: row.user_id } };
  }

  /**
   * What a third-party client's refresh may still carry: the user's consent for it (deleted through
   * /api/v2/grants, it ends the family). First-party clients never ask for consent.
   */
  private async consentedScopes(tenant: Tenant, client: Client, row: RefreshTokenRow): Promise<readonly string[] | 'not_needed' | undefined> {
    if (client.kind.firstParty) return 'not_needed';
    const consent = await this.consents.findConsent(tenant.id, row.user_id, client.clientId, row.audience ?? userinfoAudience(tenant.issuer));
    // offline_access is part of what the user consented to at /authorize; the consent keeps the family's scopes.
    return consent ? [...consent.scopes, 'offline_access'] : undefined;
  }

  private async activeUser(tenant: Tenant, userId: string): Promise<User> {
    const user = await this.users.find(tenant.id, userId);
    if (!user) throw new OAuthError('invalid_grant', 'The user of this grant no longer exists');
    if (user.profile.blocked === true) throw new OAuthError('invalid_grant', 'user is blocked');
    return user;
  }

  private refreshSettings(client: Client): Readonly<Record<string, unknown>> | undefined {
    const rt = client.settings.refresh_token;
    return rt && typeof rt === 'object' && !Array.isArray(rt) ? (rt as Record<string, unknown>) : undefined;
  }

  /**
   * The tokens of an implicit or hybrid flow, minted at `/authorize` once the user has logged in and
   * consented (issue 11 §1): the same claims, access decision and signing as a code exchange (one
   * way of minting user tokens), with the API's `token_lifetime_for_web`, and never a refresh token
   * (offline_access is dropped: the front channel is no place for one). `code` is the code returned
   * with them, for the ID token's `c_hash`. Throws OAuthError when the grant no longer holds (an API
   * gone, a decision now refusing, a user gone or blocked).
   */
  async frontChannel(
    tenant: Tenant,
    client: Client,
    userId: string,
    grant: { audience: string | null; scopes: readonly string[]; nonce?: string; authTime: string; accessToken: boolean; idToken: boolean; code?: string },
  ): Promise<FrontChannelTokens> {
    const user = await this.activeUser(tenant, userId);
    const rules = flowRulesFor(client.kind);
    const granted = { ...splitScopes(grant.scopes, rules.idTokens), offline: false };
    const minted = await this.mint(tenant, client, user, {
      audience: grant.audience,
      granted,
      nonce: grant.nonce,
      authTime: grant.authTime,
      web: true,
      code: grant.code,
      withAccessToken: grant.accessToken,
    });
    if (grant.idToken && !minted.idToken) {
      throw new OAuthError('invalid_request', 'An ID token is issued only for the openid scope, to applications allowed ID tokens');
    }
    const at = grant.accessToken ? minted.accessToken : undefined;
    return {
      ...(at ? { access_token: at.token, token_type: 'Bearer' as const, expires_in: at.lifetime, ...(at.scope ? { scope: at.scope } : {}) } : {}),
      ...(grant.idToken ? { id_token: minted.idToken } : {}),
    };
  }

  /** The token endpoint's answer for a user's grant: an access token, and an ID token for `openid`. */
  private async issueForTokenEndpoint(
    tenant: Tenant,
    client: Client,
    user: User,
    grant: { audience: string | null; granted: ReturnType<typeof splitScopes>; nonce?: string; authTime?: string },
  ): Promise<{ response: TokenResponseBody; refresh: boolean; grantedScope: string }> {
    const minted = await this.mint(tenant, client, user, { ...grant, web: false, withAccessToken: true });
    const at = minted.accessToken!;
    const response: TokenResponseBody = {
      access_token: at.token,
      token_type: 'Bearer',
      expires_in: at.lifetime,
      ...(at.scope ? { scope: at.scope } : {}),
      ...(minted.idToken ? { id_token: minted.idToken } : {}),
    };
    return { response, refresh: minted.refresh, grantedScope: minted.grantedScope };
  }

  /**
   * The access token and ID token for a user's grant, with the access decision asked now: the API
   * scopes are what resolveAccess allows today ∩ what was granted. Every user token Gatehouse issues is
   * minted here (code exchange, refresh, implicit and hybrid flows).
   */
  private async mint(
    tenant: Tenant,
    client: Client,
    user: User,
    grant: {
      audience: string | null;
      granted: ReturnType<typeof splitScopes>;
      nonce?: string;
      authTime?: string;
      /** A browser flow: the API's token_lifetime_for_web. */
      web: boolean;
      /** The code the ID token goes with (hybrid flow): its c_hash. */
      code?: string;
      /** Whether the access token is returned (its at_hash in the ID token); it is minted anyway. */
      withAccessToken: boolean;
    },
  ): Promise<{ accessToken?: { token: string; lifetime: number; scope: string }; idToken?: string; refresh: boolean; grantedScope: string }> {
    const rules = flowRulesFor(client.kind);
    const { oidc, offline } = grant.granted;
    let api: ResourceServer | undefined;
    let apiScopes: string[] = [];
    if (grant.audience !== null) {
      api = await this.apis.findByIdentifier(tenant.id, grant.audience);
      if (!api) throw new OAuthError('invalid_grant', `Service not found: ${grant.audience}`);
      const decision = await this.access.decide(tenant, client, api, 'user', grant.granted.api);
      if (!decision.allowed) throw new OAuthError('invalid_grant', `The application may no longer get tokens for this API: ${decision.explanation}`);
      apiScopes = decision.scopes.filter((s) => grant.granted.api.includes(s));
    }
    const openid = oidc.includes('openid');
    const audiences = [...(api ? [api.identifier] : []), ...(openid && rules.userinfo ? [userinfoAudience(tenant.issuer)] : [])];
    if (audiences.length === 0) audiences.push(userinfoAudience(tenant.issuer));
    const refresh = !grant.web && offline && issuesRefreshToken(['offline_access'], api, this.refreshGrantTypes(client));
    const scopes = [...oidc, ...apiScopes, ...(refresh ? ['offline_access'] : [])];
    const nowSeconds = this.clock.nowSeconds();
    const lifetime = grant.web ? (api?.tokenLifetimeForWeb ?? USERINFO_WEB_TOKEN_LIFETIME_SECONDS) : (api?.tokenLifetime ?? USERINFO_TOKEN_LIFETIME_SECONDS);
    const claims = userAccessTokenClaims({
      issuer: tenant.issuer,
      userId: user.userId,
      clientId: client.clientId,
      audiences,
      scopes,
      nowSeconds,
      lifetimeSeconds: lifetime,
    });
    const key = await this.keys.currentKey(tenant.id);
    const accessToken = await new SignJWT({ ...claims }).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: key.kid }).sign(key.privateKey);
    let idToken: string | undefined;
    if (rules.idTokens && openid) {
      const idClaims = idTokenClaims({
        issuer: tenant.issuer,
        user: { userId: user.userId, email: user.email, updatedAt: user.updatedAt, profile: user.profile },
        clientId: client.clientId,
        scopes: oidc,
        accessToken: grant.withAccessToken ? accessToken : undefined,
        code: grant.code,
        nonce: grant.nonce,
        authTime: grant.authTime,
        nowSeconds,
        lifetimeSeconds: this.idTokenLifetime(client),
      });
      idToken = await new SignJWT(idClaims).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: key.kid }).sign(key.privateKey);
    }
    return {
      ...(grant.withAccessToken ? { accessToken: { token: accessToken, lifetime, scope: claims.scope } } : {}),
      ...(idToken ? { idToken } : {}),
      refresh,
      grantedScope: scopes.join(' '),
    };
  }

  /** The client's grant types, narrowed by its mode (a strict client never gets a grant its mode refuses). */
  private refreshGrantTypes(client: Client): readonly string[] {
    const { mode } = client.kind;
    return mode ? client.grantTypes.filter((g) => MODE_RULES[mode].grantTypes.allowed.includes(g)) : client.grantTypes;
  }

  private idTokenLifetime(client: Client): number {
    const jwt = client.settings.jwt_configuration;
    const lifetime = jwt && typeof jwt === 'object' ? (jwt as Record<string, unknown>).lifetime_in_seconds : undefined;
    return typeof lifetime === 'number' && lifetime > 0 ? lifetime : DEFAULT_ID_TOKEN_LIFETIME_SECONDS;
  }

  /** A new refresh token of a family, and its row (stored hashed). */
  private refreshTokenRow(
    client: Client,
    user: User,
    family: { familyId: string; familyStartedAt: Date; codeHash: string | null; audience: string | null; scope: string },
  ): { token: string; row: RefreshTokenRow } {
    const token = newSecret();
    const now = this.clock.now();
    const policy: RefreshTokenPolicy = refreshTokenPolicy(client.kind, this.refreshSettings(client));
    const expiresAt = refreshTokenExpiresAt(policy, { familyStartedAt: family.familyStartedAt, issuedAt: now });
    const row: RefreshTokenRow = {
      id: randomBytes(12).toString('hex'),
      token_hash: hashSecret(token),
      tenant_id: user.tenantId,
      client_id: client.clientId,
      user_id: user.userId,
      family_id: family.familyId,
      code_hash: family.codeHash,
      audience: family.audience,
      scope: family.scope,
      family_started_at: family.familyStartedAt.toISOString(),
      issued_at: now.toISOString(),
      last_used_at: null,
      rotated_at: null,
      revoked_at: null,
      expires_at: expiresAt?.toISOString() ?? null,
    };
    return { token, row };
  }
}

function stateOf(row: RefreshTokenRow) {
  return {
    familyStartedAt: new Date(row.family_started_at),
    issuedAt: new Date(row.issued_at),
    lastUsedAt: row.last_used_at ? new Date(row.last_used_at) : undefined,
    rotatedAt: row.rotated_at ? new Date(row.rotated_at) : undefined,
    revoked: row.revoked_at !== null,
  };
}
