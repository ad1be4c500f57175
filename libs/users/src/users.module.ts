import { Module } from '@nestjs/common';
import { ConnectionsModule } from '@gatehouse/connections';
import { UsersController } from './users.controller';
import { UsersReader } from './users.reader';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

@Module({
  imports: [ConnectionsModule],
  controllers: [UsersController],
  providers: [UsersRepository, UsersService, UsersReader],
  exports: [UsersReader],
})
export class UsersModule {}
