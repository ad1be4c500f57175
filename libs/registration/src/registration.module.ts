import { Module } from '@nestjs/common';
import { ClientsModule } from '@gatehouse/clients';
import { LogsModule } from '@gatehouse/logs';
import { RegistrationController } from './registration.controller';
import { RegistrationService } from './registration.service';

@Module({ imports: [ClientsModule, LogsModule], controllers: [RegistrationController], providers: [RegistrationService] })
export class RegistrationModule {}
