import { DynamicModule, Module } from '@nestjs/common';
import { AuthenticationModule, AuthorizeModule } from '@gatehouse/authentication';
import { AuthorizationModule } from '@gatehouse/authorization';
import { ClientsModule } from '@gatehouse/clients';
import { TenantSettingsModule } from '@gatehouse/tenant-settings';
import { ResourceServersModule } from '@gatehouse/resource-servers';
import { ClientGrantsModule } from '@gatehouse/client-grants';
import { RegistrationModule } from '@gatehouse/registration';
import { NetworkAclsModule } from '@gatehouse/network-acls';
import { bindManagementAudit, LogsModule } from '@gatehouse/logs';
import { ConnectionsModule } from '@gatehouse/connections';
import { UsersModule } from '@gatehouse/users';
import { UserGrantsModule } from '@gatehouse/user-grants';
import { RulesModule } from '@gatehouse/rules';
import { ControlPlaneModule } from '@gatehouse/control-plane';
import { ConfigModule, GatehouseConfig } from '@gatehouse/config';
import { RouteTable } from '@gatehouse/http';
import { ManagementAuthModule } from '@gatehouse/management-auth';
import { PersistenceModule } from '@gatehouse/persistence';
import { Clock, TenancyModule } from '@gatehouse/tenancy';
import { DataSource } from 'typeorm';
import { DocsController } from './docs.controller';
import { HealthController } from './health.controller';
import { GatehouseMetrics, METRICS } from './metrics';
import { MetricsController } from './metrics.controller';
import { UnemulatedController } from './unemulated.controller';

/** Composes the libs. The pipe, filter and hooks are installed by configureApp (main and tests alike). */
@Module({})
export class AppModule {
  static forRoot(config: GatehouseConfig, clock: Clock = new Clock(config.now), routes: RouteTable = new RouteTable()): DynamicModule {
    const app: DynamicModule = {
      module: AppModule,
      providers: [
        { provide: RouteTable, useValue: routes },
        // One registry per application, made only when /metrics is on (GATEHOUSE_METRICS).
        { provide: METRICS, useFactory: (ds: DataSource) => (config.metrics.enabled ? new GatehouseMetrics(ds) : null), inject: [DataSource] },
      ],
      imports: [
        ConfigModule.forRoot(config),
        PersistenceModule.forRoot(),
        TenancyModule.forRoot(clock),
        ManagementAuthModule,
        AuthenticationModule,
        AuthorizationModule,
        AuthorizeModule,
        ClientsModule,
        TenantSettingsModule,
        ResourceServersModule,
        ClientGrantsModule,
        RegistrationModule,
        NetworkAclsModule,
        LogsModule,
        ConnectionsModule,
        UsersModule,
        UserGrantsModule,
        RulesModule,
        ControlPlaneModule,
      ],
      // The catch-all must come last so that emulated routes are matched first.
      controllers: [HealthController, MetricsController, DocsController, UnemulatedController],
    };
    // Before Nest scans it: the Management API's writes commit with their audit event (issue 12 §1).
    bindManagementAudit(app);
    return app;
  }
}
