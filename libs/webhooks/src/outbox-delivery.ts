import type { Lease } from '@chuangwen/read-store';
import { backoffDelay, DeliveryOutcome } from './delivery';

/** An outbox entry: a CloudEvent waiting for (or done with) its recipients. */
export interface OutboxEntry {
  readonly open: boolean;
  readonly deliveredTo: readonly string[];
  readonly refusedBy: readonly string[];
}

export interface Recipient {
  readonly id: string;
}

/** How one recipient (an endpoint, a webhook) is doing, in this process. */
export interface RecipientHealth {
  readonly failures: number;
  /** Epoch ms before which the recipient is not tried again (0: now). */
  readonly nextAttemptAt: number;
  readonly lastError?: string;
  readonly delivered: number;
  readonly refused: number;
}

export interface PassReport {
  readonly delivered: number;
  readonly refused: number;
  readonly failed: number;
  /** Recipients skipped because their back-off has not run out. */
  readonly backingOff: number;
  /** Entries still open after the pass. */
  readonly open: number;
  /** The pass did nothing: another replica holds the duty. */
  readonly standingBy?: boolean;
}

/** What an outbox's delivery needs to know of its recipients and entries. */
export interface OutboxRoute<R extends Recipient, E extends OutboxEntry> {
  /** Whether the recipient should have the entry. */
  covers(recipient: R, entry: E): boolean;
  send(recipient: R, entry: E): Promise<DeliveryOutcome>;
  /** Stores an entry's new marks (and whether it is still open). */
  save(entry: E): Promise<void>;
  /** The recipient and the entry as a log line names them. */
  describe(recipient: R, entry?: E): string;
  /** Entries nobody covers: closed (nobody listens) or kept open until a recipient comes. */
  readonly uncovered: 'close' | 'wait';
}

export interface DeliveryPolicy {
  readonly retryBaseMs: number;
  readonly retryMaxMs: number;
  /** The platform clock's epoch ms: back-off is on it, so tests can move it. */
  now(): number;
  warn(message: string): void;
}

type Mut<T> = { -readonly [K in keyof T]: T[K] };
const fresh = (): Mut<RecipientHealth> => ({ failures: 0, nextAttemptAt: 0, delivered: 0, refused: 0 });

/**
 * Delivers an outbox at least once, the same way for every outbound webhook of the platform (the
 * grid link, notifications). Per recipient it walks the open entries in outbox order and stops at the
 * first failure, so a recipient gets its CloudEvents in order and none is skipped: after the back-off
 * it gets the same entry again. A refusal (4xx) is recorded and passed over. Each delivery is marked
 * at once; a crash in between sends that one CloudEvent again (receivers drop repeats by id). An entry
 * closes when every recipient covering it has it.
 */
export class OutboxDelivery<R extends Recipient, E extends OutboxEntry> {
  private readonly health = new Map<string, Mut<RecipientHealth>>();

  constructor(
    private readonly route: OutboxRoute<R, E>,
    private readonly policy: DeliveryPolicy,
  ) {}

  healthOf(id: string): RecipientHealth {
    return this.health.get(id) ?? fresh();
  }

  /**
   * One pass over the open entries `load` finds (in outbox order). With a `lease` (replicas sharing
   * the outbox), only its holder delivers: the lease is renewed at the start and checked before each
   * send, and the pass stops where it is once the duty has passed to another replica.
   */
  async pass(load: () => Promise<{ recipients: readonly R[]; entries: E[] }>, lease?: Lease): Promise<PassReport> {
    const count = { delivered: 0, refused: 0, failed: 0, backingOff: 0 };
    if (lease && !(await lease.acquire())) return { ...count, open: 0, standingBy: true };
    const holds = async () => !lease || lease.held() || (await lease.acquire());
    const { recipients, entries } = await load();
    if (this.route.uncovered === 'close')
      for (const [i, entry] of entries.entries())
        if (!recipients.some((r) => this.route.covers(r, entry)))
          entries[i] = await this.saved({ ...entry, open: false });
    recipients: for (const recipient of recipients) {
      const health = this.health.get(recipient.id) ?? fresh();
      this.health.set(recipient.id, health);
      if (health.nextAttemptAt > this.policy.now()) {
        count.backingOff++;
        continue;
      }
      for (const [i, entry] of entries.entries()) {
        if (!entry.open || !this.route.covers(recipient, entry) || isDone(entry, recipient)) continue;
        if (!(await holds())) break recipients;
        const outcome: DeliveryOutcome = await this.route
          .send(recipient, entry)
          .catch((e: Error) => ({ kind: 'retry' as const, reason: e.message }));
        if (outcome.kind === 'retry') {
          health.failures++;
          const delay = backoffDelay(health.failures, this.policy.retryBaseMs, this.policy.retryMaxMs);
          health.nextAttemptAt = this.policy.now() + delay;
          health.lastError = outcome.reason;
          count.failed++;
          this.policy.warn(
            `${this.route.describe(recipient)} failed (${outcome.reason}); attempt ${health.failures}, next in ${delay} ms`,
          );
          break;
        }
        Object.assign(health, { failures: 0, nextAttemptAt: 0 });
        if (outcome.kind === 'refused') {
          health.refused++;
          count.refused++;
          this.policy.warn(`${this.route.describe(recipient, entry)} refused (${outcome.reason}); passed over`);
        } else {
          health.delivered++;
          count.delivered++;
        }
        entries[i] = await this.saved(
          marked(entry, recipient, outcome.kind === 'refused' ? 'refusedBy' : 'deliveredTo', recipients, this.route),
        );
      }
    }
    return { ...count, open: entries.filter((e) => e.open).length };
  }

  private async saved(entry: E): Promise<E> {
    await this.route.save(entry);
    return entry;
  }
}

const isDone = (entry: OutboxEntry, recipient: Recipient) =>
  entry.deliveredTo.includes(recipient.id) || entry.refusedBy.includes(recipient.id);

/** The entry with the recipient's delivery (or refusal) recorded, open while a covering recipient lacks it. */
function marked<R extends Recipient, E extends OutboxEntry>(
  entry: E,
  recipient: R,
  field: 'deliveredTo' | 'refusedBy',
  recipients: readonly R[],
  route: OutboxRoute<R, E>,
): E {
  const next = { ...entry, [field]: [...entry[field], recipient.id] };
  return { ...next, open: recipients.some((r) => route.covers(r, next) && !isDone(next, r)) };
}
