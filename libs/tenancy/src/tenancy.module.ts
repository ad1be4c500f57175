import { DynamicModule, Global, Module } from '@nestjs/common';
import { Clock } from './clock';
import { EligibilityService } from './eligibility.service';
import { SigningKeysRepository } from './signing-keys.repository';
import { SigningKeysService } from './signing-keys.service';
import { TenantContents } from './tenant-contents';
import { TenantsRepository } from './tenants.repository';
import { TenantsService } from './tenants.service';

@Global()
@Module({})
export class TenancyModule {
  /** `clock` lets tests (and GATEHOUSE_NOW) start time where they need it. */
  static forRoot(clock: Clock): DynamicModule {
    return {
      module: TenancyModule,
      providers: [
        { provide: Clock, useValue: clock },
        TenantsRepository,
        SigningKeysRepository,
        TenantContents,
        SigningKeysService,
        TenantsService,
        EligibilityService,
      ],
      exports: [Clock, SigningKeysService, TenantsService, EligibilityService, TenantContents],
    };
  }
}
