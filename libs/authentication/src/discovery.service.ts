import { Inject, Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import type { AuthorizationServerMetadataBody } from '@gatehouse/contract';
import type { Tenant } from '@gatehouse/tenancy';
import { DISCOVERY_ENDPOINTS, discoveryDocument, DiscoveryDocument, DiscoveryEndpoint, REFUSAL_ONLY_PATHS } from './discovery-document';

/** Whether a document names everything the contract requires: the token endpoint and the JWKS, with their metadata. */
function isContractDocument(doc: DiscoveryDocument): doc is DiscoveryDocument & AuthorizationServerMetadataBody {
  return !!(doc.token_endpoint && doc.jwks_uri && doc.grant_types_supported && doc.token_endpoint_auth_methods_supported);
}

/**
 * Discovery derived from what the server serves: an endpoint is advertised only when Fastify has a
 * route for its method and path (looked up once, on the first request, when every route is registered).
 */
@Injectable()
export class DiscoveryService {
  private served?: ReadonlySet<DiscoveryEndpoint>;

  constructor(@Inject(HttpAdapterHost) private readonly http: HttpAdapterHost) {}

  document(tenant: Tenant): AuthorizationServerMetadataBody {
    const served = (this.served ??= this.routedEndpoints());
    const doc = discoveryDocument(tenant, (e) => served.has(e));
    // Only reachable if the token endpoint's or the JWKS route were gone: a programming error.
    if (!isContractDocument(doc)) throw new Error('discovery: the token endpoint and the JWKS must be served');
    return doc;
  }

  private routedEndpoints(): ReadonlySet<DiscoveryEndpoint> {
    const fastify = this.http.httpAdapter.getInstance<FastifyInstance>();
    return new Set(DISCOVERY_ENDPOINTS.filter((e) => !REFUSAL_ONLY_PATHS.includes(`/${e.path}`) && fastify.hasRoute({ method: e.method, url: `/${e.path}` })));
  }
}
