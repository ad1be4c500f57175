import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post, Query } from '@nestjs/common';
import { ManagementPrincipal, Principal, Scopes } from '@gatehouse/management-auth';
import { CreateRuleDto, GetRuleQuery, ListRulesQuery, UpdateRuleDto } from './rule.dto';
import type { RuleBody } from './rule.mapper';
import { RuleList, RulesService } from './rules.service';

@Controller('api/v2/rules')
export class RulesController {
  constructor(@Inject(RulesService) private readonly rules: RulesService) {}

  @Get()
  @Scopes('read:rules')
  list(@Principal() caller: ManagementPrincipal, @Query() query: ListRulesQuery): Promise<RuleList> {
    return this.rules.list(caller.tenantId, query);
  }

  @Post()
  @Scopes('create:rules')
  create(@Principal() caller: ManagementPrincipal, @Body() body: CreateRuleDto): Promise<RuleBody> {
    return this.rules.create(caller.tenantId, body);
  }

  @Get(':id')
  @Scopes('read:rules')
  get(@Principal() caller: ManagementPrincipal, @Param('id') id: string, @Query() query: GetRuleQuery): Promise<Partial<RuleBody>> {
    return this.rules.get(caller.tenantId, id, query);
  }

  @Patch(':id')
  @Scopes('update:rules')
  update(@Principal() caller: ManagementPrincipal, @Param('id') id: string, @Body() body: UpdateRuleDto): Promise<RuleBody> {
    return this.rules.update(caller.tenantId, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @Scopes('delete:rules')
  async remove(@Principal() caller: ManagementPrincipal, @Param('id') id: string): Promise<void> {
    await this.rules.remove(caller.tenantId, id);
  }
}
