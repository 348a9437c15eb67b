import type { ReadStreamOptions } from '@eventstore/db-client';
import type { RecordedEvent } from '@chuangwen/contracts';
import type { ReadAllOptions } from '../port';
import type { EsdbClient } from './esdb-client';
import { commitPositionOf, fromResolvedEvent, isStreamNotFound, toReadPosition, toSafeNumber } from './esdb-mapping';

/** A stream's events (ascending by revision, whatever the direction) and its last revision; [] and 'no_stream' when it does not exist. */
export async function readStreamEvents(
  client: EsdbClient,
  streamId: string,
  options: ReadStreamOptions,
): Promise<{ events: RecordedEvent[]; lastRevision: number | 'no_stream' }> {
  const events: RecordedEvent[] = [];
  let last = -1;
  try {
    for await (const resolved of client.readStream(streamId, options)) {
      // The raw revision counts too: the stream's head may be an event that is not ours.
      if (resolved.event) last = Math.max(last, toSafeNumber(resolved.event.revision, 'revision'));
      const e = fromResolvedEvent(resolved);
      if (e) events.push(e);
    }
  } catch (error) {
    if (isStreamNotFound(error)) return { events: [], lastRevision: 'no_stream' };
    throw error;
  }
  if (options.direction === 'backwards') events.reverse();
  return { events, lastRevision: last < 0 ? 'no_stream' : last };
}

/**
 * A page of $all strictly after `after`, our events only. A forward read from a position includes
 * the event at it, so it is skipped; system events are skipped here (the 6.x client's readAll takes no
 * server-side filter), so pages are read until `maxCount` of ours or the end of the log.
 */
export async function readAllAfter(
  client: EsdbClient,
  options: ReadAllOptions,
  pageSize: number,
): Promise<RecordedEvent[]> {
  const maxCount = options.maxCount ?? 1000;
  const out: RecordedEvent[] = [];
  let cursor = options.after ?? -1;
  while (out.length < maxCount) {
    const page = Math.min(maxCount - out.length + 1, pageSize);
    const from = cursor;
    let seen = 0;
    for await (const resolved of client.readAll({
      fromPosition: toReadPosition(cursor),
      maxCount: page,
      direction: 'forwards',
    })) {
      seen++;
      const commit = commitPositionOf(resolved);
      if (commit === undefined || toSafeNumber(commit) <= cursor) continue;
      cursor = toSafeNumber(commit);
      const e = fromResolvedEvent(resolved);
      if (e && out.length < maxCount) out.push(e);
    }
    if (seen < page || cursor === from) break; // the end of the log
  }
  return out;
}

/**
 * Position of the last event that is ours (system events may follow it, and a projection waiting for
 * the head must be able to reach it), or -1. Backward reads exclude the position they start from.
 */
export async function lastPosition(client: EsdbClient, pageSize: number): Promise<number> {
  let cursor = Number.POSITIVE_INFINITY;
  for (;;) {
    let seen = 0;
    const before = cursor;
    const from = cursor === Number.POSITIVE_INFINITY ? 'end' : toReadPosition(cursor);
    for await (const resolved of client.readAll({ fromPosition: from, maxCount: pageSize, direction: 'backwards' })) {
      seen++;
      const commit = commitPositionOf(resolved);
      if (commit === undefined || toSafeNumber(commit) >= cursor) continue;
      cursor = toSafeNumber(commit);
      if (fromResolvedEvent(resolved)) return cursor;
    }
    if (seen < pageSize || cursor === before) return -1;
  }
}
