import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ClientRegistrationResponseBody } from '@gatehouse/contract';
import { ClientsService } from '@gatehouse/clients';
import { OAuthError } from '@gatehouse/http';
import { LogEventInput, LogWriter, RequestFacts } from '@gatehouse/logs';
import { inAmbientTransaction, SharedRateLimiter } from '@gatehouse/persistence';
import { dcrMode, exactUrlViolations, MODE_RULES, REGISTRATION_AUTH_METHODS, SecurityMode, Violation } from '@gatehouse/policy';
import { Clock, EligibilityService, Tenant } from '@gatehouse/tenancy';
import { tenantSettingsFrom } from '@gatehouse/tenant-settings';

/** SPEC §7: 5 registrations per second per tenant, shared by every instance. */
export const DCR_LIMIT_PER_SECOND = 5;

/**
 * The client metadata of a registration request (RFC 7591 §2) as sent: any value may arrive, so each is
 * checked where it is read, and other members are ignored (RFC 7591 §3.1), not refused by the global pipe.
 */
export interface RegistrationRequest {
  redirect_uris?: unknown;
  token_endpoint_auth_method?: unknown;
  grant_types?: unknown;
  response_types?: unknown;
  client_name?: unknown;
  application_type?: unknown;
  logo_uri?: unknown;
}

export interface RegistrationResult {
  status: 201;
  body: ClientRegistrationResponseBody;
  /** The security mode the registered client got. */
  mode: SecurityMode;
  headers: Record<string, string>;
}

function metadataError(description: string): OAuthError {
  return new OAuthError('invalid_client_metadata', description);
}

function stringArray(v: unknown, name: string): string[] | undefined {
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || !v.every((x): x is string => typeof x === 'string')) throw metadataError(`${name} must be an array of strings`);
  return v;
}

function isRegistrationAuthMethod(v: unknown): v is ClientRegistrationResponseBody['token_endpoint_auth_method'] {
  return typeof v === 'string' && REGISTRATION_AUTH_METHODS.includes(v);
}

/** An exact, absolute redirect URI: parseable, no wildcard, no fragment (RFC 7591 §2, seed 002). */
function checkRedirectUri(uri: string): void {
  if (!URL.canParse(uri)) throw new OAuthError('invalid_redirect_uri', `redirect_uri is not an absolute URL: ${uri}`);
  const [violation] = exactUrlViolations('redirect_uris', [uri]);
  if (violation) throw new OAuthError('invalid_redirect_uri', violation.message);
}

