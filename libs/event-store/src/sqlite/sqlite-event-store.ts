import Database from 'better-sqlite3';
import { EventEmitter } from 'node:events';
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
  WrongExpectedRevisionError,
} from '../port';
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
  /** Appends waiting for the group commit of this turn of the event loop. */
  private group: PendingAppend[] = [];
  private readonly stmt;
  private readonly file: string;
  private readAhead?: HistoryReadAhead;
  /** History page statements by their fields (a rebuild asks with the same fields page after page). */
  private readonly historyPages = new Map<string, Database.Statement<[number, number], [Buffer, number, number | null]>>();

  constructor(options: SqliteEventStoreOptions) {
    this.file = options.file;
    this.db = new Database(options.file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(SCHEMA);
    this.now = options.now ?? (() => new Date());
    this.pollIntervalMs = options.pollIntervalMs ?? 250;
    this.appended.setMaxListeners(0);
    this.stmt = {
      streamHead: this.db.prepare<[string], { revision: number | null }>('SELECT MAX(revision) AS revision FROM events WHERE stream_id = ?'),
      byEventId: this.db.prepare<[string], Row>('SELECT * FROM events WHERE event_id = ?'),
      insert: this.db.prepare(
        `INSERT INTO events (event_id, stream_id, revision, type, version, data, metadata, recorded_at)
         VALUES (@eventId, @streamId, @revision, @type, @version, @data, @metadata, @recordedAt)`,
      ),
      readStream: this.db.prepare<[string, number, number], Row>(
        'SELECT * FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision LIMIT ?',
      ),
      readAll: this.db.prepare<[number, number], Row>('SELECT * FROM events WHERE position > ? ORDER BY position LIMIT ?'),
      maxPosition: this.db.prepare<[], { p: number | null }>('SELECT MAX(position) AS p FROM events'),
    };
  }

  /**
   * Group commit: appends requested in the same turn of the event loop are written in one
   * transaction, so they share one fsync (`synchronous = FULL`: a command is durable when answered).
   * Each keeps its own checks in a savepoint of its own: a wrong expected revision or a reused event
   * id fails that append alone, and the others of the group commit.
   */
  append(streamId: string, events: readonly EventToAppend[], options: { expectedRevision: ExpectedRevision }): Promise<AppendResult> {
    if (events.length === 0) return Promise.reject(new Error('append needs at least one event'));
    return new Promise((resolve, reject) => {
      this.group.push({ streamId, events, expectedRevision: options.expectedRevision, resolve, reject });
      if (this.group.length === 1) setImmediate(() => this.commitGroup());
    });
  }

  /** Writes the waiting appends in one transaction, then answers each (also on close). */
  private commitGroup(): void {
    const group = this.group;
    if (group.length === 0) return;
    this.group = [];
    let outcomes: ({ result: AppendResult; rows: RecordedEvent[] } | { error: unknown })[];
    let before: number;
    try {
      [before, outcomes] = this.groupTx(group);
    } catch (error) {
      // The commit itself failed (disk full, lock held too long): none of the group is stored.
      for (const a of group) a.reject(error);
      return;
    }
    this.transactions += 1;
    this.extendTail(before, outcomes.flatMap((o) => ('rows' in o ? o.rows : [])));
    this.appends += 1;
    this.appended.emit('appended');
    outcomes.forEach((o, i) => ('result' in o ? group[i].resolve(o.result) : group[i].reject(o.error)));
  }

  /** The head before the group (read in its transaction, so exact) and each append's outcome. */
  private readonly groupTx = (group: readonly PendingAppend[]) =>
    this.db.transaction((): [number, ({ result: AppendResult; rows: RecordedEvent[] } | { error: unknown })[]] => [
      this.stmt.maxPosition.get()?.p ?? -1,
      group.map((a) => {
        try {
          const rows: RecordedEvent[] = [];
          return { result: this.appendTx(a.streamId, a.events, a.expectedRevision, rows), rows };
        } catch (error) {
          // A failure SQLite answered by rolling back the whole transaction (disk full, I/O) is the group's.
          if (!this.db.inTransaction) throw error;
          return { error };
        }
      }),
    ])();

  /** Keeps the group's events as the tail when they follow it (no other process wrote between), else starts anew. */
  private extendTail(before: number, rows: readonly RecordedEvent[]): void {
    if (rows.length === 0) return;
    const last = this.tail.length ? this.tail[this.tail.length - 1].position : this.tailAfter;
    if (last !== before) {
      this.tail = [];
      this.tailAfter = before;
    }
    for (const r of rows) this.tail.push(deepFreeze(r));
    const excess = this.tail.length - TAIL_EVENTS;
    if (excess > 0) {
      this.tailAfter = this.tail[excess - 1].position;
      this.tail = this.tail.slice(excess);
    }
  }

  /**
   * Many appends in one transaction (bulk loads, benchmarks): each keeps append's checks (expected
   * revision, idempotent retry by event id); if one fails, none is stored. Not on the port: a
   * cross-stream transaction is what the other adapters cannot offer.
   */
  async appendMany(appends: readonly { streamId: string; events: readonly EventToAppend[]; expectedRevision: ExpectedRevision }[]): Promise<AppendResult[]> {
    if (appends.some((a) => a.events.length === 0)) throw new Error('append needs at least one event');
    const results = this.appendManyTx(appends);
    this.transactions += 1;
    this.tail = []; // not kept for bulk appends: the next group starts a new tail
    this.tailAfter = -1;
    this.appends += 1;
    this.appended.emit('appended');
    return results;
  }

  private readonly appendManyTx = (appends: readonly { streamId: string; events: readonly EventToAppend[]; expectedRevision: ExpectedRevision }[]) =>
    this.db.transaction(() => appends.map((a) => this.appendRows(a.streamId, a.events, a.expectedRevision)))();

  /** One append; inside a group's transaction, a savepoint (better-sqlite3 nests transactions so). */
  private readonly appendTx = (streamId: string, events: readonly EventToAppend[], expected: ExpectedRevision, rows?: RecordedEvent[]): AppendResult =>
    this.db.transaction(() => this.appendRows(streamId, events, expected, rows))();

  /** `rows`, when given, receives the events as a read would return them. */
  private appendRows(streamId: string, events: readonly EventToAppend[], expected: ExpectedRevision, rows?: RecordedEvent[]): AppendResult {
    const replay = this.previousAppend(streamId, events);
    if (replay) return replay;
    const head = this.stmt.streamHead.get(streamId)?.revision ?? null;
    checkExpected(streamId, expected, head);
    const recordedAt = this.now().toISOString();
    let revision = head ?? -1;
    let position = -1;
    for (const e of events) {
      revision += 1;
      const data = JSON.stringify(e.data);
      const metadata = JSON.stringify(e.metadata);
      const info = this.stmt.insert.run({ eventId: e.eventId, streamId, revision, type: e.type, version: e.version, data, metadata, recordedAt });
      position = Number(info.lastInsertRowid);
      // Parsed back from the stored text: the reader gets what a read from the file would give.
      rows?.push({ eventId: e.eventId, type: e.type, version: e.version, data: JSON.parse(data), metadata: JSON.parse(metadata), streamId, revision, position, recordedAt });
    }
    return { nextExpectedRevision: revision, position };
  }

  /** An idempotent retry: every event id already sits in this stream, in this order. */
  private previousAppend(streamId: string, events: readonly EventToAppend[]): AppendResult | undefined {
    const found = events.map((e) => this.stmt.byEventId.get(e.eventId));
    if (found.every((r) => r === undefined)) return undefined;
    const consistent = found.every((r, i) => r && r.stream_id === streamId && (i === 0 || r.revision === found[i - 1]!.revision + 1));
    if (!consistent) throw new DuplicateEventIdError(streamId, events.map((e) => e.eventId));
    const last = found[found.length - 1]!;
    return { nextExpectedRevision: last.revision, position: last.position };
  }

  async readStream(streamId: string, options: { fromRevision?: number; maxCount?: number } = {}): Promise<RecordedEvent[]> {
    return this.stmt.readStream.all(streamId, options.fromRevision ?? 0, options.maxCount ?? -1).map(toRecorded);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const after = options.after ?? -1;
    const max = options.maxCount ?? 1000;
    const tail = this.tail;
    if (tail.length && after >= this.tailAfter && after < tail[tail.length - 1].position) {
      let lo = 0; // the first event after `after`
      for (let hi = tail.length - 1; lo < hi; ) {
        const mid = (lo + hi) >> 1;
        if (tail[mid].position > after) hi = mid;
        else lo = mid + 1;
      }
      return tail.slice(lo, lo + max);
    }
    return this.stmt.readAll.all(after, max).map(toRecorded);
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
    if (!stmt) this.historyPages.set(key, (stmt = this.db.prepare<[number, number], [Buffer, number, number | null]>(historyPageSql(fields)).raw(true)));
    return stmt;
  }

  async headPosition(): Promise<number> {
    return this.stmt.maxPosition.get()?.p ?? -1;
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
      waitForMore: (signal) => (this.appends !== seen ? Promise.resolve() : waitForEvent(this.appended, 'appended', this.pollIntervalMs, signal)),
      ...options,
    });
  }

  async close(): Promise<void> {
    this.commitGroup(); // appends already asked for are written, not dropped
    await this.readAhead?.close();
    this.readAhead = undefined;
    this.appended.emit('appended');
    this.db.close();
  }
}

export class DuplicateEventIdError extends Error {
  constructor(
    readonly streamId: string,
    readonly eventIds: readonly string[],
  ) {
    super(`stream ${streamId}: some event ids of this append were already used elsewhere`);
    this.name = 'DuplicateEventIdError';
  }
}

function checkExpected(streamId: string, expected: ExpectedRevision, head: number | null): void {
  const actual = head ?? 'no_stream';
  if (expected === 'any') return;
  if (expected === 'no_stream' ? head !== null : expected === 'stream_exists' ? head === null : head !== expected) {
    throw new WrongExpectedRevisionError(streamId, expected, actual);
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

const sameFields = (a: HistoryFields | undefined, b: HistoryFields | undefined) => a === b || JSON.stringify(a ?? {}) === JSON.stringify(b ?? {});

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
