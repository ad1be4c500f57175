import { Module } from '@nestjs/common';
import { ClientGrantsModule } from '@gatehouse/client-grants';
import { ClientsModule } from '@gatehouse/clients';
import { ResourceServersModule } from '@gatehouse/resource-servers';
import { LogsModule } from '@gatehouse/logs';
import { AccessController } from './access.controller';
import { AccessService } from './access.service';
import { DiscoveryController } from './discovery.controller';
import { DiscoveryService } from './discovery.service';
import { TokenController } from './token.controller';
import { TokenService } from './token.service';

@Module({ imports: [ClientsModule, ResourceServersModule, ClientGrantsModule, LogsModule], controllers: [TokenController, AccessController, DiscoveryController], providers: [TokenService, AccessService, DiscoveryService], exports: [AccessService] })
export class AuthenticationModule {}