/** POST /oidc/register: open Dynamic Client Registration (RFC 7591), no RFC 7592. */
@Injectable()
export class RegistrationService {
  private readonly limiter: SharedRateLimiter;

  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(ClientsService) private readonly clients: ClientsService,
    @Inject(EligibilityService) private readonly eligibility: EligibilityService,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(LogWriter) private readonly logs: LogWriter,
  ) {
    this.limiter = new SharedRateLimiter(ds);
  }

  /**
   * One registration, and its tenant log event: sdcr (committed in the transaction that creates the
   * client), fdcr (on disk before the refusal is answered), or api_limit when over the limit (written by
   * the writer's next batch, not awaited).
   */
  async register(tenant: Tenant, raw: unknown, facts: RequestFacts): Promise<RegistrationResult> {
    try {
      return await this.registerLimited(tenant, raw, facts);
    } catch (e) {
      if (e instanceof OAuthError) {
        const event: LogEventInput = {
          type: e.code === 'too_many_requests' ? 'api_limit' : 'fdcr',
          description: e.description,
          ...facts,
          details: { error: e.code },
        };
        // A refusal for the rate limit acknowledges nothing, and a flood of them must stay cheap: its
        // api_limit event goes into the writer's durable batch without the answer waiting for the disk
        // (issue 13 P4: the 429's latency). Other refusals are answered once their event is written.
        if (e.code === 'too_many_requests') void this.logs.recordFailure(tenant.id, event);
        else await this.logs.recordFailure(tenant.id, event);
      }
      throw e;
    }
  }

  private async registerLimited(tenant: Tenant, raw: unknown, facts: RequestFacts): Promise<RegistrationResult> {
    const hit = await this.limiter.hit(`dcr:${tenant.id}`, DCR_LIMIT_PER_SECOND, 1000, this.clock.nowMs());
    const headers = {
      'x-ratelimit-limit': String(hit.limit),
      'x-ratelimit-remaining': String(hit.remaining),
      'x-ratelimit-reset': String(Math.ceil(hit.resetAtMs / 1000)),
    };
    if (!hit.allowed) {
      throw new OAuthError('too_many_requests', `Dynamic Client Registration is limited to ${DCR_LIMIT_PER_SECOND} requests per second per tenant.`, {
        ...headers,
        'retry-after': String(Math.max(1, Math.ceil((hit.resetAtMs - this.clock.nowMs()) / 1000))),
      });
    }
    try {
      // The client and its sdcr event commit together, or neither does (issue 12 §1).
      return await inAmbientTransaction(this.ds, async (em) => {
        const result = await this.registerWithin(tenant, raw, headers);
        const { client_id, client_name, token_endpoint_auth_method, redirect_uris, grant_types } = result.body;
        await this.logs.writeWithin(em, tenant.id, {
          type: 'sdcr',
          description: 'Dynamic Client Registration',
          client_id,
          client_name,
          ...facts,
          details: { token_endpoint_auth_method, redirect_uris, grant_types, third_party_security_mode: result.mode },
        });
        return result;
      });
    } catch (e) {
      // Every answer after the limiter counted the request carries the rate-limit headers.
      if (e instanceof OAuthError) throw new OAuthError(e.code, e.description, { ...headers, ...e.headers });
      throw e;
    }
  }

  private async registerWithin(tenant: Tenant, raw: unknown, headers: Record<string, string>): Promise<RegistrationResult> {
    const settings = tenantSettingsFrom(tenant.settings);
    if (!settings.dcrEnabled) {
      throw new OAuthError('access_denied', 'Dynamic Client Registration is not enabled for this tenant.');
    }
    const body: RegistrationRequest = raw && typeof raw === 'object' && !Array.isArray(raw) ? raw : {};
    const redirectUris = stringArray(body.redirect_uris, 'redirect_uris');
    if (!redirectUris || redirectUris.length === 0) throw new OAuthError('invalid_redirect_uri', 'redirect_uris is required and must not be empty');
    redirectUris.forEach(checkRedirectUri);

    const authMethod = body.token_endpoint_auth_method ?? 'client_secret_post';
    if (!isRegistrationAuthMethod(authMethod)) {
      throw metadataError(`token_endpoint_auth_method must be one of ${REGISTRATION_AUTH_METHODS.join(', ')}`);
    }
    const mode: SecurityMode = dcrMode({
      setting: settings.dcrMode,
      eligible: await this.eligibility.isEligible(tenant.accountId),
      now: this.clock.now(),
    });
    const grantTypes = stringArray(body.grant_types, 'grant_types') ?? ['authorization_code', 'refresh_token'];
    const responseTypes = stringArray(body.response_types, 'response_types') ?? ['code'];
    const allowedResponseTypes = MODE_RULES[mode].registrationResponseTypes;
    if (allowedResponseTypes !== 'any' && responseTypes.some((r) => !allowedResponseTypes.includes(r))) {
      throw metadataError(`response_types must be ${JSON.stringify(allowedResponseTypes)}`);
    }
    if (body.client_name !== undefined && (typeof body.client_name !== 'string' || body.client_name.length > 255)) {
      throw metadataError('client_name must be a string of at most 255 characters');
    }
    const applicationType = body.application_type ?? 'web';
    if (applicationType !== 'web' && applicationType !== 'native') throw metadataError('application_type must be web or native');
    const appType = authMethod !== 'none' ? 'regular_web' : applicationType === 'native' ? 'native' : 'spa';
    const logoUri = typeof body.logo_uri === 'string' ? body.logo_uri : undefined;

    const { violations, client, secret } = await this.clients.registerDynamic(tenant, mode, {
      name: typeof body.client_name === 'string' && body.client_name ? body.client_name : 'Dynamic client',
      callbacks: redirectUris,
      grant_types: grantTypes,
      token_endpoint_auth_method: authMethod,
      app_type: appType,
      ...(logoUri ? { logo_uri: logoUri } : {}),
    });
    if (!client) throw this.toRfcError(violations, mode, redirectUris);
    return {
      status: 201,
      headers,
      mode,
      body: {
        client_id: client.clientId,
        ...(secret ? { client_secret: secret } : {}),
        client_secret_expires_at: 0,
        client_name: client.name,
        redirect_uris: redirectUris,
        grant_types: grantTypes,
        response_types: responseTypes,
        token_endpoint_auth_method: authMethod,
        application_type: applicationType,
        ...(logoUri ? { logo_uri: logoUri } : {}),
      },
    };
  }

  /** The first violation in RFC 7591's words: a rule on the client's callbacks is a rule on its redirect_uris. */
  private toRfcError(violations: Violation[], mode: SecurityMode, redirectUris: string[]): OAuthError {
    const first = violations[0]!;
    if (first.property === 'callbacks') {
      const [named] = exactUrlViolations('redirect_uris', redirectUris).filter((v) => v.rule === first.rule);
      return new OAuthError('invalid_redirect_uri', named?.message ?? `redirect_uris: ${first.rule}`);
    }
    if (first.rule === 'grant_type_not_allowed') {
      return metadataError(`grant_types: allowed for ${mode} clients are ${MODE_RULES[mode].grantTypes.allowed.join(', ')}`);
    }
    return metadataError(first.message);
  }
}
