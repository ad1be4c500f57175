import { BlockList, isIPv4, isIPv6 } from 'net';

/** Tenant network ACLs (SPEC §8): rules evaluated in priority order for a scope. */
export const ACL_SCOPES = ['dcr', 'authentication', 'management', 'tenant'] as const;
export type AclScope = (typeof ACL_SCOPES)[number];
export type AclAction = 'block' | 'allow' | 'log';

export interface AclMatch {
  ipv4_cidrs?: string[];
  ipv6_cidrs?: string[];
  geo_country_codes?: string[];
  user_agents?: string[];
}

export interface AclRule {
  id: string;
  priority: number;
  active: boolean;
  rule: { action: Partial<Record<AclAction, true>>; match?: AclMatch; not_match?: AclMatch; scope: AclScope };
}

export interface AclRequest {
  ip: string;
  userAgent?: string;
  /** ISO 3166-1 alpha-2, from the configured trusted header, when present. */
  country?: string;
}

export interface AclDecision {
  action: AclAction | 'none';
  ruleId?: string;
  /** `log` rules that matched on the way (they never stop evaluation). */
  logged: string[];
}

function inCidrs(ip: string, cidrs: string[] | undefined, family: 'ipv4' | 'ipv6'): boolean {
  if (!cidrs?.length) return false;
  const list = new BlockList();
  for (const c of cidrs) if (!addCidr(list, c, family)) continue;
  return list.check(ip, family);
}

function addCidr(list: BlockList, cidr: string, family: 'ipv4' | 'ipv6'): boolean {
  const [net, bits] = cidr.split('/');
  try {
    list.addSubnet(net!, Number(bits ?? (family === 'ipv4' ? 32 : 128)), family);
    return true;
  } catch {
    return false;
  }
}

/** CIDRs Node cannot use (a stored one would otherwise be skipped at evaluation time). */
export function invalidCidrs(m: AclMatch | undefined): string[] {
  if (!m) return [];
  const list = new BlockList();
  return [...(m.ipv4_cidrs ?? []).filter((c) => !addCidr(list, c, 'ipv4')), ...(m.ipv6_cidrs ?? []).filter((c) => !addCidr(list, c, 'ipv6'))];
}

/** A condition matches when any of its lists matches the request (lists are alternatives). */
export function matches(m: AclMatch | undefined, r: AclRequest): boolean {
  if (!m) return false;
  const ip = r.ip.replace(/^::ffff:/, '');
  if (isIPv4(ip) && inCidrs(ip, m.ipv4_cidrs, 'ipv4')) return true;
  if (isIPv6(ip) && inCidrs(ip, m.ipv6_cidrs, 'ipv6')) return true;
  if (r.country && m.geo_country_codes?.some((c) => c.toUpperCase() === r.country!.toUpperCase())) return true;
  if (r.userAgent && m.user_agents?.some((ua) => r.userAgent!.toLowerCase().includes(ua.toLowerCase()))) return true;
  return false;
}

function applies(rule: AclRule, r: AclRequest): boolean {
  const hasMatch = !!rule.rule.match && Object.values(rule.rule.match).some((v) => Array.isArray(v) && v.length > 0);
  const hasNot = !!rule.rule.not_match && Object.values(rule.rule.not_match).some((v) => Array.isArray(v) && v.length > 0);
  if (!hasMatch && !hasNot) return false;
  return (!hasMatch || matches(rule.rule.match, r)) && (!hasNot || !matches(rule.rule.not_match, r));
}

/**
 * The first active rule for the scope (or `tenant`, which covers every scope) that applies, lowest
 * priority number first; `log` rules are recorded and evaluation goes on.
 */
export function evaluateAcls(rules: readonly AclRule[], scope: AclScope, r: AclRequest): AclDecision {
  const logged: string[] = [];
  const ordered = rules.filter((x) => x.active && (x.rule.scope === scope || x.rule.scope === 'tenant')).sort((a, b) => a.priority - b.priority);
  for (const rule of ordered) {
    if (!applies(rule, r)) continue;
    if (rule.rule.action.log) {
      logged.push(rule.id);
      continue;
    }
    if (rule.rule.action.block) return { action: 'block', ruleId: rule.id, logged };
    if (rule.rule.action.allow) return { action: 'allow', ruleId: rule.id, logged };
  }
  return { action: 'none', logged };
}
