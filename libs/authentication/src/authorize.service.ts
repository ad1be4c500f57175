import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Client, ClientsReader } from '@gatehouse/clients';
import { GATEHOUSE_CONFIG, GatehouseConfig } from '@gatehouse/config';
import { ConnectionsReader } from '@gatehouse/connections';
import { consentPage, errorPage, FlowStateRepository, formPostPage, hashSecret, loginPage, newSecret, sameSecret } from '@gatehouse/authorization';
import { OAuthError } from '@gatehouse/http';
import { LogEventInput, LogWriter, RequestFacts } from '@gatehouse/logs';
import {
  AuthorizeClient,
  AuthorizeErrorCode,
  AuthorizeParams,
  AuthorizeRequest,
  AUTHORIZATION_CODE_LIFETIME_SECONDS,
  checkAuthorizeRequest,
  connectionRefusal,
  flowRulesFor,
  loginConnections,
  OIDC_SCOPES,
  redirectsErrors,
  responseTypeParts,
  rulesRefusal,
} from '@gatehouse/policy';
import { ResourceServer, ResourceServersReader } from '@gatehouse/resource-servers';
import { RulesReader } from '@gatehouse/rules';
import type { AuthorizationTransactionRow } from '@gatehouse/schemas';
import { tenantSettingsFrom } from '@gatehouse/tenant-settings';
import { Clock, Tenant } from '@gatehouse/tenancy';
import { UserGrantsRepository } from '@gatehouse/user-grants';
import { User, UsersReader } from '@gatehouse/users';
import { AccessService } from './access.service';
import { FrontChannelTokens, UserTokensService } from './user-tokens.service';

/**
 * The browser half of the user flows (issue 11 §1, §2): GET /authorize checks the request with the
 * policy's rules, then the login page, the session and the consent page lead to the response sent back
 * to the verified redirect URI: a one-time code (code flow), tokens (implicit flow) or both (hybrid
 * flow), in the query, the fragment or a self-posting form (form_post). Every per-mode rule is read
 * from libs/policy; the access decision is AccessService's, the one the token endpoint asks, and the
 * tokens are minted by UserTokensService, as the token endpoint mints them.
 */

/** Cookies of the flow: the login session (Path=/) and the pending transaction (Path=/u). */
export const SESSION_COOKIE = 'gh_session';
export const TRANSACTION_COOKIE = 'gh_tx';
export const LOGIN_PATH = '/u/login';
export const CONSENT_PATH = '/u/consent';

/** How long a person has between /authorize and the last form (docs/decisions.md, "Login and consent"). */
export const TRANSACTION_LIFETIME_SECONDS = 15 * 60;
/** Auth0's default `session_lifetime` (hours) when the tenant sets none. */
const DEFAULT_SESSION_LIFETIME_HOURS = 168;
/** Longest value read from a form field or used as a lookup key: anything longer is simply wrong. */
const MAX_FIELD = 1024;
const MAX_PASSWORD = 4096;

export interface CookieToSet {
  name: string;
  value: string;
  path: string;
  /** Seconds; 0 clears the cookie. */
  maxAge: number;
}

export type FlowResult =
  | {
      kind: 'page';
      status: number;
      html: string;
      /** The verified redirect URI's origin, where the page's forms' post may be redirected. */
      redirectOrigin?: string;
      /** A form_post response page: its form posts to this redirect URI (and only there). */
      formPostTo?: string;
      cookies: CookieToSet[];
    }
  | { kind: 'redirect'; location: string; cookies: CookieToSet[] };

/** What a transaction remembers between the pages: the checked request and what it was granted. */
interface Pending {
  request: AuthorizeRequest;
  /** The API the code is for (undefined when only the user's identity is asked for). */
  audience?: string;
  apiName?: string;
  /** The API's descriptions of the granted scopes, for the consent page. */
  scopeDescriptions?: Record<string, string>;
  /** Granted scopes: the access decision ∩ requested, plus OIDC scopes where allowed and offline_access. */
  scopes: string[];
  /** Where the consent is stored: the API, or the tenant's /userinfo for an identity-only request (as Auth0 does). */
  consentAudience: string;
  /** Connections this login may use (already filtered by the policy), by name. */
  connections: string[];
}

