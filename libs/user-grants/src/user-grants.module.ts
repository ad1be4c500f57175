import { Module } from '@nestjs/common';
import { UserGrantsController } from './user-grants.controller';
import { UserGrantsRepository } from './user-grants.repository';
import { UserGrantsService } from './user-grants.service';

@Module({
  controllers: [UserGrantsController],
  providers: [UserGrantsRepository, UserGrantsService],
  exports: [UserGrantsRepository],
})
export class UserGrantsModule {}
