import { Module } from '@nestjs/common';
import { AuthorizationModule } from '@gatehouse/authorization';
import { ClientGrantsModule } from '@gatehouse/client-grants';
import { ClientsModule } from '@gatehouse/clients';
import { ConnectionsModule } from '@gatehouse/connections';
import { ResourceServersModule } from '@gatehouse/resource-servers';
import { LogsModule } from '@gatehouse/logs';
import { RulesModule } from '@gatehouse/rules';
import { UserGrantsModule } from '@gatehouse/user-grants';
import { UsersModule } from '@gatehouse/users';
import { AccessController } from './access.controller';
import { AccessService } from './access.service';
import { DiscoveryController } from './discovery.controller';
import { DiscoveryService } from './discovery.service';
import { MigrationReportController } from './migration-report.controller';
import { MigrationReportService } from './migration-report.service';
import { RestrictedEndpointsController } from './restricted-endpoints.controller';
import { RevocationController } from './revocation.controller';
import { TokenController } from './token.controller';
import { TokenService } from './token.service';
import { UserinfoController } from './userinfo.controller';
import { UserinfoService } from './userinfo.service';
import { UserTokensService } from './user-tokens.service';

@Module({
  imports: [
    ClientsModule,
    ResourceServersModule,
    ClientGrantsModule,
    LogsModule,
    AuthorizationModule,
    UsersModule,
    UserGrantsModule,
    ConnectionsModule,
    RulesModule,
  ],
  controllers: [
    TokenController,
    RevocationController,
    UserinfoController,
    RestrictedEndpointsController,
    AccessController,
    DiscoveryController,
    MigrationReportController,
  ],
  providers: [TokenService, UserTokensService, UserinfoService, AccessService, DiscoveryService, MigrationReportService],
  exports: [AccessService, UserTokensService],
})
export class AuthenticationModule {}