/** A form post of the login or consent page, as sent (every member unknown until checked). */
export interface FlowForm {
  transaction?: unknown;
  csrf?: unknown;
  connection?: unknown;
  email?: unknown;
  password?: unknown;
  decision?: unknown;
}

type Cookies = Readonly<Record<string, string | undefined>>;

/** A string worth looking up: bounded, and free of NUL (which PostgreSQL refuses in text). */
function field(v: unknown, max = MAX_FIELD): string | undefined {
  return typeof v === 'string' && v !== '' && v.length <= max && !v.includes('\u0000') ? v : undefined;
}

function isPending(v: unknown): v is Pending {
  const p = v as Partial<Pending> | null;
  return !!p && typeof p === 'object' && !!p.request && Array.isArray(p.scopes) && Array.isArray(p.connections) && typeof p.consentAudience === 'string';
}

@Injectable()
export class AuthorizeService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Authorize');

  constructor(
    @Inject(ClientsReader) private readonly clients: ClientsReader,
    @Inject(ResourceServersReader) private readonly apis: ResourceServersReader,
    @Inject(AccessService) private readonly access: AccessService,
    @Inject(UserTokensService) private readonly userTokens: UserTokensService,
    @Inject(FlowStateRepository) private readonly flows: FlowStateRepository,
    @Inject(ConnectionsReader) private readonly connections: ConnectionsReader,
    @Inject(UsersReader) private readonly users: UsersReader,
    @Inject(UserGrantsRepository) private readonly consents: UserGrantsRepository,
    @Inject(RulesReader) private readonly rules: RulesReader,
    @Inject(LogWriter) private readonly logs: LogWriter,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(GATEHOUSE_CONFIG) private readonly config: GatehouseConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.testLogin) {
      this.logger.warn(
        `GATEHOUSE_TEST_LOGIN is set: /authorize logs ${this.config.testLogin} in and consents for them WITHOUT asking anyone. For CI only; never on a shared instance.`,
      );
    }
  }

  // GET /authorize -------------------------------------------------------------------------------------

  async authorize(tenant: Tenant, params: AuthorizeParams, cookies: Cookies, facts: RequestFacts): Promise<FlowResult> {
    const clientId = field(params.client_id, 128);
    const client = clientId ? await this.clients.find(tenant.id, clientId) : undefined;
    const outcome = checkAuthorizeRequest(params, client ? authorizeClientOf(client) : undefined, {
      resourceParameterProfile: tenantSettingsFrom(tenant.settings).resourceParameterProfile,
    });
    if (outcome.outcome === 'error_page') return errorResult(400, outcome.error, outcome.description);
    if (outcome.outcome === 'redirect_error') {
      return this.redirectError(
        tenant,
        { redirectUri: outcome.redirectUri, responseMode: outcome.responseMode, state: outcome.state },
        outcome.error,
        outcome.description,
      );
    }
    const c = client!;
    const request = outcome.request;
    const fail = (error: AuthorizeErrorCode, description: string) => this.fail(tenant, c, request, error, description);

    const rulesError = rulesRefusal(c.kind, await this.enabledRules(tenant.id));
    if (rulesError) return fail('access_denied', rulesError);

    const all = await this.connections.forClient(tenant.id, c.clientId);
    if (request.connection !== undefined) {
      const refused = connectionRefusal(
        c.kind,
        request.connection,
        all.find((x) => x.name === request.connection),
      );
      if (refused) return fail('invalid_request', refused);
    }
    const usable = loginConnections(c.kind, all)
      .map((x) => x.name)
      .filter((name) => request.connection === undefined || name === request.connection);
    if (usable.length === 0) {
      return fail(
        'invalid_request',
        c.kind.firstParty || c.kind.mode !== 'strict'
          ? 'No connection is enabled for this application: enable a database connection for it'
          : 'No domain-level connection in this tenant: strict third-party applications may only log in through domain-level connections (is_domain_connection)',
      );
    }

    const grantedOrError = await this.grantedScopes(tenant, c, request);
    if ('error' in grantedOrError) return fail(grantedOrError.error, grantedOrError.description);
    const pending: Pending = { request, ...grantedOrError, connections: usable };

    const csrf = newSecret();
    const at = this.clock.nowMs();
    const tx: AuthorizationTransactionRow = {
      id: newSecret(),
      tenant_id: tenant.id,
      client_id: c.clientId,
      request: pending as unknown as AuthorizationTransactionRow['request'],
      csrf_hash: hashSecret(csrf),
      user_id: null,
      auth_time: null,
      created_at: new Date(at).toISOString(),
      expires_at: new Date(at + TRANSACTION_LIFETIME_SECONDS * 1000).toISOString(),
    };
    await this.flows.createTransaction(tx);

    if (this.config.testLogin) return this.testLogin(tenant, c, tx, pending, facts);

    const session = await this.sessionUser(tenant, cookies, pending, request);
    if (!session) {
      if (request.prompt.includes('none')) return this.endWithError(tenant, c, tx, 'login_required', 'The user is not logged in (prompt=none)');
      return this.loginForm(tenant, c, tx, pending, csrf, {}, 200);
    }
    await this.flows.attachUser(tenant.id, tx.id, session.user.userId, session.authTime);
    return this.afterLogin(tenant, c, { ...tx, user_id: session.user.userId, auth_time: session.authTime }, pending, csrf, session.user, []);
  }

  // POST /u/login --------------------------------------------------------------------------------------

  async login(tenant: Tenant, form: FlowForm, cookies: Cookies, facts: RequestFacts): Promise<FlowResult> {
    const checked = await this.checkForm(tenant, form, cookies);
    if ('result' in checked) return checked.result;
    const { tx, pending, client, csrf } = checked;
    const connection = field(form.connection, 128) ?? pending.connections[0];
    const email = field(form.email, 512);
    const password = field(form.password, MAX_PASSWORD);
    if (!connection || !pending.connections.includes(connection)) {
      return this.loginForm(tenant, client, tx, pending, csrf, { email, error: 'Choose one of the connections offered.' }, 400);
    }
    const base: LogEventInput = { type: 's', client_id: client.clientId, client_name: client.name, connection, ...facts, details: flowDetails(pending) };
    const user = email && password ? await this.users.authenticate(tenant.id, connection, email, password) : undefined;
    if (!user) {
      const known = email ? await this.users.findByLogin(tenant.id, connection, email) : undefined;
      await this.logs.recordFailure(
        tenant.id,
        known
          ? { ...base, type: 'fp', description: 'Wrong email or password.', user_id: known.userId, user_name: email }
          : { ...base, type: 'fu', description: 'Wrong email or password.', user_name: email },
      );
      return this.loginForm(tenant, client, tx, pending, csrf, { email, error: 'Wrong email or password.' }, 400);
    }
    if (user.profile.blocked === true) {
      await this.logs.recordFailure(tenant.id, { ...base, type: 'f', description: 'user is blocked', user_id: user.userId, user_name: email });
      return this.loginForm(tenant, client, tx, pending, csrf, { email, error: 'This account is blocked. Contact the administrator.' }, 403);
    }
    const at = this.clock.nowMs();
    const authTime = new Date(at).toISOString();
    await this.flows.attachUser(tenant.id, tx.id, user.userId, authTime);
    const session = newSecret();
    await this.flows.createSession({
      id_hash: hashSecret(session),
      tenant_id: tenant.id,
      user_id: user.userId,
      auth_time: authTime,
      created_at: authTime,
      expires_at: new Date(at + this.sessionLifetimeSeconds(tenant) * 1000).toISOString(),
    });
    await this.logs.record(tenant.id, { ...base, description: 'Successful login', user_id: user.userId, user_name: email });
    const sessionCookie: CookieToSet = { name: SESSION_COOKIE, value: session, path: '/', maxAge: this.sessionLifetimeSeconds(tenant) };
    return this.afterLogin(tenant, client, { ...tx, user_id: user.userId, auth_time: authTime }, pending, csrf, user, [sessionCookie]);
  }

  // POST /u/consent ------------------------------------------------------------------------------------

  async consent(tenant: Tenant, form: FlowForm, cookies: Cookies): Promise<FlowResult> {
    const checked = await this.checkForm(tenant, form, cookies);
    if ('result' in checked) return checked.result;
    const { tx, pending, client } = checked;
    if (!tx.user_id || !tx.auth_time) return errorResult(403, 'access_denied', 'Log in before consenting.');
    if (form.decision !== 'accept') {
      return this.endWithError(tenant, client, tx, 'access_denied', 'The user denied the request');
    }
    await this.consents.grant({
      tenantId: tenant.id,
      userId: tx.user_id,
      clientId: client.clientId,
      audience: pending.consentAudience,
      scopes: pending.scopes,
      at: this.now(),
    });
    return this.complete(tenant, client, tx, pending);
  }

  // The steps ------------------------------------------------------------------------------------------

  /** The API and the scopes the request may get, or why not (the access decision for subject type user). */
  private async grantedScopes(
    tenant: Tenant,
    client: Client,
    request: AuthorizeRequest,
  ): Promise<{ error: AuthorizeErrorCode; description: string } | Omit<Pending, 'request' | 'connections'>> {
    const rules = flowRulesFor(client.kind);
    const oidc = rules.idTokens ? request.scopes.filter((s) => OIDC_SCOPES.includes(s)) : [];
    const offline = request.scopes.includes('offline_access') ? ['offline_access'] : [];
    const apiScopes = request.scopes.filter((s) => !OIDC_SCOPES.includes(s) && s !== 'offline_access');
    const defaultAudience = tenantSettingsFrom(tenant.settings).settings.default_audience;
    const audience = request.audience ?? (typeof defaultAudience === 'string' && defaultAudience !== '' ? defaultAudience : undefined);
    if (audience === undefined) {
      if (!rules.idTokens) {
        return {
          error: 'invalid_request',
          description: 'Send audience (or resource) naming an API: this application gets access tokens for APIs only (no OIDC scopes or ID tokens)',
        };
      }
      return { scopes: [...oidc, ...offline], consentAudience: `${tenant.issuer}userinfo` };
    }
    const api: ResourceServer | undefined = field(audience, 600) ? await this.apis.findByIdentifier(tenant.id, audience) : undefined;
    if (!api) return { error: 'access_denied', description: `Service not found: ${audience}` };
    const decision = await this.access.decide(tenant, client, api, 'user', apiScopes);
    if (!decision.allowed) return { error: 'access_denied', description: decision.explanation };
    return {
      audience: api.identifier,
      apiName: api.name,
      scopeDescriptions: { ...api.scopeDescriptions },
      scopes: [...oidc, ...decision.scopes, ...offline],
      consentAudience: api.identifier,
    };
  }

  /** A session cookie's user, when the session is valid and this request may use it. */
  private async sessionUser(
    tenant: Tenant,
    cookies: Cookies,
    pending: Pending,
    request: AuthorizeRequest,
  ): Promise<{ user: User; authTime: string } | undefined> {
    const secret = field(cookies[SESSION_COOKIE]);
    if (!secret || request.prompt.includes('login')) return undefined;
    const session = await this.flows.findSession(tenant.id, hashSecret(secret));
    if (!session || session.expires_at <= this.now()) return undefined;
    if (request.maxAge !== undefined && this.clock.nowMs() - Date.parse(session.auth_time) > request.maxAge * 1000) return undefined;
    const user = await this.users.find(tenant.id, session.user_id);
    if (!user || user.profile.blocked === true) return undefined;
    // A session opens only what this login could: a user of a connection the application may use.
    for (const name of pending.connections) {
      const connection = await this.connections.findByName(tenant.id, name);
      if (connection?.id === user.connectionId) return { user, authTime: session.auth_time };
    }
    return undefined;
  }

  /** Logged in: consent when it is needed, else the code. */
  private async afterLogin(
    tenant: Tenant,
    client: Client,
    tx: AuthorizationTransactionRow,
    pending: Pending,
    csrf: string,
    user: User,
    cookies: CookieToSet[],
  ): Promise<FlowResult> {
    let result: FlowResult;
    if (await this.needsConsent(tenant, client, user.userId, pending)) {
      if (pending.request.prompt.includes('none')) {
        result = await this.endWithError(tenant, client, tx, 'consent_required', `The user has not consented to ${client.name} for these scopes (prompt=none)`);
      } else {
        const html = consentPage({
          action: CONSENT_PATH,
          transaction: tx.id,
          csrf,
          clientName: client.name,
          userName: user.profile.name ?? user.email ?? user.userId,
          apiName: pending.apiName,
          scopes: pending.scopes.map((value) => ({ value, description: pending.scopeDescriptions?.[value] })),
        });
        result = { kind: 'page', status: 200, html, redirectOrigin: originOf(pending.request.redirectUri), cookies: [this.transactionCookie(tx.id)] };
      }
    } else {
      result = await this.complete(tenant, client, tx, pending);
    }
    return { ...result, cookies: [...cookies, ...result.cookies] };
  }

  /** Third-party clients ask unless a stored consent covers every granted scope; first-party ones never ask. */
  private async needsConsent(tenant: Tenant, client: Client, userId: string, pending: Pending): Promise<boolean> {
    if (client.kind.firstParty) return false;
    if (pending.request.prompt.includes('consent')) return true;
    const stored = await this.consents.findConsent(tenant.id, userId, client.clientId, pending.consentAudience);
    return !stored || pending.scopes.some((s) => !stored.scopes.includes(s));
  }

  /**
   * The end of a successful authorization: what the response type asks for (OIDC Core §3.3.2.5) — a
   * one-time code, an access token, an ID token — sent back as the response mode says. Tokens are minted
   * (and may still be refused) before anything is stored; the code is stored as the transaction ends, so
   * a transaction completes once and nothing leaves for a transaction already completed.
   */
  private async complete(tenant: Tenant, client: Client, tx: AuthorizationTransactionRow, pending: Pending): Promise<FlowResult> {
    const at = this.clock.nowMs();
    const { request } = pending;
    const parts = responseTypeParts(request.responseType);
    const code = parts.code ? newSecret() : undefined;
    let tokens: FrontChannelTokens = {};
    if (parts.accessToken || parts.idToken) {
      try {
        tokens = await this.userTokens.frontChannel(tenant, client, tx.user_id!, {
          audience: pending.audience ?? null,
          scopes: pending.scopes,
          nonce: request.nonce,
          authTime: tx.auth_time!,
          accessToken: parts.accessToken,
          idToken: parts.idToken,
          code,
        });
      } catch (e) {
        if (!(e instanceof OAuthError)) throw e;
        return this.endWithError(tenant, client, tx, 'access_denied', e.description);
      }
    }
    const completed = code
      ? await this.flows.completeWithCode(tenant.id, tx.id, {
          code_hash: hashSecret(code),
          tenant_id: tenant.id,
          client_id: client.clientId,
          user_id: tx.user_id!,
          redirect_uri: request.redirectUri,
          audience: pending.audience ?? null,
          scope: pending.scopes.join(' '),
          nonce: request.nonce ?? null,
          code_challenge: request.codeChallenge?.value ?? null,
          code_challenge_method: request.codeChallenge?.method ?? null,
          auth_time: tx.auth_time!,
          created_at: new Date(at).toISOString(),
          expires_at: new Date(at + AUTHORIZATION_CODE_LIFETIME_SECONDS * 1000).toISOString(),
          consumed_at: null,
        })
      : await this.flows.endTransaction(tenant.id, tx.id);
    if (!completed) return errorResult(400, 'invalid_request', 'This authorization was already completed. Start again from the application.');
    const result = this.respond(request, { code, ...stringValues(tokens), state: request.state, iss: tenant.issuer });
    return { ...result, cookies: [...result.cookies, clearCookie(TRANSACTION_COOKIE, '/u')] };
  }

  /** The authorization response (or an error that may be redirected) delivered as the response mode says. */
  private respond(to: Pick<AuthorizeRequest, 'redirectUri' | 'responseMode'>, params: Record<string, string | undefined>): FlowResult {
    if (to.responseMode === 'form_post') {
      return { kind: 'page', status: 200, html: formPostPage({ redirectUri: to.redirectUri, params }), formPostTo: to.redirectUri, cookies: [] };
    }
    return { kind: 'redirect', location: redirectTo(to.redirectUri, to.responseMode, params), cookies: [] };
  }

  /** CI test mode: the configured user logs in and consents, with no page shown (docs/decisions.md, "Test login"). */
  private async testLogin(tenant: Tenant, client: Client, tx: AuthorizationTransactionRow, pending: Pending, facts: RequestFacts): Promise<FlowResult> {
    const email = this.config.testLogin!;
    for (const connection of pending.connections) {
      const user = await this.users.findByLogin(tenant.id, connection, email);
      if (!user) continue;
      if (user.profile.blocked === true) return this.endWithError(tenant, client, tx, 'access_denied', `GATEHOUSE_TEST_LOGIN: the user ${email} is blocked`);
      const authTime = this.now();
      await this.logs.record(tenant.id, {
        type: 's',
        description: 'Successful login (GATEHOUSE_TEST_LOGIN test mode)',
        client_id: client.clientId,
        client_name: client.name,
        connection,
        user_id: user.userId,
        user_name: email,
        ...facts,
        details: flowDetails(pending),
      });
      if (!client.kind.firstParty) {
        await this.consents.grant({
          tenantId: tenant.id,
          userId: user.userId,
          clientId: client.clientId,
          audience: pending.consentAudience,
          scopes: pending.scopes,
          at: authTime,
        });
      }
      return this.complete(tenant, client, { ...tx, user_id: user.userId, auth_time: authTime }, pending);
    }
    return this.endWithError(
      tenant,
      client,
      tx,
      'access_denied',
      `GATEHOUSE_TEST_LOGIN names ${email}, who is not a user of a connection this application may use (${pending.connections.join(', ')})`,
    );
  }

  /** The form's transaction: it exists, has not expired, and both its cookie and its CSRF token match. */
  private async checkForm(
    tenant: Tenant,
    form: FlowForm,
    cookies: Cookies,
  ): Promise<{ result: FlowResult } | { tx: AuthorizationTransactionRow; pending: Pending; client: Client; csrf: string }> {
    const refused = {
      result: errorResult(
        403,
        'access_denied',
        'This form could not be verified (missing or mismatched transaction or CSRF token). Start again from the application.',
      ),
    };
    const id = field(form.transaction, 128);
    const csrf = field(form.csrf, 128);
    const cookie = field(cookies[TRANSACTION_COOKIE], 128);
    if (!id || !csrf || !cookie || !sameSecret(id, cookie)) return refused;
    const tx = await this.flows.findTransaction(tenant.id, id);
    if (!tx || !sameSecret(hashSecret(csrf), tx.csrf_hash) || !isPending(tx.request)) return refused;
    if (tx.expires_at <= this.now()) {
      await this.flows.endTransaction(tenant.id, tx.id);
      return { result: errorResult(400, 'invalid_request', 'This authorization has expired. Start again from the application.') };
    }
    const client = await this.clients.find(tenant.id, tx.client_id);
    if (!client) return { result: errorResult(400, 'invalid_request', 'The application no longer exists.') };
    return { tx, pending: tx.request, client, csrf };
  }

  private loginForm(
    tenant: Tenant,
    client: Client,
    tx: AuthorizationTransactionRow,
    pending: Pending,
    csrf: string,
    p: { email?: string; error?: string },
    status: number,
  ): FlowResult {
    const friendly = tenantSettingsFrom(tenant.settings).settings.friendly_name;
    const html = loginPage({
      action: LOGIN_PATH,
      transaction: tx.id,
      csrf,
      clientName: client.name,
      tenantName: typeof friendly === 'string' && friendly !== '' ? friendly : tenant.domain,
      connections: pending.connections,
      email: p.email ?? pending.request.loginHint,
      error: p.error,
    });
    return { kind: 'page', status, html, redirectOrigin: originOf(pending.request.redirectUri), cookies: [this.transactionCookie(tx.id)] };
  }

  /** An error after the client is identified: an error page or a redirect, as its redirection policy says. */
  private fail(tenant: Tenant, client: Client, request: AuthorizeRequest, error: AuthorizeErrorCode, description: string): FlowResult {
    if (!redirectsErrors(authorizeClientOf(client))) return errorResult(400, error, description);
    return this.redirectError(tenant, request, error, description);
  }

  private async endWithError(
    tenant: Tenant,
    client: Client,
    tx: AuthorizationTransactionRow,
    error: AuthorizeErrorCode,
    description: string,
  ): Promise<FlowResult> {
    await this.flows.endTransaction(tenant.id, tx.id);
    const result = this.fail(tenant, client, (tx.request as unknown as Pending).request, error, description);
    return { ...result, cookies: [...result.cookies, clearCookie(TRANSACTION_COOKIE, '/u')] };
  }

  private redirectError(
    tenant: Tenant,
    to: Pick<AuthorizeRequest, 'redirectUri' | 'responseMode' | 'state'>,
    error: AuthorizeErrorCode,
    description: string,
  ): FlowResult {
    return this.respond(to, { error, error_description: description, state: to.state, iss: tenant.issuer });
  }

  /** How many enabled Rules the tenant has (a strict client's login is refused while there is one). */
  private enabledRules(tenantId: string): Promise<number> {
    return this.rules.enabledCount(tenantId);
  }

  private transactionCookie(id: string): CookieToSet {
    return { name: TRANSACTION_COOKIE, value: id, path: '/u', maxAge: TRANSACTION_LIFETIME_SECONDS };
  }

  /** The tenant's `session_lifetime` (hours), Auth0's default otherwise. */
  private sessionLifetimeSeconds(tenant: Tenant): number {
    const hours = tenantSettingsFrom(tenant.settings).settings.session_lifetime;
    return Math.round((typeof hours === 'number' && hours > 0 ? hours : DEFAULT_SESSION_LIFETIME_HOURS) * 3600);
  }

  private now(): string {
    return this.clock.now().toISOString();
  }
}

