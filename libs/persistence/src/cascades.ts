import type { EntityManager } from 'typeorm';

/**
 * A change to a row that rows of other libs hang off (a client is deleted, an API is deleted or its
 * identifier moves), announced by the lib that owns the row. The libs that own the dependent rows sit
 * above it (client-grants imports clients), so the owner cannot call them; they register a handler
 * instead, and the owner runs every handler inside the transaction that makes the change: atomic, as a
 * foreign key's ON DELETE / ON UPDATE CASCADE would be, without the owner knowing who depends on it.
 *
 * The owner lib declares each cascade as a constant, typed by what it announces
 * (`export const CLIENT_DELETED = new Cascade<{ tenantId: string; clientId: string }>('client deleted')`).
 */
export class Cascade<Event> {
  /** Only carries the event type. */
  declare readonly event?: Event;

  constructor(readonly name: string) {}
}

export type CascadeHandler<Event> = (em: EntityManager, event: Event) => Promise<void>;

/**
 * The cascades of one application (a provider of PersistenceModule): dependents register their handlers
 * when their module starts (`onModuleInit`), owners run them.
 */
export class Cascades {
  private readonly handlers = new Map<Cascade<unknown>, CascadeHandler<never>[]>();

  on<Event>(cascade: Cascade<Event>, handler: CascadeHandler<Event>): void {
    const list = this.handlers.get(cascade) ?? [];
    list.push(handler as CascadeHandler<never>);
    this.handlers.set(cascade, list);
  }

  /**
   * Every handler of `cascade`, one after another, in the owner's transaction `em`: the dependent rows
   * change with the owner's row or not at all. Refuses to run outside a transaction.
   */
  async run<Event>(cascade: Cascade<Event>, em: EntityManager, event: Event): Promise<void> {
    if (!em.queryRunner?.isTransactionActive) throw new Error(`the cascade "${cascade.name}" runs inside the owner's transaction`);
    for (const handler of this.handlers.get(cascade) ?? []) await (handler as CascadeHandler<Event>)(em, event);
  }
}
