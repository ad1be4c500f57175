import { Inject, Injectable, Module, OnModuleInit } from '@nestjs/common';
import { CONNECTION_DELETED, ConnectionsModule } from '@gatehouse/connections';
import { Cascades } from '@gatehouse/persistence';
import { UsersController } from './users.controller';
import { UsersReader } from './users.reader';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

/** A connection's deletion deletes its users as DELETE /users/{id} would: USER_DELETED for each. */
@Injectable()
export class UsersCascades implements OnModuleInit {
  constructor(
    @Inject(Cascades) private readonly cascades: Cascades,
    @Inject(UsersRepository) private readonly users: UsersRepository,
  ) {}

  onModuleInit(): void {
    this.cascades.on(CONNECTION_DELETED, (em, { tenantId, connectionId }) => this.users.deleteOfConnection(tenantId, connectionId, em));
  }
}

@Module({
  imports: [ConnectionsModule],
  controllers: [UsersController],
  providers: [UsersRepository, UsersService, UsersReader, UsersCascades],
  exports: [UsersReader],
})
export class UsersModule {}
