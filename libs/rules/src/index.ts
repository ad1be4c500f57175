export * from './rules.module';
export * from './rules.reader';
export { RULE_STAGES } from './rule.model';
export type { Rule, RuleStage } from './rule.model';
