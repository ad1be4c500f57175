import type { NetworkAclBody } from '@gatehouse/contract';
import type { NetworkAcl } from './network-acl.model';

/** A network ACL as the API reports it. */
export function toNetworkAclResponse(acl: NetworkAcl): NetworkAclBody {
  return { id: acl.id, description: acl.description, active: acl.active, priority: acl.priority, rule: acl.rule, created_at: acl.createdAt };
}
