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

export type DocWrite = (
  /**
   * `derived`: the document is computed from others' current state (a roll-up): it is written
   * whatever position is stored, because derived documents are shared by events from several
   * partitions whose positions do not arrive in order. Otherwise a put is conditional on `_pos`.
   */
  | { readonly collection: string; readonly put: ReadDoc; readonly derived?: boolean }
  /** `derived`: a derived document gone (a roll-up left empty), deleted whatever position is stored. */
  | { readonly collection: string; readonly delete: string; readonly pos: number; readonly derived?: boolean }
) & {
  /**
   * The `_pos` stored when the writer read the document (-1: absent), if it did: an adapter may
   * trust it instead of reading positions again (one writer per projection), never needs it.
   */
  readonly stored?: number;
};

export interface ReadStore {
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
