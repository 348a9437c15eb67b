import { randomBytes } from 'node:crypto';
import type { RecordedEvent } from '@chuangwen/contracts';
import { matches, WriteConflictError } from '@chuangwen/read-store';
import type { DocWrite, Filter, ReadDoc, ReadStore } from '@chuangwen/read-store';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** A child below a shared document: where it is stored and its key in the parent. */
export interface SharedChild {
  readonly collection: string;
  readonly id: string;
  readonly key: string;
}

/**
 * One level of documents shared by writers that run side by side (a roll-up node fed by communities
 * of several partitions, applied by several replicas): the parents this unit must set, each with
 * the children it touched below it.
 */
export interface SharedLevel<P extends ReadDoc> {
  readonly collection: string;
  readonly parents: ReadonlyMap<string, readonly SharedChild[]>;
  /**
   * The parent (a private copy; undefined: none stored) with its children's stored documents
   * (undefined: gone) set in it: the new document, null to delete it, undefined when nothing changes.
   */
  fold(
    id: string,
    parent: Mutable<P> | undefined,
    children: readonly { child: SharedChild; doc: ReadDoc | undefined }[],
  ): Mutable<P> | null | undefined;
}

/** Conflicting rounds before a level gives up (the source then hands the batch again). */
const MAX_ROUNDS = 50;
/** Versions (`_v`): unique to this process and write, so a version read before never matches again. */
const PROCESS = randomBytes(6).toString('base64url');
let versions = 0;
const nextVersion = () => `${PROCESS}.${(++versions).toString(36)}`;

/**
 * The documents one batch touches, loaded once and written back together with the checkpoint.
 * Every dirty document is stamped with the batch's last position: it then holds the effect of all
 * events up to there, so on a replay `update` skips events the stored document already contains.
 */
export class UnitOfWork {
  private readonly cache = new Map<string, ReadDoc | null>();
  private readonly dirty = new Map<string, { collection: string; id: string }>();
  /** Documents this batch already copied: changed in place from then on, no copy per event. */
  private readonly owned = new Set<string>();
  /** Documents set with `put`: derived from others, written whatever position is stored. */
  private readonly derived = new Set<string>();
  /**
   * Per guarded document, the position of the last event applied to it: its stamp. Not the batch's
   * last position: a unit of work on the bus holds several partitions' events, and a document fed
   * by partition A stamped with a higher position from partition B would then skip A's next events.
   */
  private readonly applied = new Map<string, number>();
  /** The stored `_pos` of each document this unit read from the store (-1: absent). */
  private readonly loaded = new Map<string, number>();
  /** The stored `_v` of each document this unit read (null: absent, or stored without one). */
  private readonly versionRead = new Map<string, string | null>();
  /** Documents already stored by `flush` or `writeShared` (for `changed`). */
  private readonly written = new Map<string, { collection: string; id: string }>();

  constructor(
    private readonly store: ReadStore,
    private end: number,
  ) {}

  /** Position of the batch's last event: every written document is stamped with it. */
  get batchEnd(): number {
    return this.end;
  }

  /** Takes in more events (a rebuild spans many pages with one unit of work): they end at `position`. */
  extendTo(position: number): void {
    if (position < this.end) throw new Error(`a unit of work only grows: ${position} < ${this.end}`);
    this.end = position;
  }

  private key(collection: string, id: string): string {
    return `${collection}\u0000${id}`;
  }

  /** Loads many documents in one round trip (call before a loop of `get`s). */
  async prefetch(collection: string, ids: Iterable<string>): Promise<void> {
    const missing = [...new Set(ids)].filter((id) => !this.cache.has(this.key(collection, id)));
    if (missing.length === 0) return;
    const docs = await this.store.getMany(collection, missing);
    missing.forEach((id) => this.remember(this.key(collection, id), null));
    docs.forEach((d) => this.remember(this.key(collection, d._id), d));
  }

  private remember(key: string, doc: ReadDoc | null): void {
    this.cache.set(key, doc);
    this.loaded.set(key, doc?._pos ?? -1);
    this.versionRead.set(key, doc?._v ?? null);
  }

