import { ConsumeOptions, IncomingMessage, OutgoingMessage, PoisonMessageError } from './port';

/** What adapters report (handler retries, dead letters, client warnings); defaults to the console. */
export type BusLog = (level: 'warn' | 'error', message: string, detail?: Record<string, unknown>) => void;
export const consoleLog: BusLog = (level, message, detail) => console[level](`[bus] ${message}`, detail ?? '');

export const DEAD_LETTER_HEADERS = {
  reason: 'x-dead-letter-reason',
  topic: 'x-original-topic',
  partition: 'x-original-partition',
  offset: 'x-original-offset',
} as const;

/** The dead letter keeps key, value and headers, so it can be inspected and republished as is. */
export function deadLetterOf(m: IncomingMessage, reason: string): OutgoingMessage {
  return {
    key: m.key,
    value: m.value,
    headers: {
      ...m.headers,
      [DEAD_LETTER_HEADERS.reason]: reason,
      [DEAD_LETTER_HEADERS.topic]: m.topic,
      [DEAD_LETTER_HEADERS.partition]: String(m.partition),
      [DEAD_LETTER_HEADERS.offset]: m.offset,
    },
  };
}

const isPoison = (e: unknown): e is PoisonMessageError =>
  e instanceof PoisonMessageError || (e as Error)?.name === 'PoisonMessageError';

/**
 * Hands one partition's batch to the handler, the same way in every adapter. A poison message is
 * dead-lettered and the rest handed again (the handler may have applied none of it: a projection
 * applies a batch atomically). Resolves when the whole batch is handled or dead-lettered; throws
 * whatever must be retried. `deadLettered` (one per consumer) remembers what this consumer already
 * dead-lettered, so a batch retried after another failure does not dead-letter the same message again.
 */
export async function deliver(
  batch: readonly IncomingMessage[],
  options: Pick<ConsumeOptions, 'handle' | 'deadLetterTopic'>,
  publish: (topic: string, messages: readonly OutgoingMessage[]) => Promise<void>,
  deadLettered: Set<string> = new Set(),
): Promise<void> {
  let rest = batch.filter((m) => !deadLettered.has(messageId(m)));
  while (rest.length > 0) {
    try {
      await options.handle(rest);
      break;
    } catch (error) {
      if (!isPoison(error) || !options.deadLetterTopic) throw error;
      const o = error.offending;
      const bad = rest.find((m) => m.topic === o.topic && m.partition === o.partition && m.offset === o.offset);
      if (!bad) throw error; // names a message not in this batch: a handler bug, retry rather than guess
      await publish(options.deadLetterTopic, [deadLetterOf(bad, error.message)]);
      deadLettered.add(messageId(bad));
      rest = rest.filter((m) => m !== bad);
    }
  }
  // Handled: the adapter commits these offsets, so they will not come again.
  for (const m of batch) deadLettered.delete(messageId(m));
}

const messageId = (m: IncomingMessage): string => `${m.topic}\u0000${m.partition}\u0000${m.offset}`;

/** Pause before handing a failing partition's batch again: doubles per failure, capped. */
export const retryDelay = (failures: number, baseMs: number, maxMs: number): number =>
  Math.min(maxMs, baseMs * 2 ** Math.min(Math.max(failures - 1, 0), 20));
