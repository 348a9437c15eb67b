import type { RecordedEvent } from '@chuangwen/contracts';
import { isReadStoreError } from '@chuangwen/projections';
import type { EventSource } from '@chuangwen/projections';
import { BusLog, consoleLog } from '../delivery';
import { Consumer, GroupActiveError, IncomingMessage, MessageBus, PoisonMessageError } from '../port';
import { TOPICS } from '../topics';

export interface BusEventSourceOptions {
  readonly bus: MessageBus;
  /** One group per projection (e.g. `scoring.scorecards`): the group's offsets are its real checkpoint. */
  readonly groupId: string;
  readonly topics: readonly string[];
  /** Where undecodable messages go (`chuangwen.dead-letter`). */
  readonly deadLetterTopic?: string;
  readonly log?: BusLog;
  /** Partitions handed over at once, gathered into one unit of work (32). */
  readonly partitionsConcurrently?: number;
  /** Most events in one unit of work (the runner's batch size). */
  readonly maxEvents?: number;
  /** How long the first batch waits for others to join its unit (5 ms). */
  readonly lingerMs?: number;
  /** Failed units of work after which a partition's batch is applied event by event, its poison dead-lettered (3). */
  readonly poisonAfter?: number;
}

/** The recorded event a relay message carries, or a PoisonMessageError naming the message. */
export function decodeEvent(m: IncomingMessage): RecordedEvent {
  let e: Partial<RecordedEvent> | undefined;
  try {
    e = JSON.parse(m.value) as Partial<RecordedEvent>;
  } catch {
    throw new PoisonMessageError('value is not JSON', m);
  }
  const ok =
    !!e &&
    typeof e === 'object' &&
    typeof e.eventId === 'string' &&
    typeof e.type === 'string' &&
    typeof e.streamId === 'string' &&
    Number.isInteger(e.version) &&
    Number.isInteger(e.revision) &&
    Number.isInteger(e.position) &&
    typeof e.recordedAt === 'string' &&
    'data' in e &&
    typeof e.metadata === 'object' &&
    e.metadata !== null;
  if (!ok) throw new PoisonMessageError('value is not a recorded event envelope', m);
  return e as RecordedEvent;
}

/**
 * Drops the relay's repeats. The relay publishes in position order, and after a crash again from
 * its checkpoint, so in a partition an event at or below a position already seen is a repeat of
 * one handled before. Dropping them keeps every batch strictly increasing, which the unit of work
 * needs: it stamps each document with the batch's LAST position, and a repeat at the end of a
 * batch would stamp a document below an event it holds, which would then be applied twice.
 */
export function fresh(events: readonly RecordedEvent[], highest: number): { kept: RecordedEvent[]; top: number } {
  const kept: RecordedEvent[] = [];
  let top = highest;
  for (const e of events) {
    if (e.position <= top) continue;
    kept.push(e);
    top = e.position;
  }
  return { kept, top };
}

