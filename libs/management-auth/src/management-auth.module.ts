import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import { ManagementRateLimiter } from '@gatehouse/http';
import { Clock } from '@gatehouse/tenancy';
import { MANAGEMENT_RATE_LIMITER, ManagementAuthGuard } from './management-auth.guard';
import { ManagementJwtStrategy } from './management-jwt.strategy';

@Module({
  imports: [PassportModule],
  providers: [
    ManagementJwtStrategy,
    { provide: MANAGEMENT_RATE_LIMITER, inject: [Clock], useFactory: (clock: Clock) => new ManagementRateLimiter(() => clock.nowMs()) },
    { provide: APP_GUARD, useClass: ManagementAuthGuard },
  ],
})
export class ManagementAuthModule {}
