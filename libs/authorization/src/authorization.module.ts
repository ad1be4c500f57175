import { Inject, Injectable, Module, OnModuleInit } from '@nestjs/common';
import { CLIENT_DELETED, ClientsModule } from '@gatehouse/clients';
import { Cascades } from '@gatehouse/persistence';
import { Clock } from '@gatehouse/tenancy';
import { USER_DELETED } from '@gatehouse/users';
import { FlowStateRepository } from './flow-state.repository';

/**
 * SPEC §4.1: deleting a client revokes its refresh tokens and codes (and its pending authorizations) at
 * once; deleting a user (by DELETE /users/{id} or with their connection) revokes their refresh tokens,
 * ends their login sessions and drops their codes and pending authorizations at once.
 */
@Injectable()
export class FlowStateCascades implements OnModuleInit {
  constructor(
    @Inject(Cascades) private readonly cascades: Cascades,
    @Inject(FlowStateRepository) private readonly flows: FlowStateRepository,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.cascades.on(CLIENT_DELETED, (em, { tenantId, clientId }) => this.flows.deleteForClient(tenantId, clientId, em));
    this.cascades.on(USER_DELETED, async (em, { tenantId, userId }) => {
      await this.flows.revokeForUser(tenantId, userId, 'all', this.clock.now().toISOString(), em);
      await this.flows.endSessionsOfUser(tenantId, userId, em);
      await this.flows.deleteForUser(tenantId, userId, em);
    });
  }
}

@Module({
  imports: [ClientsModule],
  providers: [FlowStateRepository, FlowStateCascades],
  exports: [FlowStateRepository],
})
export class AuthorizationModule {}
