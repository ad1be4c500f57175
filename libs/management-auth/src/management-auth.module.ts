import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import { ManagementAuthGuard } from './management-auth.guard';
import { ManagementJwtStrategy } from './management-jwt.strategy';

@Module({
  imports: [PassportModule],
  providers: [ManagementJwtStrategy, { provide: APP_GUARD, useClass: ManagementAuthGuard }],
})
export class ManagementAuthModule {}
