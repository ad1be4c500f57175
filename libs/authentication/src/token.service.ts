import { Inject, Injectable } from '@nestjs/common';
import { SignJWT } from 'jose';
import type { TokenResponseBody } from '@gatehouse/contract';
import { ClientsReader } from '@gatehouse/clients';
import { ResourceServersReader } from '@gatehouse/resource-servers';
import { OAuthError } from '@gatehouse/http';
import { LogWriter, RequestFacts, TOKEN_EXCHANGE_EVENTS } from '@gatehouse/logs';
import { SecretBox } from '@gatehouse/persistence';
import { MODE_RULES, parseScope } from '@gatehouse/policy';
import { Clock, SigningKeysService, Tenant } from '@gatehouse/tenancy';
import { AccessService } from './access.service';
import { presentedCredentials, secretsEqual } from './client-authentication';
import { clientCredentialsClaims } from './token-claims';
import { ACCEPTED_CLIENT_AUTH_METHODS, ACCEPTED_GRANT_TYPES, TokenRequest } from './token-endpoint';
import { UserTokensService } from './user-tokens.service';

/** The client a token request names, for the log (undefined when it names none readable). */
function namedClient(authorization: string | undefined, body: TokenRequest): string | undefined {
  try {
    return presentedCredentials(authorization, body).clientId;
  } catch {
    return typeof body.client_id === 'string' ? body.client_id : undefined;
  }
}

/** POST /oauth/token. Every lookup is scoped to the Host's tenant. */
@Injectable()
export class TokenService {
  constructor(
    @Inject(SecretBox) private readonly box: SecretBox,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(SigningKeysService) private readonly keys: SigningKeysService,
    @Inject(AccessService) private readonly access: AccessService,
    @Inject(LogWriter) private readonly logs: LogWriter,
    @Inject(ClientsReader) private readonly clients: ClientsReader,
    @Inject(ResourceServersReader) private readonly apis: ResourceServersReader,
    @Inject(UserTokensService) private readonly userTokens: UserTokensService,
  ) {}

  /**
   * One exchange; those of the grant types Gatehouse serves are tenant log events (seccft / feccft,
   * seacft / feacft, sertft / fertft). Codes, tokens and secrets never reach the log.
   */
  async exchange(tenant: Tenant, authorization: string | undefined, body: TokenRequest, facts: RequestFacts): Promise<TokenResponseBody> {
    const events = typeof body.grant_type === 'string' ? TOKEN_EXCHANGE_EVENTS[body.grant_type] : undefined;
    // Durable before the answer leaves: a token response acknowledges the exchange (issue 12 §1).
    const log = async (type: 'success' | 'failure', extra: { description?: string; scope?: string; user_id?: string; details?: Record<string, unknown> }) => {
      if (!events) return;
      const event = {
        type: events[type],
        client_id: namedClient(authorization, body),
        audience: typeof body.audience === 'string' ? body.audience : undefined,
        ...facts,
        ...extra,
      };
      // No token without its event; a refusal is answered even when its event must wait for a retry.
      await (type === 'success' ? this.logs.record(tenant.id, event) : this.logs.recordFailure(tenant.id, event));
    };
    let exchanged: { response: TokenResponseBody; userId?: string; details?: Record<string, unknown> };
    try {
      exchanged = await this.exchangeGrant(tenant, authorization, body);
    } catch (e) {
      if (e instanceof OAuthError) await log('failure', { description: e.description, details: { error: e.code } });
      throw e;
    }
    const { response, userId, details } = exchanged;
    await log('success', { description: events?.name, scope: response.scope, ...(userId ? { user_id: userId } : {}), ...(details ? { details } : {}) });
    return response;
  }

  private async exchangeGrant(
    tenant: Tenant,
    authorization: string | undefined,
    body: TokenRequest,
  ): Promise<{ response: TokenResponseBody; userId?: string }> {
    const grantType = body.grant_type;
    if (typeof grantType !== 'string' || grantType === '') throw new OAuthError('invalid_request', 'Missing required parameter: grant_type');
    if (!ACCEPTED_GRANT_TYPES.includes(grantType)) {
      throw new OAuthError('unsupported_grant_type', `Unsupported grant type: ${grantType}`);
    }
    switch (grantType) {
      case 'authorization_code':
        return this.userTokens.authorizationCode(tenant, await this.userTokens.authenticate(tenant, authorization, body), body);
      case 'refresh_token':
        return this.userTokens.refreshToken(tenant, await this.userTokens.authenticate(tenant, authorization, body), body);
      default:
        return { response: await this.clientCredentials(tenant, authorization, body) };
    }
  }

  private async clientCredentials(tenant: Tenant, authorization: string | undefined, body: TokenRequest): Promise<TokenResponseBody> {
    const presented = presentedCredentials(authorization, body);
    const client = await this.clients.find(tenant.id, presented.clientId);
    // One message for unknown client and bad secret: which client ids exist is not disclosed.
    const storedSecret = client?.sealedSecret ? this.box.open(client.sealedSecret) : undefined;
    const methodAccepted = ACCEPTED_CLIENT_AUTH_METHODS.includes(presented.method);
    if (!client || !methodAccepted || !presented.clientSecret || !storedSecret || !secretsEqual(presented.clientSecret, storedSecret)) {
      // RFC 6749 §5.2: a failed HTTP Basic authentication answers with WWW-Authenticate.
      const challenge = presented.method === 'client_secret_basic' ? { 'www-authenticate': 'Basic realm="oauth"' } : undefined;
      throw new OAuthError('invalid_client', 'Unauthorized', challenge);
    }
    const { mode } = client.kind;
    if (!client.grantTypes.includes('client_credentials') || (mode && !MODE_RULES[mode].grantTypes.allowed.includes('client_credentials'))) {
      throw new OAuthError('unauthorized_client', "Grant type 'client_credentials' not allowed for the client.");
    }
    const audience = typeof body.audience === 'string' ? body.audience : undefined;
    if (!audience) {
      throw new OAuthError('access_denied', 'No audience parameter was provided, and no default audience has been configured');
    }
    const api = await this.apis.findByIdentifier(tenant.id, audience);
    if (!api) throw new OAuthError('access_denied', `Service not found: ${audience}`);
    const requested = parseScope(typeof body.scope === 'string' ? body.scope : undefined);
    const decision = await this.access.decide(tenant, client, api, 'client', requested);
    if (!decision.allowed) throw new OAuthError('access_denied', decision.explanation);
    const scopes = decision.scopes;
    const lifetime = api.tokenLifetime;
    const claims = clientCredentialsClaims({
      issuer: tenant.issuer,
      clientId: client.clientId,
      audience,
      scopes,
      nowSeconds: this.clock.nowSeconds(),
      lifetimeSeconds: lifetime,
    });
    const key = await this.keys.currentKey(tenant.id);
    const accessToken = await new SignJWT({ ...claims }).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: key.kid }).sign(key.privateKey);
    return { access_token: accessToken, token_type: 'Bearer', expires_in: lifetime, ...(claims.scope ? { scope: claims.scope } : {}) };
  }
}
