import { randomUUID } from 'node:crypto';
import type { ReadDoc, ReadStore } from './port';

/**
 * A duty that replicas share but only one may do at a time: publishing the event store to the bus
 * (the relay), delivering an outbox (the webhooks' dispatchers). The holder of the lease does it; the
 * others stand by and take the lease once its holder stopped renewing it.
 */
export interface Lease {
  /**
   * Takes the lease when it is free or its holder has gone silent, renews it when this process
   * holds it. True while held. Every call is a conditional write, so it also fences: a holder that
   * was taken over gets false. Rejects only when the store cannot be reached.
   */
  acquire(): Promise<boolean>;
  /** Whether this process holds the lease, by its own clock (no round trip). */
  held(): boolean;
  /** The term: how many times the lease changed hands (the fencing token of this holder's term). */
  term(): number;
  /** Gives the lease up, so a standby takes it at its next attempt instead of after the timeout. */
  release(): Promise<void>;
}

interface LeaseDoc extends ReadDoc {
  /** The holder's id, or null once released. */
  readonly holder: string | null;
  readonly term: number;
  readonly renewedAt: string;
}

export interface ReadStoreLeaseOptions {
  /** The duty: the relays of one store share `relay.bus` (the default), a dispatcher its writer's name. */
  readonly name?: string;
  /** This process (default: a random id). */
  readonly holder?: string;
  /** A holder silent this long (ms, by the standby's own clock) is taken over (default 5000). */
  readonly ttlMs?: number;
  readonly now?: () => number;
}

/** Named when the relay was the only holder; kept so that the leases already stored are found. */
const COLLECTION = 'relay_leases';

/**
 * The lease as one document in the read store, beside the relay's checkpoint, so it works on every
 * adapter of the port (SQLite, MongoDB, FerretDB: no transactions, no TTL). Its `_pos` is a version:
 * every write is a put at the version read plus one, and the port stores a put only above the stored
 * `_pos` — a compare-and-set, so of two writers racing from one version exactly one wins (read back).
 * Expiry needs no shared clock: a standby takes over once the version it saw has not moved for `ttlMs`
 * of its own time, and a holder counts itself valid for `ttlMs` from *before* its last successful
 * write — always earlier than any standby's deadline.
 */
export class ReadStoreLease implements Lease {
  private readonly name: string;
  private readonly holder: string;
  private readonly ttlMs: number;
  private readonly now: () => number;
  /** The version this process last wrote while holding. */
  private version = -1;
  private validUntil = 0;
  private currentTerm = 0;
  /** Someone else's lease as first seen: its version and when (our clock). */
  private seen?: { version: number; at: number };
  private ready?: Promise<void>;
  /** Calls in turn: two concurrent renewals from one process would race each other. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly store: ReadStore,
    options: ReadStoreLeaseOptions = {},
  ) {
    this.name = options.name ?? 'relay.bus';
    this.holder = options.holder ?? randomUUID();
    this.ttlMs = options.ttlMs ?? 5000;
    this.now = options.now ?? Date.now;
  }

  acquire(): Promise<boolean> {
    const next = this.queue.then(() => this.attempt());
    this.queue = next.catch(() => undefined);
    return next;
  }

  held(): boolean {
    return this.now() < this.validUntil;
  }

  term(): number {
    return this.currentTerm;
  }

  release(): Promise<void> {
    const next = this.queue.then(async () => {
      if (!this.held()) return;
      this.validUntil = 0;
      await this.write({
        _id: this.name,
        _pos: this.version + 1,
        holder: null,
        term: this.currentTerm,
        renewedAt: new Date(this.now()).toISOString(),
      });
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async attempt(): Promise<boolean> {
    this.ready ??= this.store.ensureCollections([{ name: COLLECTION }]).catch((e) => {
      this.ready = undefined;
      throw e;
    });
    await this.ready;
    const started = this.now();
    const doc = await this.store.get<LeaseDoc>(COLLECTION, this.name);
    const mine = doc !== undefined && doc.holder === this.holder && doc._pos === this.version;
    if (!mine) {
      this.validUntil = 0;
      if (doc && doc.holder !== null && !this.silentFor(doc, started)) return false;
    }
    const term = mine ? doc.term : (doc?.term ?? 0) + 1;
    const wanted: LeaseDoc = {
      _id: this.name,
      _pos: (doc?._pos ?? 0) + 1,
      holder: this.holder,
      term,
      renewedAt: new Date(started).toISOString(),
    };
    await this.write(wanted);
    const after = await this.store.get<LeaseDoc>(COLLECTION, this.name);
    if (after?.holder !== this.holder || after._pos !== wanted._pos) return false; // another won the race
    this.version = wanted._pos;
    this.currentTerm = term;
    this.seen = undefined;
    this.validUntil = started + this.ttlMs;
    return true;
  }

  /** Whether another holder's version has stood still for the whole timeout, by our clock. */
  private silentFor(doc: LeaseDoc, now: number): boolean {
    if (this.seen?.version !== doc._pos) {
      this.seen = { version: doc._pos, at: now };
      return false;
    }
    return now - this.seen.at >= this.ttlMs;
  }

  /** A conditional put (stored only above the stored version); the "checkpoint" row keeps the version too. */
  private write(doc: LeaseDoc): Promise<void> {
    return this.store.commit(`${this.name}.lease`, [{ collection: COLLECTION, put: doc }], doc._pos);
  }
}

/**
 * The lease for a duty among the replicas of a service, or none where this process alone writes the
 * store (the embedded SQLite file: nobody to share the duty with, nothing to wait for at a restart).
 */
export const replicaLease = (store: ReadStore, name: string, ttlMs = 10_000): Lease | undefined =>
  store.exclusive ? undefined : new ReadStoreLease(store, { name, ttlMs });
