import { Controller, Get, Inject } from '@nestjs/common';
import { Public } from '@gatehouse/management-auth';
import { CurrentTenant, Tenant } from '@gatehouse/tenancy';
import type { AuthorizationServerMetadataBody } from '@gatehouse/contract';
import { DiscoveryService } from './discovery.service';

/** OpenID Connect discovery and RFC 8414 metadata: one document under both names. */
@Controller('.well-known')
@Public()
export class DiscoveryController {
  constructor(@Inject(DiscoveryService) private readonly discovery: DiscoveryService) {}

  @Get('openid-configuration')
  openid(@CurrentTenant() tenant: Tenant): AuthorizationServerMetadataBody {
    return this.discovery.document(tenant);
  }

  @Get('oauth-authorization-server')
  oauth(@CurrentTenant() tenant: Tenant): AuthorizationServerMetadataBody {
    return this.discovery.document(tenant);
  }
}