  async get<T extends ReadDoc>(collection: string, id: string): Promise<T | undefined> {
    const k = this.key(collection, id);
    if (!this.cache.has(k)) this.remember(k, (await this.store.get<T>(collection, id)) ?? null);
    return (this.cache.get(k) as T | null) ?? undefined;
  }

  /**
   * Applies `event` to one document unless the document already reflects it. `change` gets a copy
   * it may mutate (or undefined when the document does not exist) and returns the new document,
   * or null to delete it. Returns false when the event was already applied.
   *
   * `lane`: a document fed by several ordered streams of events that interleave in no global order
   * (one Kafka topic per bounded context) keeps one position per lane instead of `_pos`, and is
   * then written whatever position is stored (its content carries the guard).
   */
  async update<T extends ReadDoc>(
    collection: string,
    id: string,
    event: Pick<RecordedEvent, 'position'>,
    change: (doc: Mutable<T> | undefined) => Mutable<T> | null,
    lane?: string,
  ): Promise<boolean> {
    const key = this.key(collection, id);
    // A document read from the store right here is a fresh parse no caller has seen: no copy needed.
    if (!this.cache.has(key)) this.owned.add(key);
    const current = await this.get<T>(collection, id);
    const seen = lane ? (current?._lanes?.[lane] ?? -1) : (current?._pos ?? -1);
    if (current && seen >= event.position) return false;
    const copy =
      current && !this.owned.has(key) ? (structuredClone(current) as Mutable<T>) : (current as Mutable<T> | undefined);
    const next = change(copy);
    if (next && lane) next._lanes = { ...(next._lanes ?? {}), [lane]: event.position };
    this.cache.set(key, next);
    this.owned.add(key);
    this.applied.set(key, Math.max(this.applied.get(key) ?? -1, event.position));
    if (lane) this.derived.add(key);
    else this.derived.delete(key);
    this.dirty.set(key, { collection, id });
    return true;
  }

  /**
   * Sets a document derived from others' current state (a roll-up). Idempotent by value, so it is
   * not guarded by position — neither here nor when written: a roll-up hears from communities whose
   * events come from different partitions, in no global position order.
   */
  put<T extends ReadDoc>(collection: string, doc: Mutable<T>): void {
    const key = this.key(collection, doc._id);
    this.cache.set(key, doc);
    this.owned.add(key);
    this.derived.add(key);
    this.dirty.set(key, { collection, id: doc._id });
  }

  /** `derived`: a document set by `put` that is gone (an empty roll-up), deleted whatever its position. */
  delete(collection: string, id: string, options: { derived?: boolean } = {}): void {
    const key = this.key(collection, id);
    this.cache.set(key, null);
    if (options.derived) this.derived.add(key);
    else this.derived.delete(key);
    this.dirty.set(key, { collection, id });
  }

  /**
   * Documents matching a filter as this batch sees them: the store's, with this batch's changes
   * laid over (changed ones replaced, deleted ones dropped, new ones added). Unsorted.
   */
  async find<T extends ReadDoc>(collection: string, filter: Filter): Promise<T[]> {
    const out = new Map<string, T>();
    for (const d of await this.store.find<T>(collection, filter)) {
      const key = this.key(collection, d._id);
      if (!this.cache.has(key)) this.remember(key, d);
      out.set(d._id, d);
    }
    const prefix = `${collection}\u0000`;
    for (const [key, doc] of this.cache) {
      if (!key.startsWith(prefix)) continue;
      const id = key.slice(prefix.length);
      if (doc === null || !matches(doc as unknown as Record<string, unknown>, filter)) out.delete(id);
      else out.set(id, doc as T);
    }
    return [...out.values()];
  }

  /** What changed in this batch, for live notifications. */
  changed(): { collection: string; id: string }[] {
    return [...new Map([...this.written, ...this.dirty]).values()];
  }

