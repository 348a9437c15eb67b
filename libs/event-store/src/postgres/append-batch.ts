import type { EventToAppend } from '@chuangwen/contracts';
import { AppendResult, DuplicateEventIdError, ExpectedRevision, WrongExpectedRevisionError } from '../port';

export interface PendingAppend {
  readonly streamId: string;
  readonly events: readonly EventToAppend[];
  readonly expectedRevision: ExpectedRevision;
}

/** What the store holds of a batch's streams and ids, read under the append lock. */
export interface StoreHeads {
  /** The last position in the store (0 when empty). */
  readonly last: number;
  /** Stream id → revision of its last event, for the batch's streams that exist. */
  readonly heads: ReadonlyMap<string, number>;
  /** Event id → where it already is, for the batch's ids that are stored. */
  readonly found: ReadonlyMap<string, { stream: string; revision: number; position: number }>;
}

export interface RowToInsert {
  readonly position: number;
  readonly event_id: string;
  readonly stream_id: string;
  readonly revision: number;
  readonly type: string;
  readonly version: number;
  readonly data: unknown;
  readonly metadata: unknown;
}

/**
 * The rows a batch of appends writes, and each append's own outcome, as if they ran one after the
 * other in the order given: each sees the ones before it (revisions, ids), a refused one (expected
 * revision, an id used elsewhere) takes nothing and stops none of the others. Pure: the store reads
 * `StoreHeads` and writes `rows` in one transaction.
 */
export function planBatch(
  appends: readonly PendingAppend[],
  store: StoreHeads,
): { rows: RowToInsert[]; outcomes: (AppendResult | Error)[] } {
  const heads = new Map(store.heads);
  const found = new Map(store.found);
  let last = store.last;
  const rows: RowToInsert[] = [];
  const outcomes = appends.map(({ streamId, events, expectedRevision }): AppendResult | Error => {
    const ids = events.map((e) => e.eventId);
    const hits = ids.map((id) => found.get(id));
    if (hits.some((h) => h !== undefined) || new Set(ids).size !== ids.length) {
      // An idempotent retry: every id already in this stream, in this order.
      const consistent = hits.every(
        (h, i) => h && h.stream === streamId && (i === 0 || h.revision === hits[i - 1]!.revision + 1),
      );
      if (!consistent) return new DuplicateEventIdError(streamId, ids);
      const end = hits[hits.length - 1]!;
      return { nextExpectedRevision: end.revision, position: end.position };
    }
    const head = heads.get(streamId);
    const refused = wrongRevision(streamId, expectedRevision, head);
    if (refused) return refused;
    let revision = head ?? -1;
    for (const e of events) {
      revision += 1;
      last += 1;
      rows.push({
        position: last,
        event_id: e.eventId,
        stream_id: streamId,
        revision,
        type: e.type,
        version: e.version,
        data: e.data,
        metadata: e.metadata,
      });
      found.set(e.eventId, { stream: streamId, revision, position: last });
    }
    heads.set(streamId, revision);
    return { nextExpectedRevision: revision, position: last };
  });
  return { rows, outcomes };
}

function wrongRevision(
  streamId: string,
  expected: ExpectedRevision,
  head: number | undefined,
): WrongExpectedRevisionError | undefined {
  if (expected === 'any') return undefined;
  const ok =
    expected === 'no_stream'
      ? head === undefined
      : expected === 'stream_exists'
        ? head !== undefined
        : head === expected;
  return ok ? undefined : new WrongExpectedRevisionError(streamId, expected, head ?? 'no_stream');
}
