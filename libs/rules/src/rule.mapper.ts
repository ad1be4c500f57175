import type { Rule } from './rule.model';

/** A Rule as Auth0 returns it. */
export interface RuleBody {
  id: string;
  name: string;
  script: string;
  enabled: boolean;
  order: number;
  stage: string;
}

export function toRuleResponse(r: Rule): RuleBody {
  return { id: r.id, name: r.name, script: r.script, enabled: r.enabled, order: r.order, stage: r.stage };
}
