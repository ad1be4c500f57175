import type { components } from '@gatehouse/contract';
import type { UserGrant } from './user-grant.model';

export type UserGrantBody = components['schemas']['UserGrant'];

/** A consent as Auth0 returns it: `{id, clientID, user_id, audience, scope}` (`clientID` spelled as Auth0 spells it). */
export function toUserGrantResponse(g: UserGrant): UserGrantBody {
  return { id: g.id, clientID: g.clientId, user_id: g.userId, audience: g.audience, scope: [...g.scopes] };
}