/** The facts of a client that /authorize's rules read. */
export function authorizeClientOf(client: Client): AuthorizeClient {
  const policy = client.settings.redirection_policy;
  return {
    kind: client.kind.firstParty ? { firstParty: true } : { firstParty: false, mode: client.kind.mode },
    grantTypes: client.grantTypes,
    callbacks: client.callbacks,
    ...(typeof policy === 'string' ? { redirectionPolicy: policy } : {}),
  };
}

export function errorResult(status: number, error: string, description: string): FlowResult {
  return { kind: 'page', status, html: errorPage({ error, description }), cookies: [] };
}

/** The front channel's token response as parameters (expires_in as text). */
function stringValues(tokens: FrontChannelTokens): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(tokens).map(([k, v]) => [k, v === undefined ? undefined : String(v)]));
}

function clearCookie(name: string, path: string): CookieToSet {
  return { name, value: '', path, maxAge: 0 };
}

function originOf(uri: string): string | undefined {
  try {
    const origin = new URL(uri).origin;
    return origin === 'null' ? undefined : origin;
  } catch {
    return undefined;
  }
}

/** The redirect URI with the response's parameters in its query or fragment (its own query kept). */
export function redirectTo(redirectUri: string, mode: AuthorizeRequest['responseMode'], params: Record<string, string | undefined>): string {
  const url = new URL(redirectUri);
  const values = Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined);
  if (mode === 'fragment') {
    url.hash = new URLSearchParams(values).toString();
  } else {
    for (const [k, v] of values) url.searchParams.append(k, v);
  }
  return url.toString();
}

/** What a login's authorization request used, for its tenant log event (the migration report reads it). */
function flowDetails(pending: Pending): Record<string, unknown> {
  const { request } = pending;
  return { response_type: request.responseType, requested_scope: request.scopes.join(' '), pkce: request.codeChallenge !== undefined };
}
