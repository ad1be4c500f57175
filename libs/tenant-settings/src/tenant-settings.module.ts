import { Module } from '@nestjs/common';
import { MigrationsController } from './migrations.controller';
import { MigrationsService } from './migrations.service';
import { TenantSettingsController } from './tenant-settings.controller';
import { TenantSettingsService } from './tenant-settings.service';

@Module({
  controllers: [TenantSettingsController, MigrationsController],
  providers: [TenantSettingsService, MigrationsService],
  exports: [TenantSettingsService],
})
export class TenantSettingsModule {}
