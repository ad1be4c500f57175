import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { LRUCache } from 'lru-cache';
import { Auth0Error, ErrorCode, plainBody } from '@gatehouse/http';
import { base62 } from '@gatehouse/persistence';
import { AclDecision, AclMatch, AclRequest, AclRule, AclScope, evaluateAcls, invalidCidrs } from '@gatehouse/policy';
import { NetworkAclRow, NetworkAclSchema } from '@gatehouse/schemas';
import { Clock, Tenant } from '@gatehouse/tenancy';

type Obj = Record<string, unknown>;

function toResponse(row: NetworkAclRow): Obj {
  return { id: row.id, description: row.description, active: row.active, priority: row.priority, rule: row.rule, created_at: row.created_at };
}

function checkAction(rule: Obj | undefined): void {
  const bad = [...invalidCidrs(rule?.match as AclMatch | undefined), ...invalidCidrs(rule?.not_match as AclMatch | undefined)];
  if (bad.length) {
    throw new Auth0Error(ErrorCode.InvalidBody, `Payload validation error: 'Not a valid IP range: ${bad.join(', ')}' on property rule.`);
  }
  const action = (rule?.action ?? {}) as Obj;
  const set = ['block', 'allow', 'log'].filter((k) => action[k] === true);
  if (set.length !== 1) {
    throw new Auth0Error(ErrorCode.InvalidBody, "Payload validation error: 'rule.action must set exactly one of block, allow, log' on property rule.action.");
  }
}

/** /api/v2/network-acls, and the per-tenant rule list the request hook evaluates (cached briefly). */
@Injectable()
export class NetworkAclsService {
  private readonly cache = new LRUCache<string, AclRule[]>({ max: 10_000, ttl: 5_000 });

  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  private repo() {
    return this.ds.getRepository(NetworkAclSchema);
  }

  async list(tenant: Tenant): Promise<Obj[]> {
    const rows = await this.repo().find({ where: { tenant_id: tenant.id }, order: { priority: 'ASC', created_at: 'ASC' } });
    return rows.map(toResponse);
  }

  async get(tenant: Tenant, id: string): Promise<Obj> {
    return toResponse(await this.mustFind(tenant, id));
  }

  async create(tenant: Tenant, dto: object): Promise<Obj> {
    const p = plainBody(dto);
    checkAction(p.rule as Obj);
    const row: NetworkAclRow = {
      id: `acl_${base62(16)}`,
      tenant_id: tenant.id,
      priority: p.priority as number,
      active: p.active as boolean,
      description: p.description as string,
      rule: p.rule as Obj,
      created_at: this.clock.now().toISOString(),
    };
    await this.repo().insert(row);
    this.cache.delete(tenant.id);
    return toResponse(row);
  }

  async update(tenant: Tenant, id: string, dto: object): Promise<Obj> {
    const row = await this.mustFind(tenant, id);
    const p = plainBody(dto);
    if (p.rule) checkAction(p.rule as Obj);
    const next: NetworkAclRow = { ...row, ...(p as Partial<NetworkAclRow>) };
    await this.repo().update({ tenant_id: tenant.id, id }, { priority: next.priority, active: next.active, description: next.description, rule: next.rule } as never);
    this.cache.delete(tenant.id);
    return toResponse(next);
  }

  async remove(tenant: Tenant, id: string): Promise<void> {
    const res = await this.repo().delete({ tenant_id: tenant.id, id });
    if (!res.affected) throw new Auth0Error(ErrorCode.NotFound, 'The network ACL does not exist');
    this.cache.delete(tenant.id);
  }

  private async mustFind(tenant: Tenant, id: string): Promise<NetworkAclRow> {
    const row = await this.repo().findOneBy({ tenant_id: tenant.id, id });
    if (!row) throw new Auth0Error(ErrorCode.NotFound, 'The network ACL does not exist');
    return row;
  }

  /** The decision for one request (the hook calls this on every request of a scoped path). */
  async decide(tenantId: string, scope: AclScope, request: AclRequest): Promise<AclDecision> {
    let rules = this.cache.get(tenantId);
    if (!rules) {
      const rows = await this.repo().findBy({ tenant_id: tenantId });
      rules = rows.map((r) => ({ id: r.id, priority: r.priority, active: r.active, rule: r.rule as AclRule['rule'] }));
      this.cache.set(tenantId, rules);
    }
    return rules.length ? evaluateAcls(rules, scope, request) : { action: 'none', logged: [] };
  }
}
