import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { OffsetPage } from '@gatehouse/http';
import { listPage } from '@gatehouse/persistence';
import { RuleSchema } from '@gatehouse/schemas';
import { Rule, ruleFromRow, ruleToRow } from './rule.model';

/** Every method takes the tenant id: no query can see another tenant's rules. */
@Injectable()
export class RulesRepository {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  private repo() {
    return this.ds.getRepository(RuleSchema);
  }

  async find(tenantId: string, id: string): Promise<Rule | undefined> {
    const row = await this.repo().findOneBy({ tenant_id: tenantId, id });
    return row ? ruleFromRow(row) : undefined;
  }

  /** The next free order: one more than the highest (Auth0 appends a rule sent without `order`). */
  async nextOrder(tenantId: string): Promise<number> {
    const row = await this.repo()
      .createQueryBuilder('r')
      .select('MAX(r.rule_order)', 'max')
      .where('r.tenant_id = :tid', { tid: tenantId })
      .getRawOne<{ max: number | string | null }>();
    return row?.max === null || row?.max === undefined ? 1 : Number(row.max) + 1;
  }

  async anyEnabled(tenantId: string): Promise<boolean> {
    return (await this.enabledCount(tenantId)) > 0;
  }

  enabledCount(tenantId: string): Promise<number> {
    return this.repo().countBy({ tenant_id: tenantId, enabled: true });
  }

  /** Throws the database's unique violation when the name is taken. */
  async insert(rule: Rule): Promise<void> {
    await this.repo().insert(ruleToRow(rule));
  }

  async update(rule: Rule): Promise<void> {
    const { name, script, enabled, rule_order } = ruleToRow(rule);
    await this.repo().update({ tenant_id: rule.tenantId, id: rule.id }, { name, script, enabled, rule_order });
  }

  async delete(tenantId: string, id: string): Promise<boolean> {
    const res = await this.repo().delete({ tenant_id: tenantId, id });
    return (res.affected ?? 0) > 0;
  }

  /** One offset page ordered (created_at, id), optionally only the enabled (or disabled) rules. */
  async list(tenantId: string, enabled: boolean | undefined, p: OffsetPage): Promise<{ rules: Rule[]; total: number }> {
    const filtered = () => {
      const q = this.repo().createQueryBuilder('r').where('r.tenant_id = :tid', { tid: tenantId });
      if (enabled !== undefined) q.andWhere('r.enabled = :enabled', { enabled });
      return q;
    };
    const { rows, total } = await listPage(filtered, 'r', 'id', p);
    return { rules: rows.map(ruleFromRow), total };
  }
}
