import { BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import { AsyncResource } from 'async_hooks';
import { randomInt } from 'crypto';
import type { EntityManager } from 'typeorm';
import { ClientsReader } from '@gatehouse/clients';
import { GATEHOUSE_CONFIG, GatehouseConfig } from '@gatehouse/config';
import type { LogEventRow } from '@gatehouse/schemas';
import { Clock } from '@gatehouse/tenancy';
import { LogEventInput, redact, RequestFacts } from './log-events';
import { LogEventsRepository } from './log-events.repository';

/** How often network ACL summaries are written (and failed writes retried); the bound on what waits in memory. */
export const LOG_FLUSH_INTERVAL_MS = 1000;
const MAX_BUFFERED = 20_000;
/** A tenant's retention is enforced after this many new events, or this long, whichever is first. */
const PRUNE_EVERY_MS = 60_000;

interface Pending {
  tenantId: string;
  row: Omit<LogEventRow, 'log_id' | 'tenant_id'>;
  /** The caller waiting for this event to be on disk (absent for summaries and retries). */
  durable?: { resolve: () => void; reject: (e: unknown) => void };
}

interface AclTally {
  tenantId: string;
  ruleId: string;
  action: 'block' | 'log';
  scope: string;
  count: number;
  first: string;
  last: string;
  ips: Set<string>;
  facts: RequestFacts;
}

/**
 * Tenant log events are never lost once what they record was acknowledged (SPEC §10, issue 12 §1):
 * - A Management API write and its `sapi` event commit in one transaction: `writeWithin` inserts the
 *   event with the write's EntityManager (ManagementAuditInterceptor).
 * - Every other event (token exchanges, logins, registrations, revocations, failed calls) goes
 *   through `record`, a group commit: the events recorded while one batch is being written make the
 *   next batch, written right after it in one statement per 50 rows, and each caller's promise
 *   resolves once its batch is committed. Callers answer only then: a response is an acknowledgement.
 * Network ACL matches are summed per rule over each interval into one `acls_summary` event, as
 * Auth0 summarises them, so a blocked flood cannot flood the log (a summary acknowledges nothing, and
 * the last interval's tally is the one thing a kill -9 can take). Retention is bounded per tenant by
 * age and by count. Events still queued at shutdown are written before the database closes.
 */
@Injectable()
export class LogWriter implements BeforeApplicationShutdown {
  private readonly logger = new Logger('TenantLogs');
  private queue: Pending[] = [];
  private tallies = new Map<string, AclTally>();
  private chain: Promise<void> = Promise.resolve();
  private readonly timer: NodeJS.Timeout;
  private lastIdMs = 0;
  private seq = 0;
  private readonly sincePrune = new Map<string, { count: number; at: number }>();
  private readonly duePrunes = new Set<string>();
  private closed = false;
  private kicked = false;
  /**
   * Starts a batch soon. Bound to the writer's own (boot-time) async context, so a batch never runs in
   * the context of the request that happened to record first: never inside its transaction.
   */
  private readonly kick = AsyncResource.bind(() => {
    if (this.kicked) return;
    this.kicked = true;
    setImmediate(() => {
      this.kicked = false;
      void this.flush();
    });
  });

  constructor(
    @Inject(LogEventsRepository) private readonly events: LogEventsRepository,
    @Inject(ClientsReader) private readonly clients: ClientsReader,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(GATEHOUSE_CONFIG) private readonly config: GatehouseConfig,
  ) {
    this.timer = setInterval(() => void this.flush(), LOG_FLUSH_INTERVAL_MS);
    this.timer.unref();
  }

  /**
   * Queue an event for the next batch; resolves once it is committed, rejects when that batch could
   * not be written (the event then stays queued, bounded, and is retried at the next interval).
   */
  record(tenantId: string, event: LogEventInput): Promise<void> {
    if (this.queue.length >= MAX_BUFFERED) {
      this.logger.warn(`tenant log queue full (${MAX_BUFFERED}); an event of type ${event.type} was dropped`);
      return Promise.reject(new Error(`tenant log queue full; an event of type ${event.type} was dropped`));
    }
    const written = new Promise<void>((resolve, reject) => {
      this.queue.push({ tenantId, row: this.toRow(event), durable: { resolve, reject } });
      this.kick();
    });
    // A caller that does not wait is not brought down by a failure the flush already logged.
    written.catch(() => undefined);
    return written;
  }

  /**
   * As `record`, for an answer that goes out whether or not its event could be written: a refusal or a
   * failure (when the database cannot take the event now, it stays queued and is retried).
   */
  async recordFailure(tenantId: string, event: LogEventInput): Promise<void> {
    await this.record(tenantId, event).catch(() => undefined);
  }

  /**
   * Write an event as part of the caller's transaction (`em`): it commits, or rolls back, with the
   * write it records. Retention is enforced later, outside that transaction.
   */
  async writeWithin(em: EntityManager, tenantId: string, event: LogEventInput): Promise<void> {
    const batch: Pending[] = [{ tenantId, row: this.toRow(event) }];
    await this.resolveClientNames(batch);
    await this.events.insert([{ tenant_id: tenantId, log_id: this.nextLogId(), ...batch[0]!.row }], em);
    this.countForPrune(tenantId, 1);
  }

  /** Count a network ACL match toward this interval's summary of that rule. */
  noteAclMatch(tenantId: string, ruleId: string, action: 'block' | 'log', scope: string, facts: RequestFacts): void {
    if (this.closed) return;
    const key = `${tenantId}\u0000${ruleId}\u0000${action}\u0000${scope}`;
    const now = this.clock.now().toISOString();
    const tally = this.tallies.get(key) ?? { tenantId, ruleId, action, scope, count: 0, first: now, last: now, ips: new Set<string>(), facts };
    tally.count++;
    tally.last = now;
    if (facts.ip && tally.ips.size < 10) tally.ips.add(facts.ip);
    this.tallies.set(key, tally);
  }

  /** Write everything queued so far (serialised: one flush at a time), in the writer's own async context. */
  flush(): Promise<void> {
    this.chain = this.chain.then(this.writeQueuedOutside).catch((e: unknown) => {
      this.logger.error(`writing tenant logs failed: ${(e as Error).message}`);
    });
    return this.chain;
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
    this.closed = true;
  }

  private toRow(e: LogEventInput): Pending['row'] {
    return {
      date: this.clock.now().toISOString(),
      type: e.type,
      description: e.description ?? null,
      client_id: e.client_id ?? null,
      client_name: e.client_name ?? null,
      ip: e.ip ?? null,
      user_agent: e.user_agent ? e.user_agent.slice(0, 512) : null,
      hostname: e.hostname ?? null,
      audience: e.audience ?? null,
      scope: e.scope ?? null,
      connection: e.connection ?? null,
      user_id: e.user_id ?? null,
      user_name: e.user_name ?? null,
      details: e.details ? (redact(e.details) as Record<string, unknown>) : null,
    };
  }

  /**
   * Sortable, unique across instances: real milliseconds (never the emulated clock, which can move
   * back), a per-process sequence and random digits; fixed width so text order is numeric order.
   */
  private nextLogId(): string {
    const ms = Math.max(Date.now(), this.lastIdMs);
    if (ms !== this.lastIdMs) this.seq = 0;
    this.lastIdMs = ms;
    const seq = this.seq++;
    return `90${String(ms).padStart(15, '0')}${String(seq).padStart(6, '0')}${String(randomInt(1e9)).padStart(9, '0')}`;
  }

  private drainTallies(): Pending[] {
    const out: Pending[] = [];
    for (const t of this.tallies.values()) {
      const verb = t.action === 'block' ? 'blocked' : 'matched (monitoring mode)';
      out.push({
        tenantId: t.tenantId,
        row: {
          ...this.toRow({
            type: 'acls_summary',
            description: `Network ACL rule ${t.ruleId} ${verb} ${t.count} request${t.count === 1 ? '' : 's'} (scope ${t.scope})`,
            ...t.facts,
            details: { rule_id: t.ruleId, action: t.action, scope: t.scope, count: t.count, first_seen: t.first, last_seen: t.last, ips: [...t.ips] },
          }),
          date: t.last,
        },
      });
    }
    this.tallies = new Map();
    return out;
  }

  private readonly writeQueuedOutside = AsyncResource.bind(() => this.writeQueued());

  private async writeQueued(): Promise<void> {
    if (!this.events.open) {
      // Before the database opens or after it closed: nobody may be told these are written.
      const e = new Error('the database is closed; tenant log events were not written');
      for (const p of this.queue) p.durable?.reject(e);
      this.queue = this.queue.map(({ tenantId, row }) => ({ tenantId, row }));
      return;
    }
    const batch = [...this.queue, ...this.drainTallies()];
    this.queue = [];
    if (batch.length > 0) {
      try {
        await this.resolveClientNames(batch);
        const rows: LogEventRow[] = batch.map((p) => ({ tenant_id: p.tenantId, log_id: this.nextLogId(), ...p.row }));
        // One transaction: the batch is on disk (SQLite synchronous=FULL) when its callers hear so.
        await this.events.insert(rows);
      } catch (e) {
        for (const p of batch) p.durable?.reject(e);
        // Keep them for the next interval (bounded), rather than lose them to a passing database fault.
        this.queue = [...batch.map(({ tenantId, row }) => ({ tenantId, row })), ...this.queue].slice(-MAX_BUFFERED);
        throw e;
      }
      for (const p of batch) p.durable?.resolve();
      const perTenant = new Map<string, number>();
      for (const p of batch) perTenant.set(p.tenantId, (perTenant.get(p.tenantId) ?? 0) + 1);
      for (const [tenantId, n] of perTenant) this.countForPrune(tenantId, n);
    }
    for (const tenantId of [...this.duePrunes]) {
      this.duePrunes.delete(tenantId);
      await this.prune(tenantId);
    }
  }

  /** client_name as Auth0 reports it, looked up once per batch rather than on the request path. */
  private async resolveClientNames(batch: Pending[]): Promise<void> {
    const wanted = new Map<string, Set<string>>();
    for (const p of batch) {
      if (p.row.client_id && !p.row.client_name) {
        const ids = wanted.get(p.tenantId) ?? new Set<string>();
        ids.add(p.row.client_id);
        wanted.set(p.tenantId, ids);
      }
    }
    for (const [tenantId, ids] of wanted) {
      const names = await this.clients.names(tenantId, ids);
      for (const p of batch) {
        if (p.tenantId === tenantId && p.row.client_id && !p.row.client_name) p.row.client_name = names.get(p.row.client_id) ?? null;
      }
    }
  }

  /** Note new events of a tenant; when its retention is due, it is enforced by the next batch (outside any request's transaction). */
  private countForPrune(tenantId: string, added: number): void {
    const max = this.config.logMaxEventsPerTenant;
    const state = this.sincePrune.get(tenantId) ?? { count: 0, at: Date.now() };
    state.count += added;
    this.sincePrune.set(tenantId, state);
    if (state.count < Math.max(1, Math.min(1000, Math.floor(max / 10))) && Date.now() - state.at < PRUNE_EVERY_MS) return;
    this.sincePrune.set(tenantId, { count: 0, at: Date.now() });
    this.duePrunes.add(tenantId);
    this.kick();
  }

  /** Enforce a tenant's retention now: events older than the retention period, and beyond the count bound. */
  async prune(tenantId: string): Promise<void> {
    const before = new Date(this.clock.nowMs() - this.config.logRetentionDays * 86_400_000).toISOString();
    await this.events.prune(tenantId, { before, keep: this.config.logMaxEventsPerTenant });
  }
}
