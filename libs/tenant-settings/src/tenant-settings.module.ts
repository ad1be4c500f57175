import { Module } from '@nestjs/common';
import { MigrationsController } from './migrations.controller';
import { MigrationsService } from './migrations.service';
import { TenantSettingsController } from './tenant-settings.controller';
import { TenantSettingsRepository } from './tenant-settings.repository';
import { TenantSettingsService } from './tenant-settings.service';

@Module({
  controllers: [TenantSettingsController, MigrationsController],
  providers: [TenantSettingsRepository, TenantSettingsService, MigrationsService],
  exports: [TenantSettingsService],
})
export class TenantSettingsModule {}
