import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { SecretBox } from '@gatehouse/persistence';
import { Clock, FirstThirdPartyClient, SeededTenant, TenantContents, TenantContentsPart } from '@gatehouse/tenancy';
import { ClientsRepository } from './clients.repository';

/**
 * The clients' part of a tenant's contents: the bootstrap admin application, made with the tenant (its
 * grant is client-grants' part), and the tenants' first third-party client, which permissive-mode
 * eligibility is derived from.
 */
@Injectable()
export class ClientsTenantContents implements TenantContentsPart, OnModuleInit {
  constructor(
    @Inject(ClientsRepository) private readonly clients: ClientsRepository,
    @Inject(SecretBox) private readonly box: SecretBox,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(TenantContents) private readonly contents: TenantContents,
  ) {}

  onModuleInit(): void {
    this.contents.register(this);
  }

  async seed(em: EntityManager, tenant: SeededTenant): Promise<void> {
    if (!tenant.created || !tenant.admin) return;
    const { clientId, clientSecret } = tenant.admin;
    if (!clientSecret) throw new Error('a new bootstrap admin application needs its secret');
    const now = this.clock.now().toISOString();
    await this.clients.insert(
      {
        client_id: clientId,
        tenant_id: tenant.id,
        name: 'Gatehouse Admin (bootstrap)',
        is_first_party: true,
        app_type: 'non_interactive',
        global: false,
        third_party_security_mode: null,
        client_secret_enc: this.box.seal(clientSecret),
        body: {
          description: 'Bootstrap application holding every Management API scope.',
          grant_types: ['client_credentials'],
          token_endpoint_auth_method: 'client_secret_post',
          oidc_conformant: true,
          jwt_configuration: { alg: 'RS256', lifetime_in_seconds: 36000, secret_encoded: false },
        },
        created_at: now,
        updated_at: now,
      },
      em,
    );
  }

  firstThirdPartyClient(tenantIds: readonly string[]): Promise<FirstThirdPartyClient | undefined> {
    return this.clients.firstThirdParty(tenantIds);
  }
}