/** One partition's batch waiting to be applied, maybe over several units of work. */
interface Waiting {
  readonly tp: string;
  readonly events: readonly RecordedEvent[];
  readonly messages: readonly IncomingMessage[];
  readonly top: number;
  /** Events of it applied in units that succeeded. */
  next: number;
  /** Failed often enough to be applied alone, event by event, to find the poison. */
  readonly isolate: boolean;
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * The projection runtime's EventSource over a consumer group (distributed mode).
 *
 * Micro-batched: the consumer hands over up to `partitionsConcurrently` partitions at once, and
 * everything waiting across them (up to `batchSize` events, after at most `lingerMs`) becomes ONE
 * unit of work: a document touched by many events of many partitions is loaded and written once.
 * The longer the backlog, the fuller the units, so catch-up speeds up with the lag. A unit's
 * events are merged in position order, which keeps every partition's own order; positions are
 * still NOT globally ordered across units, so a projection may rely on position order only per
 * document whose events share one partition (one key on one topic) and keeps roll-ups state-based.
 *
 * Poison isolation: a partition's batch whose units failed `poisonAfter` times is applied alone,
 * event by event; an event that fails on its own, other than by a read-store failure (the store
 * may come back: retried without end, the projection shows degraded), is dead-lettered and the
 * partition goes on.
 *
 * `after` is not a filter here (it would drop a lagging partition's events): the group's committed
 * offsets are the checkpoint. `after < 0` means the read model is empty (first start or rebuild),
 * so the group is reset and replays every topic from the beginning. History is not pageable from
 * the bus: `readAll` and `readHistory` are empty and `headPosition` -1, so `ProjectionRunner.rebuild` drops the read
 * model and the replay happens through the subscription (progress shows as consumer lag).
 */
export function busEventSource(options: BusEventSourceOptions): EventSource {
  const log = options.log ?? consoleLog;
  const poisonAfter = options.poisonAfter ?? 3;
  let active = false;
  /** Batches handed over and not yet applied, oldest first (for `behind`). */
  const waiting: Waiting[] = [];
  return {
    subscribe({ after, batchSize, onEvents, onError }) {
      // Two projections on one source would join one group and split the partitions between them.
      if (active)
        throw new Error(
          `bus event source ${options.groupId} already has a subscriber: use one source (group) per projection`,
        );
      active = true;
      let stopped = false;
      const failed = (error: unknown) => {
        active = false; // the consumer is gone: a new subscription may start
        onError(error);
      };
      /** Per partition, the highest position handed over in this subscription (see `fresh`). */
      const highest = new Map<string, number>();
      /** Failed units per partition batch (`topic/partition@first offset`). */
      const attempts = new Map<string, number>();
      const maxEvents = Math.max(1, options.maxEvents ?? batchSize);
      let draining = false;

      /** Applies what waits, one unit of work at a time, until nothing does. */
      const drain = async () => {
        if (draining) return;
        draining = true;
        try {
          // A moment for the other partitions of the same fetch to join the unit.
          if (options.lingerMs !== 0) await new Promise((r) => setTimeout(r, options.lingerMs ?? 5));
          while (waiting.length > 0) {
            if (waiting[0].isolate) await applyAlone(waiting.shift()!);
            else await applyTogether();
          }
        } finally {
          draining = false;
        }
      };

      /** One unit of work over the front batches (not isolated ones), up to maxEvents. */
      const applyTogether = async () => {
        const parts: { w: Waiting; to: number }[] = [];
        let count = 0;
        for (const w of waiting) {
          if (count >= maxEvents) break;
          if (w.isolate) continue;
          const to = Math.min(w.events.length, w.next + (maxEvents - count));
          parts.push({ w, to });
          count += to - w.next;
        }
        const events = parts.flatMap(({ w, to }) => w.events.slice(w.next, to)).sort((a, b) => a.position - b.position);
        try {
          await onEvents(events);
        } catch (error) {
          for (const { w } of parts) settle(w, error);
          return;
        }
        for (const { w, to } of parts) {
          w.next = to;
          if (to === w.events.length) settle(w);
        }
      };

      /** Event by event: the first that fails on its own names its message as poison. */
      const applyAlone = async (w: Waiting) => {
        for (; w.next < w.events.length; w.next++) {
          try {
            await onEvents([w.events[w.next]]);
          } catch (error) {
            // Those before it are applied: not handed over again with the rest.
            if (w.next > 0) highest.set(w.tp, Math.max(highest.get(w.tp) ?? -1, w.events[w.next - 1].position));
            const m = w.messages[w.next];
            return settle(
              w,
              isReadStoreError(error)
                ? error
                : new PoisonMessageError(
                    `projection failed on it ${poisonAfter} times: ${(error as Error)?.message ?? error}`,
                    m,
                  ),
            );
          }
        }
        settle(w);
      };

      const settle = (w: Waiting, error?: unknown) => {
        const i = waiting.indexOf(w);
        if (i >= 0) waiting.splice(i, 1);
        if (error === undefined) w.resolve();
        else w.reject(error);
      };

      const started = (async (): Promise<Consumer | undefined> => {
        if (after < 0) {
          await options.bus.resetGroup(options.groupId).catch((error) => {
            // Another instance of this projection is consuming: it started on the same empty read
            // model, so it already reset the group.
            if (!(error instanceof GroupActiveError)) throw error;
            log('warn', `group ${options.groupId} is active; joining it without a reset`);
          });
        }
        if (stopped) return undefined;
        return options.bus.consume({
          groupId: options.groupId,
          topics: options.topics,
          fromBeginning: true, // expired group offsets mean a replay (idempotent), never a gap
          deadLetterTopic: options.deadLetterTopic ?? TOPICS.deadLetter,
          partitionsConcurrently: options.partitionsConcurrently ?? 32,
          onError: failed,
          handle: async (messages) => {
            const events = messages.map(decodeEvent); // all decoded before any is applied
            const tp = `${messages[0].topic}\u0000${messages[0].partition}`;
            const { kept, top } = fresh(events, highest.get(tp) ?? -1);
            if (kept.length === 0) return;
            const byPosition = new Map(events.map((e, i) => [e.position, messages[i]]));
            const key = `${tp}@${messages[0].offset}`;
            const failures = attempts.get(key) ?? 0;
            try {
              await new Promise<void>((resolve, reject) => {
                waiting.push({
                  tp,
                  events: kept,
                  messages: kept.map((e) => byPosition.get(e.position)!),
                  top,
                  next: 0,
                  isolate: failures >= poisonAfter,
                  resolve,
                  reject,
                });
                void drain();
              });
            } catch (error) {
              // A poison message is dead-lettered and the rest handed again: at full speed.
              if (error instanceof PoisonMessageError) attempts.delete(key);
              else attempts.set(key, failures + 1);
              throw error;
            }
            attempts.delete(key);
            highest.set(tp, Math.max(highest.get(tp) ?? -1, top));
          },
        });
      })();
      started.catch(failed);
      return {
        async stop() {
          stopped = true;
          await (await started.catch(() => undefined))?.stop();
          active = false;
        },
      };
    },
    readAll: async () => [],
    readHistory: async () => [],
    headPosition: async () => -1,
    async behind() {
      const events = await options.bus.lag(options.groupId, options.topics);
      const oldest = waiting.reduce<string | undefined>((o, w) => {
        const at = w.events[w.next]?.recordedAt;
        return at && (!o || at < o) ? at : o;
      }, undefined);
      return { events, ...(oldest ? { oldestRecordedAt: oldest } : {}) };
    },
  };
}
