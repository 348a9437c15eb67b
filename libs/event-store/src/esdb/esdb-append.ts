import type { AppendExpectedRevision } from '@eventstore/db-client';
import type { EventToAppend, RecordedEvent } from '@chuangwen/contracts';
import { AppendResult, DuplicateEventIdError, ExpectedRevision, WrongExpectedRevisionError } from '../port';
import type { EsdbClient } from './esdb-client';
import {
  commitPositionOf,
  fromEsdbCurrentRevision,
  isWrongExpectedVersion,
  toEsdbEvent,
  toEsdbExpectedRevision,
  toSafeNumber,
} from './esdb-mapping';
import { readStreamEvents } from './esdb-read';

export interface AppendSettings {
  /** How many events at the stream's end are searched for the ids of a retried append. */
  readonly idempotencyWindow: number;
  /** How often an `any` / `stream_exists` append is tried again when another writer got in between. */
  readonly attempts: number;
}

/**
 * Appends with the port's semantics: the expected revision is enforced, and a batch whose ids are
 * already at the stream's end returns the original result instead of writing again.
 *
 * The server makes a retry with the *same* expected revision a no-op by itself. With `any` (and
 * `stream_exists`) its duplicate check is best effort (a cache of recent ids), so those appends read
 * the stream's end first and then append at the revision they saw: a concurrent writer makes that
 * fail, and the loop looks again. The ids are searched in the last `idempotencyWindow` events of
 * this stream only: a retry after more events than that, or an id reused in another stream, is not
 * recognised (the SQLite adapter checks ids store-wide).
 */
export async function appendIdempotent(
  client: EsdbClient,
  streamId: string,
  events: readonly EventToAppend[],
  expected: ExpectedRevision,
  settings: AppendSettings,
): Promise<AppendResult> {
  if (events.length === 0) throw new Error('append needs at least one event');
  const esdbExpected = toEsdbExpectedRevision(expected);
  if (expected !== 'any' && expected !== 'stream_exists')
    return appendOnce(client, streamId, events, expected, esdbExpected, settings);
  for (let attempt = 1; ; attempt++) {
    const tail = await readTail(client, streamId, settings.idempotencyWindow);
    const previous = previousAppend(streamId, tail.events, events);
    if (previous) return previous;
    if (expected === 'stream_exists' && tail.lastRevision === 'no_stream')
      throw new WrongExpectedRevisionError(streamId, expected, 'no_stream');
    const at = tail.lastRevision === 'no_stream' ? 'no_stream' : BigInt(tail.lastRevision);
    try {
      return await appendOnce(client, streamId, events, expected, at, settings);
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError) || attempt >= settings.attempts) throw error;
    }
  }
}

async function appendOnce(
  client: EsdbClient,
  streamId: string,
  events: readonly EventToAppend[],
  expected: ExpectedRevision,
  esdbExpected: AppendExpectedRevision,
  settings: AppendSettings,
): Promise<AppendResult> {
  let result;
  try {
    result = await client.appendToStream(streamId, events.map(toEsdbEvent), { expectedRevision: esdbExpected });
  } catch (error) {
    if (!isWrongExpectedVersion(error)) throw error;
    // A retry whose expected revision differs from the first attempt's (the revision read before a
    // time-out, say) is a conflict to the server: if these ids are the stream's, it was our append.
    const previous = previousAppend(
      streamId,
      (await readTail(client, streamId, settings.idempotencyWindow)).events,
      events,
    );
    if (previous) return previous;
    throw new WrongExpectedRevisionError(streamId, expected, fromEsdbCurrentRevision(error.actualVersion));
  }
  const commit = result.position ? commitPositionOf({ commitPosition: result.position.commit }) : undefined;
  if (!result.success || commit === undefined) {
    // No position: the server recognised an idempotent retry (or, with throwOnAppendFailure=false
    // on the connection, refused it). Either way the original, if there is one, is at the end.
    const previous = previousAppend(
      streamId,
      (await readTail(client, streamId, settings.idempotencyWindow)).events,
      events,
    );
    if (previous) return previous;
    if (!result.success)
      throw new WrongExpectedRevisionError(streamId, expected, fromEsdbCurrentRevision(result.nextExpectedRevision));
    throw new Error(
      `stream ${streamId}: the server took the append without a position, and its events are not at the stream's end`,
    );
  }
  // The position of an append is its last event's.
  return {
    nextExpectedRevision: toSafeNumber(result.nextExpectedRevision, 'revision'),
    position: toSafeNumber(commit),
  };
}

const readTail = (client: EsdbClient, streamId: string, window: number) =>
  readStreamEvents(client, streamId, { direction: 'backwards', fromRevision: 'end', maxCount: window });

/**
 * The original result when every id of `events` is in `tail` in this order, at consecutive
 * revisions; undefined when none is; DuplicateEventIdError when only some are.
 */
export function previousAppend(
  streamId: string,
  tail: readonly RecordedEvent[],
  events: readonly EventToAppend[],
): AppendResult | undefined {
  const byId = new Map(tail.map((e) => [e.eventId, e]));
  const found = events.map((e) => byId.get(e.eventId));
  if (found.every((e) => e === undefined)) return undefined;
  const consistent = found.every((e, i) => e !== undefined && (i === 0 || e.revision === found[i - 1]!.revision + 1));
  if (!consistent)
    throw new DuplicateEventIdError(
      streamId,
      events.map((e) => e.eventId),
    );
  const last = found[found.length - 1]!;
  return { nextExpectedRevision: last.revision, position: last.position };
}
