/**
 * Pure mapping between our envelope and EventStoreDB's (client 6.x types; no server, no gRPC here).
 *
 * | ours                   | EventStoreDB                                                              |
 * |------------------------|---------------------------------------------------------------------------|
 * | `eventId`              | the event id (a UUID)                                                     |
 * | `type`                 | the event type (ours never start with `$`)                                |
 * | `version`              | `$schemaVersion` in the event's metadata (absent → 1)                     |
 * | `data`                 | JSON data (`application/json`)                                            |
 * | `metadata`             | JSON metadata, plus `$schemaVersion`, `$correlationId`, `$causationId`    |
 * |                        | (ESDB's own names: its `$by_correlation_id` projection sees them); the    |
 * |                        | three are removed on reading                                              |
 * | `streamId`, `revision` | the stream name, the stream revision                                      |
 * | `position`             | the commit position, as a Number                                          |
 * | `recordedAt`           | `created`, ISO 8601 (millisecond precision)                               |
 *
 * Positions: a commit position is a byte offset in the transaction log (unsigned 64 bit). The port's
 * positions are Numbers, exact up to 2^53 − 1 (8 PiB of log): a larger one throws rather than rounds.
 * Events of ordinary (non-transactional) appends have commit = prepare = their own log position, so
 * one Number is enough to resume reading or subscribing.
 */
import type {
  AllStreamResolvedEvent,
  AppendExpectedRevision,
  Filter,
  JSONEventData,
  JSONType,
  ReadPosition,
  ResolvedEvent,
} from '@eventstore/db-client';
import type { EventMetadata, EventToAppend, RecordedEvent } from '@chuangwen/contracts';
import type { ExpectedRevision } from '../port';

/** Metadata keys the adapter adds (and removes on reading). */
export const ESDB_METADATA_KEYS = {
  schemaVersion: '$schemaVersion',
  correlationId: '$correlationId',
  causationId: '$causationId',
} as const;
const ADDED_KEYS: ReadonlySet<string> = new Set(Object.values(ESDB_METADATA_KEYS));

/** The client's `excludeSystemEvents()` filter, spelled out so this file needs no runtime import. */
export const NON_SYSTEM_EVENTS: Filter = { filterOn: 'eventType', regex: '^[^$].*', checkpointInterval: 1 };

const UINT64_MAX = (1n << 64n) - 1n;

/** Our expected revision in the client's terms: numbers become bigint revisions. */
export function toEsdbExpectedRevision(expected: ExpectedRevision): AppendExpectedRevision {
  if (expected === 'any' || expected === 'no_stream' || expected === 'stream_exists') return expected;
  if (!Number.isSafeInteger(expected) || expected < 0) {
    throw new RangeError(
      `expected revision must be an integer ≥ 0, 'any', 'no_stream' or 'stream_exists'; got ${String(expected)}`,
    );
  }
  return BigInt(expected);
}

/** The stream's actual state from the client's WrongExpectedVersionError (`actualVersion`), in our terms. */
export function fromEsdbCurrentRevision(current: unknown): number | 'no_stream' {
  return typeof current === 'bigint' && current >= 0n ? toSafeNumber(current, 'revision') : 'no_stream';
}

/** An event to append, as the client's JSON event. */
export function toEsdbEvent(e: EventToAppend): JSONEventData {
  return {
    id: e.eventId,
    contentType: 'application/json',
    type: e.type,
    data: e.data as JSONType,
    metadata: {
      ...e.metadata,
      [ESDB_METADATA_KEYS.schemaVersion]: e.version,
      [ESDB_METADATA_KEYS.correlationId]: e.metadata.correlationId,
      [ESDB_METADATA_KEYS.causationId]: e.metadata.causationId,
    },
  };
}

/** `$…` types and `$…` streams are the server's own (settings, stream metadata, statistics, users). */
export function isSystemEvent(type: string, streamId: string): boolean {
  return type.startsWith('$') || streamId.startsWith('$');
}

/** A commit position or revision as a Number; throws outside 0…2^53 − 1 rather than round. */
export function toSafeNumber(value: bigint, what = 'position'): number {
  if (value < 0n || value > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new RangeError(`${what} ${value} is outside 0…2^53−1: the port's numbers cannot hold it exactly`);
  }
  return Number(value);
}

/** Where to read or subscribe to $all from, for a port position (negative: the beginning). */
export function toReadPosition(position: number): ReadPosition {
  if (position < 0) return 'start';
  if (!Number.isSafeInteger(position)) throw new RangeError(`position ${position} is not an integer in 0…2^53−1`);
  const p = BigInt(position);
  return { commit: p, prepare: p };
}

/** The commit position of a resolved event, or undefined where the server gave none. */
export function commitPositionOf(resolved: ResolvedEvent | AllStreamResolvedEvent): bigint | undefined {
  const p = resolved.event?.position;
  const commit = p?.commit ?? resolved.commitPosition;
  // Servers before 22.6 answer stream reads with 0 (unset) or 2^64 − 1 instead of a position.
  if (commit === undefined || commit === UINT64_MAX || (commit === 0n && (p?.prepare ?? 0n) === 0n)) return undefined;
  return commit;
}

/**
 * A resolved event as our RecordedEvent; undefined for what is not ours: an unresolved link, a
 * system event, a binary event. Throws when the server gave no position (EventStoreDB < 22.6).
 */
export function fromResolvedEvent(resolved: ResolvedEvent | AllStreamResolvedEvent): RecordedEvent | undefined {
  const e = resolved.event;
  if (!e || !e.isJson || isSystemEvent(e.type, e.streamId)) return undefined;
  const commit = commitPositionOf(resolved);
  if (commit === undefined)
    throw new Error(
      `event ${e.id} in ${e.streamId} came without a log position: the adapter needs EventStoreDB 22.6 or newer`,
    );
  const raw: Record<string, unknown> = isPlainObject(e.metadata) ? e.metadata : {};
  const metadata: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) if (!ADDED_KEYS.has(k)) metadata[k] = v;
  const version = raw[ESDB_METADATA_KEYS.schemaVersion];
  return {
    eventId: e.id,
    type: e.type,
    version: typeof version === 'number' && Number.isSafeInteger(version) && version > 0 ? version : 1,
    data: e.data,
    metadata: metadata as unknown as EventMetadata,
    streamId: e.streamId,
    revision: toSafeNumber(e.revision, 'revision'),
    position: toSafeNumber(commit),
    recordedAt: toIsoDate(e.created),
  };
}

/** The client gives a Date (its epoch for a missing value); anything else becomes the epoch too. */
function toIsoDate(created: unknown): string {
  return created instanceof Date && !Number.isNaN(created.getTime())
    ? created.toISOString()
    : new Date(0).toISOString();
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);
}

/** The client's errors carry a `type`; checked by it so no runtime import of the client is needed. */
export const isWrongExpectedVersion = (
  error: unknown,
): error is { type: 'wrong-expected-version'; actualVersion?: unknown } =>
  (error as { type?: unknown } | null)?.type === 'wrong-expected-version';

export const isStreamNotFound = (error: unknown): boolean =>
  (error as { type?: unknown } | null)?.type === 'stream-not-found';