  /**
   * Stores the writes so far, without the checkpoint: the shared documents above them
   * (`writeShared`) then read them from the store, as every other writer does. A crash after it
   * leaves them stored and the checkpoint behind: the batch comes again, its events are skipped by
   * position, and the levels above are set again from what is stored.
   */
  async flush(): Promise<void> {
    // The only writer: nothing can change a document before the commit, which then holds it all.
    if (this.store.exclusive) return;
    const writes = this.writes();
    if (writes.length === 0) return;
    const conflicts = await this.store.write(writes);
    if (conflicts.length > 0) throw new WriteConflictError(conflicts);
    for (const w of writes) {
      const key = this.key(w.collection, 'put' in w ? w.put._id : w.delete);
      this.loaded.set(key, 'put' in w ? w.put._pos : -1);
      this.versionRead.set(key, 'put' in w ? (w.put._v ?? null) : null);
      if ('put' in w) this.cache.set(key, w.put);
    }
    for (const [key, ref] of this.dirty) this.written.set(key, ref);
    this.dirty.clear();
  }

  /**
   * Sets one level of shared documents, safe with any number of writers side by side (replicas of
   * the projection, each on its own partitions): for each parent, reads the parent (its version),
   * THEN its children as stored now, folds them in and writes it conditionally on that version; the
   * parents another writer changed meanwhile are read and folded again, until none is left.
   * Why that is enough: whoever changes a child stores it first and then sets the parent from a read
   * made after; of two writers setting one parent from the same version only one succeeds, and the
   * other reads again, children included. So the last successful write of a parent holds every
   * child's latest value. Levels go bottom-up, each after the one below is stored (`flush` first).
   */
  async writeShared<P extends ReadDoc>(level: SharedLevel<P>): Promise<void> {
    if (this.store.exclusive) return this.setShared(level);
    let pending = [...level.parents.keys()];
    for (let round = 1; pending.length > 0; round++) {
      // Given up: the runner applies the whole unit again.
      if (round > MAX_ROUNDS) throw new WriteConflictError(pending.map((id) => ({ collection: level.collection, id })));
      const parents = new Map((await this.store.getMany<P>(level.collection, pending)).map((d) => [d._id, d]));
      const byCollection = new Map<string, Set<string>>();
      for (const id of pending)
        for (const c of level.parents.get(id)!)
          (byCollection.get(c.collection) ?? byCollection.set(c.collection, new Set()).get(c.collection)!).add(c.id);
      const children = new Map<string, ReadDoc>();
      for (const [collection, ids] of byCollection)
        for (const d of await this.store.getMany(collection, [...ids])) children.set(this.key(collection, d._id), d);
      const writes: DocWrite[] = [];
      for (const id of pending) {
        const stored = parents.get(id);
        const folded = level.fold(
          id,
          stored as Mutable<P> | undefined,
          level.parents.get(id)!.map((child) => ({ child, doc: children.get(this.key(child.collection, child.id)) })),
        );
        if (folded === undefined || (folded === null && !stored)) continue;
        const expect = stored?._v ?? null;
        writes.push(
          folded === null
            ? { collection: level.collection, delete: id, pos: this.end, expect }
            : { collection: level.collection, put: { ...folded, _id: id, _pos: this.end, _v: nextVersion() }, expect },
        );
      }
      const lost = new Set((await this.store.write(writes)).map((c) => c.id));
      for (const w of writes) {
        const id = 'put' in w ? w.put._id : w.delete;
        const key = this.key(level.collection, id);
        if (lost.has(id)) continue;
        this.written.set(key, { collection: level.collection, id });
        this.cache.set(key, 'put' in w ? w.put : null);
        this.versionRead.set(key, 'put' in w ? (w.put._v ?? null) : null);
        this.dirty.delete(key);
      }
      pending = [...lost];
      // A short, growing pause: writers that collided do not collide again in step.
      if (pending.length > 0) await new Promise((r) => setTimeout(r, Math.random() * 10 * round));
    }
  }

  /**
   * The stored `_pos` of a document this unit loaded (-1: it was absent), or undefined when it never
   * asked the store: lets an adapter without transactions skip its own read of stored positions.
   */
  loadedPosition(collection: string, id: string): number | undefined {
    return this.loaded.get(this.key(collection, id));
  }

