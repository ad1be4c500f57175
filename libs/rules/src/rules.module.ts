import { Module } from '@nestjs/common';
import { RulesController } from './rules.controller';
import { RulesReader } from './rules.reader';
import { RulesRepository } from './rules.repository';
import { RulesService } from './rules.service';

@Module({
  controllers: [RulesController],
  providers: [RulesRepository, RulesService, RulesReader],
  exports: [RulesReader],
})
export class RulesModule {}
