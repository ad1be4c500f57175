import type { RuleRow } from '@gatehouse/schemas';

/** Auth0's rule stages; rules created through the Management API run at `login_success`. */
export const RULE_STAGES = ['login_success', 'login_failure', 'pre_authorize'] as const;
export type RuleStage = (typeof RULE_STAGES)[number];

/** Auth0's `name` rule: letters, digits, spaces and `-`, starting and ending with a letter or digit. */
export const RULE_NAME_PATTERN = /^[a-zA-Z0-9](?:[ \-a-zA-Z0-9]*[a-zA-Z0-9])?$/;

/** A Rule as the rules see it: stored and listed, never executed (an enabled one changes strict logins, SPEC §8). */
export interface Rule {
  id: string;
  tenantId: string;
  name: string;
  script: string;
  enabled: boolean;
  order: number;
  stage: RuleStage;
  createdAt: string;
}

/** The one place a stored rule becomes a Rule. */
export function ruleFromRow(row: RuleRow): Rule {
  if (!(RULE_STAGES as readonly string[]).includes(row.stage))
    throw new Error(`rule ${row.id}: stored stage ${JSON.stringify(row.stage)} is none of ${RULE_STAGES.join(', ')}`);
  return {
    id: row.id,
    tenantId: row.tenant_id,
    name: row.name,
    script: row.script,
    enabled: row.enabled,
    order: Number(row.rule_order),
    stage: row.stage as RuleStage,
    createdAt: row.created_at,
  };
}

/** A Rule as stored: the inverse of `ruleFromRow`. */
export function ruleToRow(r: Rule): RuleRow {
  return { id: r.id, tenant_id: r.tenantId, name: r.name, script: r.script, enabled: r.enabled, rule_order: r.order, stage: r.stage, created_at: r.createdAt };
}
