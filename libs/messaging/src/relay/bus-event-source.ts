import type { RecordedEvent } from '@chuangwen/contracts';
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
    !!e && typeof e === 'object' &&
    typeof e.eventId === 'string' && typeof e.type === 'string' && typeof e.streamId === 'string' &&
    Number.isInteger(e.version) && Number.isInteger(e.revision) && Number.isInteger(e.position) &&
    typeof e.recordedAt === 'string' && 'data' in e && typeof e.metadata === 'object' && e.metadata !== null;
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

/**
 * The projection runtime's EventSource over a consumer group (distributed mode). Each partition's
 * events reach `onEvents` in order, one partition's batch at a time; partitions interleave, so
 * positions are NOT globally ordered: a projection may rely on position order only per document
 * whose events share one partition (one key on one topic) and must keep roll-ups state-based.
 *
 * `after` is not a filter here (it would drop a lagging partition's events): the group's committed
 * offsets are the checkpoint. `after < 0` means the read model is empty (first start or rebuild),
 * so the group is reset and replays every topic from the beginning. History is not pageable from
 * the bus: `readAll` and `readHistory` are empty and `headPosition` -1, so `ProjectionRunner.rebuild` drops the read
 * model and the replay happens through the subscription (progress shows as consumer lag).
 */
export function busEventSource(options: BusEventSourceOptions): EventSource {
  const log = options.log ?? consoleLog;
  let active = false;
  return {
    subscribe({ after, batchSize, onEvents, onError }) {
      // Two projections on one source would join one group and split the partitions between them.
      if (active) throw new Error(`bus event source ${options.groupId} already has a subscriber: use one source (group) per projection`);
      active = true;
      let stopped = false;
      const failed = (error: unknown) => {
        active = false; // the consumer is gone: a new subscription may start
        onError(error);
      };
      /** Per partition, the highest position handed over in this subscription (see `fresh`). */
      const highest = new Map<string, number>();
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
          onError: failed,
          handle: async (messages) => {
            const events = messages.map(decodeEvent); // all decoded before any is applied
            const tp = `${messages[0].topic}\u0000${messages[0].partition}`;
            const { kept, top } = fresh(events, highest.get(tp) ?? -1);
            for (let i = 0; i < kept.length; i += batchSize) await onEvents(kept.slice(i, i + batchSize));
            highest.set(tp, top);
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
  };
}
