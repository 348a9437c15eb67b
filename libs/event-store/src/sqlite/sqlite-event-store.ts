import Database from 'better-sqlite3';
import { EventEmitter } from 'node:events';
import { WalSync } from './wal-sync';
import type { EventToAppend, HistoryEvent, RecordedEvent } from '@chuangwen/contracts';
import {
  AppendResult,
  EventStore,
  ExpectedRevision,
  HistoryFields,
  HistoryOptions,
  ReadAllOptions,
  SubscribeOptions,
  Subscription,
} from '../port';
import { GroupOutcome, GroupWriter, outcomeError, StoredAppend, StoredEvent } from './group-commit';

import { catchUpSubscription } from '../catch-up-subscription';
import { historyEvents, historyPageSql, HistoryRow } from './history-page';
import { HistoryReadAhead } from './history-read-ahead';

export interface SqliteEventStoreOptions {
  /** File path, or ':memory:' for tests. */
  readonly file: string;
  readonly now?: () => Date;
  /** How often a live subscription looks for events appended by another process (ms). */
  readonly pollIntervalMs?: number;
}

const storedEvent = (e: EventToAppend): StoredEvent => ({
  eventId: e.eventId,
  type: e.type,
  version: e.version,
  data: JSON.stringify(e.data),
  metadata: JSON.stringify(e.metadata),
});

interface PendingAppend {
  readonly streamId: string;
  readonly events: readonly EventToAppend[];
  readonly expectedRevision: ExpectedRevision;
  readonly resolve: (result: AppendResult) => void;
  readonly reject: (error: unknown) => void;
}

