import type { components } from '@gatehouse/contract';
import type { Connection } from './connection.model';

export type ConnectionBody = components['schemas']['Connection'];
export type ConnectionListItemBody = components['schemas']['ConnectionListItem'];

/**
 * A connection in a list, as Auth0 returns it (its ConnectionForList): no `enabled_clients`, which
 * Auth0's current API reads through GET /connections/{id}/clients. `realms` defaults to the name;
 * `options` is always there; the other properties only once set.
 */
export function toConnectionListItem(c: Connection): ConnectionListItemBody {
  const { options, realms, ...rest } = c.properties;
  return {
    id: c.id,
    name: c.name,
    strategy: c.strategy,
    options: options ?? {},
    is_domain_connection: c.isDomainConnection,
    realms: realms ?? [c.name],
    ...rest,
  };
}

/** One connection (create, get, patch): the list item plus Auth0's deprecated `enabled_clients`, still sent. */
export function toConnectionResponse(c: Connection, enabledClients: readonly string[]): ConnectionBody {
  return { ...toConnectionListItem(c), enabled_clients: [...enabledClients] };
}
