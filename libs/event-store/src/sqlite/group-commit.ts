import type Database from 'better-sqlite3';
import { AppendResult, DuplicateEventIdError, ExpectedRevision, WrongExpectedRevisionError } from '../port';

/** An event as written: data and metadata already JSON text (made once, on the appending thread). */
export interface StoredEvent {
  readonly eventId: string;
  readonly type: string;
  readonly version: number;
  readonly data: string;
  readonly metadata: string;
}

export interface StoredAppend {
  readonly streamId: string;
  readonly events: readonly StoredEvent[];
  readonly expectedRevision: ExpectedRevision;
}

/** How one append of a group ended; plain data, so it crosses from the writer thread. */
export type AppendOutcome =
  | { readonly result: AppendResult; readonly written: boolean }
  | {
      readonly error: {
        readonly name: string;
        readonly message: string;
        readonly streamId?: string;
        readonly expected?: ExpectedRevision;
        readonly actual?: number | 'no_stream';
        readonly eventIds?: readonly string[];
      };
    };

export interface GroupOutcome {
  /** The log's head before the group, read in its transaction: its events follow it directly. */
  readonly before: number;
  readonly outcomes: readonly AppendOutcome[];
}

/** The error an outcome stands for, as the appender would have seen it thrown. */
export function outcomeError(e: Extract<AppendOutcome, { error: unknown }>['error']): Error {
  if (e.name === 'WrongExpectedRevisionError')
    return new WrongExpectedRevisionError(e.streamId!, e.expected!, e.actual!);
  if (e.name === 'DuplicateEventIdError') return new DuplicateEventIdError(e.streamId!, e.eventIds!);
  return Object.assign(new Error(e.message), { name: e.name });
}

/**
 * The write side of the SQLite event store, on one connection: a group of appends in one
 * transaction (one fsync), each append in a savepoint of its own with its own checks, so a wrong
 * expected revision or a reused event id fails that append alone. Outcomes are plain data (an
 * error by its name and fields) so that the write path could run on another thread.
 */
export class GroupWriter {
  private readonly stmt;
  private readonly groupTx: (group: readonly StoredAppend[], recordedAt: string) => GroupOutcome;
  /** One append; inside the group's transaction, a savepoint (better-sqlite3 nests transactions so). */
  private readonly appendTx: (a: StoredAppend, recordedAt: string) => { result: AppendResult; written: boolean };

  constructor(private readonly db: Database.Database) {
    this.stmt = {
      streamHead: db.prepare<[string], { revision: number | null }>(
        'SELECT MAX(revision) AS revision FROM events WHERE stream_id = ?',
      ),
      byEventId: db.prepare<[string], { position: number; stream_id: string; revision: number }>(
        'SELECT position, stream_id, revision FROM events WHERE event_id = ?',
      ),
      insert: db.prepare(
        `INSERT INTO events (event_id, stream_id, revision, type, version, data, metadata, recorded_at)
         VALUES (@eventId, @streamId, @revision, @type, @version, @data, @metadata, @recordedAt)`,
      ),
      maxPosition: db.prepare<[], { p: number | null }>('SELECT MAX(position) AS p FROM events'),
    };
    this.appendTx = db.transaction((a: StoredAppend, recordedAt: string) => this.appendRows(a, recordedAt));
    this.groupTx = db.transaction((group: readonly StoredAppend[], recordedAt: string): GroupOutcome => ({
      before: this.stmt.maxPosition.get()?.p ?? -1,
      outcomes: group.map((a) => {
        try {
          return this.appendTx(a, recordedAt);
        } catch (error) {
          // A failure SQLite answered by rolling back the whole transaction (disk full, I/O) is the group's.
          if (!db.inTransaction) throw error;
          const e = error as Partial<WrongExpectedRevisionError & DuplicateEventIdError>;
          return {
            error: {
              name: e.name ?? 'Error',
              message: e.message ?? String(error),
              streamId: e.streamId,
              expected: e.expected,
              actual: e.actual,
              eventIds: e.eventIds,
            },
          };
        }
      }),
    }));
  }

  /** One transaction for the group; throws only when the transaction itself fails (none stored). */
  write(group: readonly StoredAppend[], recordedAt: string): GroupOutcome {
    return this.groupTx(group, recordedAt);
  }

  /** All or nothing: the first refused append fails the whole batch (bulk loads). */
  writeAll(appends: readonly StoredAppend[], recordedAt: string): AppendResult[] {
    return this.db.transaction(() => appends.map((a) => this.appendRows(a, recordedAt).result))();
  }

  private appendRows(a: StoredAppend, recordedAt: string): { result: AppendResult; written: boolean } {
    const replay = this.previousAppend(a);
    if (replay) return { result: replay, written: false };
    const head = this.stmt.streamHead.get(a.streamId)?.revision ?? null;
    checkExpected(a.streamId, a.expectedRevision, head);
    let revision = head ?? -1;
    let position = -1;
    for (const e of a.events) {
      revision += 1;
      const info = this.stmt.insert.run({
        eventId: e.eventId,
        streamId: a.streamId,
        revision,
        type: e.type,
        version: e.version,
        data: e.data,
        metadata: e.metadata,
        recordedAt,
      });
      position = Number(info.lastInsertRowid);
    }
    return { result: { nextExpectedRevision: revision, position }, written: true };
  }

  /** An idempotent retry: every event id already sits in this stream, in this order. */
  private previousAppend(a: StoredAppend): AppendResult | undefined {
    const found = a.events.map((e) => this.stmt.byEventId.get(e.eventId));
    if (found.every((r) => r === undefined)) return undefined;
    const consistent = found.every(
      (r, i) => r && r.stream_id === a.streamId && (i === 0 || r.revision === found[i - 1]!.revision + 1),
    );
    if (!consistent)
      throw new DuplicateEventIdError(
        a.streamId,
        a.events.map((e) => e.eventId),
      );
    const last = found[found.length - 1]!;
    return { nextExpectedRevision: last.revision, position: last.position };
  }
}

function checkExpected(streamId: string, expected: ExpectedRevision, head: number | null): void {
  const actual = head ?? 'no_stream';
  if (expected === 'any') return;
  if (expected === 'no_stream' ? head !== null : expected === 'stream_exists' ? head === null : head !== expected) {
    throw new WrongExpectedRevisionError(streamId, expected, actual);
  }
}
