import { Inject, Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import type { NetworkAclBody } from '@gatehouse/contract';
import { Auth0Error, ErrorCode } from '@gatehouse/http';
import { base62 } from '@gatehouse/persistence';
import { AclDecision, AclRequest, AclRule, AclScope, evaluateAcls, invalidCidrs } from '@gatehouse/policy';
import { Clock, Tenant } from '@gatehouse/tenancy';
import { AclRuleDto, CreateNetworkAclDto, UpdateNetworkAclDto } from './network-acl.dto';
import { toNetworkAclResponse } from './network-acl.mapper';
import { aclRuleOf, NetworkAcl } from './network-acl.model';
import { NetworkAclsRepository } from './network-acls.repository';

/** A validated rule as the policy's typed rule, refused unless its ranges are usable and it sets exactly one action. */
function checkedRule(dto: AclRuleDto): AclRule['rule'] {
  const rule = aclRuleOf(dto);
  const bad = [...invalidCidrs(rule.match), ...invalidCidrs(rule.not_match)];
  if (bad.length) {
    throw new Auth0Error(ErrorCode.InvalidBody, `Payload validation error: 'Not a valid IP range: ${bad.join(', ')}' on property rule.`);
  }
  if (Object.keys(rule.action).length !== 1) {
    throw new Auth0Error(ErrorCode.InvalidBody, "Payload validation error: 'rule.action must set exactly one of block, allow, log' on property rule.action.");
  }
  return rule;
}

/** /api/v2/network-acls, and the per-tenant rule list the request hook evaluates (cached briefly). */
@Injectable()
export class NetworkAclsService {
  private readonly cache = new LRUCache<string, NetworkAcl[]>({ max: 10_000, ttl: 5_000 });

  constructor(
    @Inject(NetworkAclsRepository) private readonly acls: NetworkAclsRepository,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async list(tenant: Tenant): Promise<NetworkAclBody[]> {
    return (await this.acls.list(tenant.id)).map(toNetworkAclResponse);
  }

  async get(tenant: Tenant, id: string): Promise<NetworkAclBody> {
    return toNetworkAclResponse(await this.mustFind(tenant, id));
  }

  async create(tenant: Tenant, dto: CreateNetworkAclDto): Promise<NetworkAclBody> {
    const acl: NetworkAcl = {
      id: `acl_${base62(16)}`,
      tenantId: tenant.id,
      priority: dto.priority,
      active: dto.active,
      description: dto.description,
      rule: checkedRule(dto.rule),
      createdAt: this.clock.now().toISOString(),
    };
    await this.acls.insert(acl);
    this.cache.delete(tenant.id);
    return toNetworkAclResponse(acl);
  }

  /** PUT (every property) and PATCH (those given). */
  async update(tenant: Tenant, id: string, dto: UpdateNetworkAclDto): Promise<NetworkAclBody> {
    const acl = await this.mustFind(tenant, id);
    const next: NetworkAcl = {
      ...acl,
      rule: dto.rule ? checkedRule(dto.rule) : acl.rule,
      priority: dto.priority ?? acl.priority,
      active: dto.active ?? acl.active,
      description: dto.description ?? acl.description,
    };
    await this.acls.update(next);
    this.cache.delete(tenant.id);
    return toNetworkAclResponse(next);
  }

  async remove(tenant: Tenant, id: string): Promise<void> {
    if (!(await this.acls.delete(tenant.id, id))) throw new Auth0Error(ErrorCode.NotFound, 'The network ACL does not exist');
    this.cache.delete(tenant.id);
  }

  private async mustFind(tenant: Tenant, id: string): Promise<NetworkAcl> {
    const acl = await this.acls.find(tenant.id, id);
    if (!acl) throw new Auth0Error(ErrorCode.NotFound, 'The network ACL does not exist');
    return acl;
  }

  /** The decision for one request (the hook calls this on every request of a scoped path). */
  async decide(tenantId: string, scope: AclScope, request: AclRequest): Promise<AclDecision> {
    let rules = this.cache.get(tenantId);
    if (!rules) {
      rules = await this.acls.list(tenantId);
      this.cache.set(tenantId, rules);
    }
    return rules.length ? evaluateAcls(rules, scope, request) : { action: 'none', logged: [] };
  }
}
