import { Controller, Get, Inject, Post, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ClientsReader } from '@gatehouse/clients';
import { OAuthError } from '@gatehouse/http';
import { LogWriter, requestFacts } from '@gatehouse/logs';
import { Public } from '@gatehouse/management-auth';
import { RESTRICTED_ENDPOINTS, RestrictedEndpoint, restrictedEndpointRefusal } from '@gatehouse/policy';
import { CurrentTenant, Tenant } from '@gatehouse/tenancy';

const routesFor = (method: 'GET' | 'POST'): string[] => RESTRICTED_ENDPOINTS.filter((e) => e.methods.includes(method)).map((e) => e.path.slice(1));

/**
 * The Authentication API endpoints strict third-party applications may not use (seed 002, SPEC §8):
 * for such an application (client_id in the query, the body or the path) a 403 `unauthorized_client`
 * naming the restriction, read from MODE_RULES through restrictedEndpointRefusal; for any other
 * application, or none, a 400 `invalid_request` saying Gatehouse does not emulate the endpoint, rather
 * than pretending (docs/decisions.md, "Restricted Authentication API endpoints").
 */
@Controller()
@Public()
export class RestrictedEndpointsController {
  constructor(
    @Inject(ClientsReader) private readonly clients: ClientsReader,
    @Inject(LogWriter) private readonly logs: LogWriter,
  ) {}

  @Get(routesFor('GET'))
  get(@CurrentTenant() tenant: Tenant, @Req() req: FastifyRequest): Promise<never> {
    return this.refuse(tenant, req);
  }

  @Post(routesFor('POST'))
  post(@CurrentTenant() tenant: Tenant, @Req() req: FastifyRequest): Promise<never> {
    return this.refuse(tenant, req);
  }

  private async refuse(tenant: Tenant, req: FastifyRequest): Promise<never> {
    const endpoint = RESTRICTED_ENDPOINTS.find((e) => e.path === req.routeOptions.url);
    if (!endpoint) throw new OAuthError('invalid_request', `${req.method} ${req.url.split('?')[0]} is not emulated by Gatehouse`);
    const clientId = clientIdOf(req);
    const client = clientId && clientId.length <= 255 ? await this.clients.find(tenant.id, clientId) : undefined;
    const refusal = client ? restrictedEndpointRefusal(client.kind, endpoint) : undefined;
    const error = refusal ? new OAuthError('unauthorized_client', refusal) : new OAuthError('invalid_request', notEmulated(endpoint));
    if (client) {
      // The application used a legacy feature: the tenant log keeps it (the migration report reads it).
      await this.logs.recordFailure(tenant.id, {
        type: 'depnote',
        description: `${req.method} ${endpoint.path}: ${error.description}`,
        client_id: client.clientId,
        client_name: client.name,
        ...requestFacts(req),
        details: { endpoint: endpoint.path, method: req.method, feature: endpoint.feature, error: error.code },
      });
    }
    throw error;
  }
}

function notEmulated(endpoint: RestrictedEndpoint): string {
  return `${endpoint.path} is not emulated by Gatehouse: it serves /authorize, /oauth/token, /oauth/revoke and /userinfo of the Authentication API`;
}

/** The application a request names: the path's client_id (SAML, WS-Fed), else the query's, else the body's. */
function clientIdOf(req: FastifyRequest): string | undefined {
  const pick = (o: unknown): string | undefined => {
    const v = o && typeof o === 'object' ? (o as Record<string, unknown>).client_id : undefined;
    return typeof v === 'string' && v !== '' ? v : undefined;
  };
  return pick(req.params) ?? pick(req.query) ?? pick(req.body);
}