  /**
   * `writeShared` for the only writer of its store: the same fold over this unit's own view (its
   * changes over what is stored), the result committed with the rest (derived: set by value).
   */
  private async setShared<P extends ReadDoc>(level: SharedLevel<P>): Promise<void> {
    const wanted = new Map<string, string[]>();
    for (const [id, children] of level.parents) {
      (wanted.get(level.collection) ?? wanted.set(level.collection, []).get(level.collection)!).push(id);
      for (const c of children)
        (wanted.get(c.collection) ?? wanted.set(c.collection, []).get(c.collection)!).push(c.id);
    }
    for (const [collection, ids] of wanted) await this.prefetch(collection, ids);
    for (const [id, children] of level.parents) {
      const key = this.key(level.collection, id);
      const current = await this.get<P>(level.collection, id);
      const mine =
        current && !this.owned.has(key)
          ? (structuredClone(current) as Mutable<P>)
          : (current as Mutable<P> | undefined);
      const found = [];
      for (const child of children) found.push({ child, doc: await this.get(child.collection, child.id) });
      const folded = level.fold(id, mine, found);
      if (folded === undefined || (folded === null && !current)) continue;
      if (folded === null) this.delete(level.collection, id, { derived: true });
      else this.put(level.collection, { ...folded, _id: id });
    }
  }

  /**
   * The unit's writes. A document kept by lanes (`update` with a lane) is fed by several topics,
   * whose partitions may be applied by different replicas at once: it is written conditionally on
   * the version this unit read (`expect`), and a conflict makes the runner apply the batch again.
   */
  writes(): DocWrite[] {
    return [...this.dirty.values()].map(({ collection, id }) => {
      const key = this.key(collection, id);
      const doc = this.cache.get(key);
      const pos = this.applied.get(key) ?? this.batchEnd;
      const stored = this.loadedPosition(collection, id);
      const known = stored === undefined ? {} : { stored };
      if (doc?._lanes)
        return { collection, put: { ...doc, _pos: pos, _v: nextVersion() }, expect: this.versionRead.get(key) ?? null };
      if (!doc)
        return this.derived.has(key)
          ? { collection, delete: id, pos, derived: true, ...known }
          : { collection, delete: id, pos, ...known };
      return this.derived.has(key)
        ? { collection, put: { ...doc, _pos: pos }, derived: true, ...known }
        : { collection, put: { ...doc, _pos: pos }, ...known };
    });
  }
}

/** A tree of shared documents in one collection (roll-up nodes), each keeping its children's values. */
export interface SharedTree<P extends ReadDoc> {
  readonly collection: string;
  /** The node a child is set in; undefined above the top. */
  parentOf(child: SharedChild): string | undefined;
  /** A node as a child of its parent: its key there. */
  keyOf(node: string): string;
  /** As `SharedLevel.fold`. */
  fold: SharedLevel<P>['fold'];
}

/**
 * Sets every node above `leaves` (the children this unit changed, stored by `flush`), deepest
 * first, one `writeShared` per depth: each node once, after all its touched children. Every
 * ancestor is looked at, changed or not, so a unit cut short between two levels is completed when
 * its batch comes again.
 */
export async function writeSharedTree<P extends ReadDoc>(
  uow: UnitOfWork,
  tree: SharedTree<P>,
  leaves: Iterable<SharedChild>,
): Promise<void> {
  const levels: Map<string, SharedChild[]>[] = [];
  const listed = new Set<string>();
  for (const leaf of leaves) {
    const path: { parent: string; child: SharedChild }[] = [];
    for (let child: SharedChild | undefined = leaf, parent = tree.parentOf(leaf); parent !== undefined;) {
      path.push({ parent, child });
      child = { collection: tree.collection, id: parent, key: tree.keyOf(parent) };
      parent = tree.parentOf(child);
    }
    // Depth from the top (0), so a node sits at one depth whatever leaf leads to it.
    for (const [i, { parent, child }] of path.entries()) {
      const edge = `${parent}\u0000${child.collection}\u0000${child.id}`;
      if (listed.has(edge)) break; // the way up from here is listed
      listed.add(edge);
      const depth = path.length - 1 - i;
      const level = (levels[depth] ??= new Map());
      (level.get(parent) ?? level.set(parent, []).get(parent)!).push(child);
    }
  }
  for (let depth = levels.length - 1; depth >= 0; depth--) {
    if (levels[depth]?.size)
      await uow.writeShared<P>({ collection: tree.collection, parents: levels[depth], fold: tree.fold });
  }
}
