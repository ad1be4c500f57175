import { Inject, Injectable } from '@nestjs/common';
import { Auth0Error, boolParam, ErrorCode, offsetResponse, parsePagination, parseProjection, project } from '@gatehouse/http';
import { base62, isUniqueViolation } from '@gatehouse/persistence';
import { Clock } from '@gatehouse/tenancy';
import { CreateRuleDto, GetRuleQuery, ListRulesQuery, UpdateRuleDto } from './rule.dto';
import { RuleBody, toRuleResponse } from './rule.mapper';
import { Rule } from './rule.model';
import { RulesRepository } from './rules.repository';

export type RuleList = Partial<RuleBody>[] | Record<string, unknown>;

const inexistent = () => new Auth0Error(ErrorCode.InexistentRule, 'The rule does not exist.');
const taken = () => new Auth0Error(ErrorCode.Conflict, 'A rule with the same name already exists');

@Injectable()
export class RulesService {
  constructor(
    @Inject(RulesRepository) private readonly rules: RulesRepository,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  private async mustFind(tenantId: string, id: string): Promise<Rule> {
    const rule = await this.rules.find(tenantId, id);
    if (!rule) throw inexistent();
    return rule;
  }

  /** Stored, never executed. `enabled` defaults to true and `order` to after the last rule; the stage is `login_success`. */
  async create(tenantId: string, dto: CreateRuleDto): Promise<RuleBody> {
    const rule: Rule = {
      id: `rul_${base62(16)}`,
      tenantId,
      name: dto.name,
      script: dto.script,
      enabled: dto.enabled ?? true,
      order: dto.order ?? (await this.rules.nextOrder(tenantId)),
      stage: 'login_success',
      createdAt: this.clock.now().toISOString(),
    };
    try {
      await this.rules.insert(rule);
    } catch (e) {
      if (isUniqueViolation(e)) throw taken();
      throw e;
    }
    return toRuleResponse(rule);
  }

  async list(tenantId: string, query: ListRulesQuery): Promise<RuleList> {
    const page = parsePagination({ ...query });
    if (page.kind !== 'offset') throw new Error('unreachable: rules have offset pagination only');
    const { rules, total } = await this.rules.list(tenantId, boolParam({ ...query }, 'enabled'), page);
    const projection = parseProjection({ ...query });
    return offsetResponse(
      'rules',
      page,
      rules.map((r) => project(toRuleResponse(r), projection)),
      total,
    );
  }

  async get(tenantId: string, id: string, query: GetRuleQuery): Promise<Partial<RuleBody>> {
    return project(toRuleResponse(await this.mustFind(tenantId, id)), parseProjection({ ...query }));
  }

  async update(tenantId: string, id: string, dto: UpdateRuleDto): Promise<RuleBody> {
    const rule = await this.mustFind(tenantId, id);
    const next: Rule = {
      ...rule,
      name: dto.name ?? rule.name,
      script: dto.script ?? rule.script,
      enabled: dto.enabled ?? rule.enabled,
      order: dto.order ?? rule.order,
    };
    try {
      await this.rules.update(next);
    } catch (e) {
      if (isUniqueViolation(e)) throw taken();
      throw e;
    }
    return toRuleResponse(next);
  }

  async remove(tenantId: string, id: string): Promise<void> {
    if (!(await this.rules.delete(tenantId, id))) throw inexistent();
  }
}
