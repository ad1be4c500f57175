import { Module } from '@nestjs/common';
import { LogsController } from './logs.controller';
import { LogsService } from './logs.service';
import { LogWriter } from './log-writer';

@Module({ controllers: [LogsController], providers: [LogWriter, LogsService], exports: [LogWriter] })
export class LogsModule {}
