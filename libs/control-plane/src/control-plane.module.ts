import { Module } from '@nestjs/common';
import { AccountsController, ClockApiGuard, ClockController, TenantsController } from './control-plane.controllers';
import { ControlPlaneService } from './control-plane.service';
import { RootCredentialGuard } from './root-credential.guard';

/** The control plane and the clock API (SPEC §9), behind the root credential. */
@Module({
  controllers: [AccountsController, TenantsController, ClockController],
  providers: [ControlPlaneService, RootCredentialGuard, ClockApiGuard],
})
export class ControlPlaneModule {}