interface Row {
  position: number;
  event_id: string;
  stream_id: string;
  revision: number;
  type: string;
  version: number;
  data: string;
  metadata: string;
  recorded_at: string;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  position    INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id    TEXT NOT NULL UNIQUE,
  stream_id   TEXT NOT NULL,
  revision    INTEGER NOT NULL,
  type        TEXT NOT NULL,
  version     INTEGER NOT NULL,
  data        TEXT NOT NULL,
  metadata    TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  UNIQUE (stream_id, revision)
);`;

/** The embedded event store: one SQLite file, WAL; concurrent appends share a transaction (group commit). */
export class SqliteEventStore implements EventStore {
  private readonly db: Database.Database;
  private readonly now: () => Date;
  private readonly appended = new EventEmitter();
  private readonly pollIntervalMs: number;
  /** Appends made through this instance: lets a subscription see one that came while it was busy. */
  private appends = 0;
  /** Write transactions committed by this instance (a group counts once): how well appends are grouped. */
  transactions = 0;
  /**
   * The events this instance appended last, as read back (frozen: shared by every reader): every
   * position in (tailAfter, last] is here, so a live subscription's read is served without SQLite
   * and without parsing — fifteen projections read each group.
   */
  private tail: RecordedEvent[] = [];
  private tailAfter = -1;
  /** Appends waiting for the next group commit. */
  private group: PendingAppend[] = [];
  private scheduled = false;
  /** The group being written, if any. */
  private writing?: Promise<GroupOutcome>;
  /**
   * The write path, on this thread: a writer thread was measured and not taken (each group's two
   * thread wake-ups cost more than the fsync it overlapped on this busy two-core machine: 1,600–2,500
   * appends/s from 20 writers against 4,900–6,000 here; docs/benchmarks.md).
   */
  private readonly writer: GroupWriter;
  /** The WAL's fsync, on libuv's thread pool: a command is durable when answered (wal-sync.ts). */
  private readonly walSync: WalSync;
  /**
   * While a group's commit waits for its fsync: the head before it. Reads from SQLite stop there,
   * so no reader (a projection, the relay to Kafka) sees an event before it is durable.
   */
  private unsyncedAfter?: number;
  /** An fsync failed: what was written may not be on disk, and nothing more is (as PostgreSQL does). */
  private broken?: unknown;
  private readonly stmt;
  private readonly file: string;
  private readAhead?: HistoryReadAhead;
  /** History page statements by their fields (a rebuild asks with the same fields page after page). */
  private readonly historyPages = new Map<
    string,
    Database.Statement<[number, number], [Buffer, number, number | null]>
  >();

  constructor(options: SqliteEventStoreOptions) {
    this.file = options.file;
    this.db = new Database(options.file);
    this.db.pragma('journal_mode = WAL');
    // NORMAL: SQLite does not fsync the WAL at each commit; the store does it itself, off the main
    // thread, before it answers (wal-sync.ts). Checkpoints still fsync as SQLite does.
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(SCHEMA);
    this.now = options.now ?? (() => new Date());
    this.pollIntervalMs = options.pollIntervalMs ?? 250;
    this.appended.setMaxListeners(0);
    this.writer = new GroupWriter(this.db);
    this.walSync = new WalSync(options.file);
    this.stmt = {
      readStream: this.db.prepare<[string, number, number], Row>(
        'SELECT * FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision LIMIT ?',
      ),
      readAll: this.db.prepare<[number, number], Row>(
        'SELECT * FROM events WHERE position > ? ORDER BY position LIMIT ?',
      ),
      readAllUpTo: this.db.prepare<[number, number, number], Row>(
        'SELECT * FROM events WHERE position > ? AND position <= ? ORDER BY position LIMIT ?',
      ),
      maxPosition: this.db.prepare<[], { p: number | null }>('SELECT MAX(position) AS p FROM events'),
    };
  }

  /**
   * Group commit: appends asked for in the same turn of the event loop (requests that arrived
   * while the last group was written) are written together in one transaction, so they share one fsync
   * of the WAL (a command is durable when answered: wal-sync.ts), made on libuv's thread pool so
   * that the main thread goes on meanwhile (it held the thread 4 ms a group, a tenth of its time
   * at 32 clients; docs/benchmarks.md). Each keeps its own checks in a
   * savepoint of its own: a wrong expected revision or a reused event id fails that append alone.
   */
  append(
    streamId: string,
    events: readonly EventToAppend[],
    options: { expectedRevision: ExpectedRevision },
  ): Promise<AppendResult> {
    if (events.length === 0) return Promise.reject(new Error('append needs at least one event'));
    if (this.broken) return Promise.reject(this.broken);
    return new Promise((resolve, reject) => {
      this.group.push({ streamId, events, expectedRevision: options.expectedRevision, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.writing) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.commitGroup();
    });
  }

  /** Writes the waiting appends as one group, then answers each. */
  private async commitGroup(): Promise<void> {
    const group = this.group;
    if (group.length === 0 || this.writing) return;
    this.group = [];
    const recordedAt = this.now().toISOString();
    const stored = group.map((a) => ({
      streamId: a.streamId,
      expectedRevision: a.expectedRevision,
      events: a.events.map(storedEvent),
    }));
    let outcome: GroupOutcome;
    this.writing = (async () => {
      const written = this.writer.write(stored, recordedAt);
      this.unsyncedAfter = written.before;
      try {
        await this.walSync.sync();
      } catch (error) {
        this.broken = Object.assign(
          new Error(`the event log could not be made durable (fsync failed): ${(error as Error).message}`),
          { cause: error },
        );
        throw this.broken;
      }
      return written;
    })();
    try {
      outcome = await this.writing;
    } catch (error) {
      // The commit itself failed (disk full, lock held too long): none of the group is stored; or
      // its fsync failed: what is stored may not survive, so none of it is acknowledged.
      for (const a of group) a.reject(error);
      return;
    } finally {
      this.unsyncedAfter = undefined;
      this.writing = undefined;
      if (this.group.length) this.schedule();
    }
    this.transactions += 1;
    this.extendTail(outcome.before, stored, outcome.outcomes, recordedAt);
    this.appends += 1;
    this.appended.emit('appended');
    outcome.outcomes.forEach((o, i) =>
      'result' in o ? group[i].resolve(o.result) : group[i].reject(outcomeError(o.error)),
    );
  }

  /**
   * Keeps the group's new events as the tail when they follow it (no other writer came between),
   * else starts anew. Parsed back from the stored text: a reader gets what a read from the file gives.
   */
  private extendTail(
    before: number,
    group: readonly StoredAppend[],
    outcomes: GroupOutcome['outcomes'],
    recordedAt: string,
  ): void {
    const last = this.tail.length ? this.tail[this.tail.length - 1].position : this.tailAfter;
    if (last !== before) {
      this.tail = [];
      this.tailAfter = before;
    }
    outcomes.forEach((o, i) => {
      if (!('result' in o) || !o.written) return;
      const { streamId, events } = group[i];
      // An append's rows are consecutive (one writer, in its transaction): counted back from its last.
      events.forEach((e, k) => {
        const back = events.length - 1 - k;
        this.tail.push(
          deepFreeze({
            eventId: e.eventId,
            type: e.type,
            version: e.version,
            data: JSON.parse(e.data),
            metadata: JSON.parse(e.metadata),
            streamId,
            revision: o.result.nextExpectedRevision - back,
            position: o.result.position - back,
            recordedAt,
          }),
        );
      });
    });
    const excess = this.tail.length - TAIL_EVENTS;
    if (excess > 0) {
      this.tailAfter = this.tail[excess - 1].position;
      this.tail = this.tail.slice(excess);
    }
  }

  /**
   * Many appends in one transaction (bulk loads, benchmarks): each keeps append's checks (expected
   * revision, idempotent retry by event id); if one fails, none is stored. Not on the port: a
   * cross-stream transaction is what the other adapters cannot offer. Written on this thread.
   */
  async appendMany(
    appends: readonly { streamId: string; events: readonly EventToAppend[]; expectedRevision: ExpectedRevision }[],
  ): Promise<AppendResult[]> {
    if (appends.some((a) => a.events.length === 0)) throw new Error('append needs at least one event');
    if (this.broken) throw this.broken;
    const results = this.writer.writeAll(
      appends.map((a) => ({ ...a, events: a.events.map(storedEvent) })),
      this.now().toISOString(),
    );
    this.walSync.syncNow();
    this.transactions += 1;
    this.tail = []; // not kept for bulk appends: the next group starts a new tail
    this.tailAfter = -1;
    this.appends += 1;
    this.appended.emit('appended');
    return results;
  }

  async readStream(
    streamId: string,
    options: { fromRevision?: number; maxCount?: number } = {},
  ): Promise<RecordedEvent[]> {
    return this.stmt.readStream.all(streamId, options.fromRevision ?? 0, options.maxCount ?? -1).map(toRecorded);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const after = options.after ?? -1;
    const max = options.maxCount ?? 1000;
    const tail = this.tail;
    if (tail.length && after >= this.tailAfter && after < tail[tail.length - 1].position) {
      let lo = 0; // the first event after `after`
      for (let hi = tail.length - 1; lo < hi;) {
        const mid = (lo + hi) >> 1;
        if (tail[mid].position > after) hi = mid;
        else lo = mid + 1;
      }
      return tail.slice(lo, lo + max);
    }
    const cap = this.unsyncedAfter;
    return (cap === undefined ? this.stmt.readAll.all(after, max) : this.stmt.readAllUpTo.all(after, cap, max)).map(
      toRecorded,
    );
  }

  /**
   * Bulk reads (a page of 1000 or more, from a file) are served by a worker thread reading ahead,
   * as long as each call asks for the page after the previous one; others are read here. Both
   * build the page in SQLite (history-page.ts).
   */
  async readHistory(options: HistoryOptions = {}): Promise<HistoryEvent[]> {
    const after = options.after ?? -1;
    const max = options.maxCount ?? 1000;
    let rows: HistoryRow[];
    if (this.file === ':memory:' || max < 1000) {
      const [text] = this.historyPage(options.fields).get(after, max)!;
      rows = JSON.parse(text.toString('utf8')) as HistoryRow[];
    } else {
      const ra = this.readAhead;
      if (!ra || ra.after !== after || ra.pageSize !== max || !sameFields(ra.fields, options.fields)) {
        void ra?.close();
        this.readAhead = new HistoryReadAhead(this.file, after, max, options.fields);
      }
      rows = await this.readAhead!.next();
      if (rows.length === 0) {
        void this.readAhead!.close();
        this.readAhead = undefined;
      }
    }
    return historyEvents(rows, options.fields);
  }

  private historyPage(fields: HistoryFields | undefined) {
    const key = JSON.stringify(fields ?? {});
    let stmt = this.historyPages.get(key);
    if (!stmt)
      this.historyPages.set(
        key,
        (stmt = this.db.prepare<[number, number], [Buffer, number, number | null]>(historyPageSql(fields)).raw(true)),
      );
    return stmt;
  }

  async headPosition(): Promise<number> {
    return this.unsyncedAfter ?? this.stmt.maxPosition.get()?.p ?? -1;
  }

  subscribeToAll(options: SubscribeOptions): Subscription {
    // An append between the subscription's last (empty) read and its wait would otherwise only be
    // seen at the next poll tick: remember how many appends the read saw, and wait only if none since.
    let seen = -1;
    return catchUpSubscription({
      readAll: (o) => {
        seen = this.appends;
        return this.readAll(o);
      },
      waitForMore: (signal) =>
        this.appends !== seen
          ? Promise.resolve()
          : waitForEvent(this.appended, 'appended', this.pollIntervalMs, signal),
      ...options,
    });
  }

  async close(): Promise<void> {
    // Appends already asked for are written, not dropped.
    while (this.writing || this.group.length) await (this.writing?.catch(() => undefined) ?? this.commitGroup());
    await this.readAhead?.close();
    this.readAhead = undefined;
    this.appended.emit('appended');
    this.db.close();
    this.walSync.close();
  }
}

/** Events kept in memory for live readers (a few seconds of a busy platform). */
const TAIL_EVENTS = 10_000;

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

const sameFields = (a: HistoryFields | undefined, b: HistoryFields | undefined) =>
  a === b || JSON.stringify(a ?? {}) === JSON.stringify(b ?? {});

function toRecorded(r: Row): RecordedEvent {
  return {
    eventId: r.event_id,
    type: r.type,
    version: r.version,
    data: JSON.parse(r.data),
    metadata: JSON.parse(r.metadata),
    streamId: r.stream_id,
    revision: r.revision,
    position: r.position,
    recordedAt: r.recorded_at,
  };
}

/** Resolves on the next append in this process, after `pollMs` (another process may have written), or on abort. */
function waitForEvent(emitter: EventEmitter, name: string, pollMs: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      emitter.off(name, done);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, pollMs);
    emitter.once(name, done);
    signal.addEventListener('abort', done, { once: true });
  });
}
