import { Inject, Injectable, Module, OnModuleInit } from '@nestjs/common';
import { CLIENT_DELETED, ClientsModule } from '@gatehouse/clients';
import { Cascades } from '@gatehouse/persistence';
import { FlowStateRepository } from './flow-state.repository';

/** SPEC §4.1: deleting a client revokes its refresh tokens and codes (and its pending authorizations) at once. */
@Injectable()
export class FlowStateCascades implements OnModuleInit {
  constructor(
    @Inject(Cascades) private readonly cascades: Cascades,
    @Inject(FlowStateRepository) private readonly flows: FlowStateRepository,
  ) {}

  onModuleInit(): void {
    this.cascades.on(CLIENT_DELETED, (em, { tenantId, clientId }) => this.flows.deleteForClient(tenantId, clientId, em));
  }
}

@Module({
  imports: [ClientsModule],
  providers: [FlowStateRepository, FlowStateCascades],
  exports: [FlowStateRepository],
})
export class AuthorizationModule {}
