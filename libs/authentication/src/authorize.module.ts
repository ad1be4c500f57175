import { Module } from '@nestjs/common';
import { AuthorizationModule } from '@gatehouse/authorization';
import { ClientsModule } from '@gatehouse/clients';
import { ConnectionsModule } from '@gatehouse/connections';
import { LogsModule } from '@gatehouse/logs';
import { ResourceServersModule } from '@gatehouse/resource-servers';
import { RulesModule } from '@gatehouse/rules';
import { UserGrantsModule } from '@gatehouse/user-grants';
import { UsersModule } from '@gatehouse/users';
import { AuthenticationModule } from './authentication.module';
import { AuthorizeController } from './authorize.controller';
import { AuthorizeService } from './authorize.service';

/**
 * The browser half of the user flows (GET /authorize, the login and consent pages). Apart from
 * AuthenticationModule so that the token endpoint's module stays as it is; it reuses its AccessService,
 * the one access decision.
 */
@Module({
  imports: [
    AuthenticationModule,
    AuthorizationModule,
    ClientsModule,
    ResourceServersModule,
    ConnectionsModule,
    UsersModule,
    UserGrantsModule,
    RulesModule,
    LogsModule,
  ],
  controllers: [AuthorizeController],
  providers: [AuthorizeService],
})
export class AuthorizeModule {}
