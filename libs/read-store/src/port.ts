import type { PackedDocs } from './packed-docs';

/**
 * The read-model port: a small document store the projections write and the queries read.
 * Adapters: embedded SQLite (one table per collection, expression indexes) and MongoDB.
 * Both pass src/testing/read-store.contract.ts unchanged.
 */
export type Scalar = string | number | boolean | null;

/** Every stored document has an id and the global position of the last event applied to it. */
export interface ReadDoc {
  readonly _id: string;
  /** Position of the last event that changed this document; writes at or below it are ignored. */
  readonly _pos: number;
  /** For documents fed by several independently ordered lanes (topics): the last position per lane. */
  readonly _lanes?: Readonly<Record<string, number>>;
  /**
   * The version of a document written conditionally (`DocWrite.expect`): a token unique to each
   * such write, so a document deleted and made again never matches a version read before.
   */
  readonly _v?: string;
}

/**
 * One document of a `PackedDocs` batch, unpacked: `_json` is the whole document except `_id` and
 * `_pos`, which the store keeps beside it and returns as usual.
 */
export interface SerializedDoc {
  readonly _id: string;
  readonly _pos: number;
  readonly _json: string;
}

export type FieldCondition = Scalar | { $in: Scalar[] } | { $gt?: Scalar; $gte?: Scalar; $lt?: Scalar; $lte?: Scalar };
/** Top-level fields only, all conditions must hold (AND). Kept small so every adapter indexes it. */
export type Filter = Record<string, FieldCondition>;

export interface FindOptions {
  readonly sort?: Record<string, 1 | -1>;
  readonly limit?: number;
  readonly skip?: number;
}

export interface IndexSpec {
  /** Top-level field names, in order, with direction. */
  readonly fields: Record<string, 1 | -1>;
}

export interface CollectionSpec {
  readonly name: string;
  readonly indexes?: readonly IndexSpec[];
}

export type DocWrite =
  /**
   * `derived`: the document is computed from others' current state (a roll-up): it is written
   * whatever position is stored, because derived documents are shared by events from several
   * partitions whose positions do not arrive in order. Otherwise a put is conditional on `_pos`.
   */
  (
    | { readonly collection: string; readonly put: ReadDoc; readonly derived?: boolean }
    /** `derived`: a derived document gone (a roll-up left empty), deleted whatever position is stored. */
    | { readonly collection: string; readonly delete: string; readonly pos: number; readonly derived?: boolean }
  ) & {
    /**
     * The `_pos` stored when the writer read the document (-1: absent), if it did: an adapter may
     * trust it instead of reading positions again (one writer per projection), never needs it.
     */
    readonly stored?: number;
    /**
     * A conditional write (a document shared by writers that run side by side: a roll-up fed by several
     * partitions): applied only if the stored document's `_v` still equals the version the writer read
     * (null: it read no document, or one without `_v`), else not applied and reported by `write` as a
     * conflict. The put sets the new `_v`. Position guards and `derived` do not apply to it.
     */
    readonly expect?: string | null;
  };

/** A conditional write that was not applied: the document changed since its writer read it. */
export interface WriteConflict {
  readonly collection: string;
  readonly id: string;
}

/** `commit` was handed a conditional write that conflicted: the checkpoint stays (the other writes may be applied). */
export class WriteConflictError extends Error {
  constructor(readonly conflicts: readonly WriteConflict[]) {
    super(
      `write conflict on ${conflicts.length} document(s): ${conflicts
        .slice(0, 3)
        .map((c) => `${c.collection}/${c.id}`)
        .join(', ')}`,
    );
    this.name = 'WriteConflictError';
  }
}

export interface ReadStore {
  /**
   * True when no other process writes this store's data (the embedded SQLite file): a unit of work
   * may then set shared documents from its own view and commit everything at once, since nothing
   * can change them in between. Absent or false: shared documents go through `write` level by level.
   */
  readonly exclusive?: boolean;
  /** Creates collections and the indexes every served query needs (idempotent). */
  ensureCollections(specs: readonly CollectionSpec[]): Promise<void>;
  get<T extends ReadDoc>(collection: string, id: string): Promise<T | undefined>;
  getMany<T extends ReadDoc>(collection: string, ids: readonly string[]): Promise<T[]>;
  find<T extends ReadDoc>(collection: string, filter?: Filter, options?: FindOptions): Promise<T[]>;
  count(collection: string, filter?: Filter): Promise<number>;
  /**
   * Applies a projection's batch of writes and then moves its checkpoint. A put (not `derived`) or
   * delete whose position is not above the stored document's `_pos` changes nothing, so a batch
   * replayed after a crash (adapters without transactions) leaves the same state as applying it once.
   */
  commit(projection: string, writes: readonly DocWrite[], checkpoint: number): Promise<void>;
  /**
   * Applies writes without moving a checkpoint (a unit of work's stages: its own documents first, the
   * shared ones above them after). Unconditional writes as in `commit`; each conditional write
   * (`expect`) is applied atomically or not at all, and those not applied come back. Two writers
   * of one document with the same expected version: at most one succeeds.
   */
  write(writes: readonly DocWrite[]): Promise<WriteConflict[]>;
  /**
   * A rebuild's bulk load: inserts documents into a collection that `reset` emptied, unguarded
   * (a document loaded twice is replaced). The rebuild commits its checkpoint when all are in. An
   * adapter may still be writing when the promise resolves (loads overlap the rebuild's work), but
   * every later call sees all that was loaded. A packed batch's buffers may be transferred to
   * another thread (they are unusable to the caller afterwards).
   */
  load(collection: string, docs: readonly ReadDoc[] | PackedDocs): Promise<void>;
  /** The projection's checkpoint, or -1 when it has applied nothing. */
  checkpoint(projection: string): Promise<number>;
  /**
   * Empties the collections and forgets the checkpoint: the start of a rebuild. Indexes may go with
   * the data (loading is faster without them): call `ensureCollections` before querying again.
   */
  reset(projection: string, collections: readonly string[]): Promise<void>;
  close(): Promise<void>;
}

const NAME = /^[a-z][a-z0-9_]{0,62}$/;
export function assertCollectionName(name: string): void {
  if (!NAME.test(name)) throw new Error(`bad collection name: ${name}`);
}
export function assertFieldName(name: string): void {
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(name)) throw new Error(`bad field name: ${name}`);
}
