import { Inject, Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import type { Tenant } from '@gatehouse/tenancy';
import { DISCOVERY_ENDPOINTS, discoveryDocument, DiscoveryEndpoint } from './discovery-document';

/**
 * Discovery derived from what the server serves: an endpoint is advertised only when Fastify has a
 * route for its method and path (looked up once, on the first request, when every route is registered).
 */
@Injectable()
export class DiscoveryService {
  private served?: ReadonlySet<DiscoveryEndpoint>;

  constructor(@Inject(HttpAdapterHost) private readonly http: HttpAdapterHost) {}

  document(tenant: Tenant): Record<string, unknown> {
    const served = (this.served ??= this.routedEndpoints());
    return discoveryDocument(tenant, (e) => served.has(e));
  }

  private routedEndpoints(): ReadonlySet<DiscoveryEndpoint> {
    const fastify = this.http.httpAdapter.getInstance<FastifyInstance>();
    return new Set(DISCOVERY_ENDPOINTS.filter((e) => fastify.hasRoute({ method: e.method, url: `/${e.path}` })));
  }
}
