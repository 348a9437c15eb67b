import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { ReadDoc, ReadStore } from './port';

/** This process, as a lease's holder: unique per process, readable in the store (host and pid). */
export const THIS_PROCESS = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

/** The collection of leases: one document a duty, small whatever the store. */
export const LEASES = 'leases';

export interface LeaseDoc extends ReadDoc {
  readonly holder: string;
  /** Epoch ms (wall time) until which the holder has the duty. */
  readonly until: number;
}

/**
 * A duty that replicas share but only one may do at a time (delivering an outbox: two replicas walking
 * it side by side would send every CloudEvent twice and overwrite each other's delivery marks). The
 * holder renews it before it runs out; when the holder stops renewing (killed), another takes it over
 * once the term has passed. Taking and renewing are conditional writes on the document's version, so
 * of two replicas trying at once exactly one wins, on every adapter of the port.
 *
 * Wall time, not the platform clock: a lease is about processes being alive, and tests may fix the
 * platform's clock.
 */
export class Lease {
  private writes = 0;
  private heldUntil = 0;

  constructor(
    private readonly store: ReadStore,
    readonly name: string,
    private readonly termMs: number,
    readonly holder: string = THIS_PROCESS,
    private readonly now: () => number = Date.now,
  ) {}

  ensure(): Promise<void> {
    return this.store.ensureCollections([{ name: LEASES }]);
  }

  /**
   * True while this holder has the duty for at least half a term more: renewed (or taken, if free or
   * run out) when less is left. False when another holder has it.
   */
  async hold(): Promise<boolean> {
    const now = this.now();
    if (this.heldUntil - now > this.termMs / 2) return true;
    const doc = await this.store.get<LeaseDoc>(LEASES, this.name);
    if (doc && doc.holder !== this.holder && doc.until > now) return ((this.heldUntil = 0), false);
    const until = now + this.termMs;
    const put: LeaseDoc = {
      _id: this.name,
      _pos: 0,
      holder: this.holder,
      until,
      _v: `${this.holder}.${++this.writes}`,
    };
    const conflicts = await this.store.write([{ collection: LEASES, put, expect: doc?._v ?? null }]);
    this.heldUntil = conflicts.length ? 0 : until;
    return conflicts.length === 0;
  }

  /** Gives the duty up at once (a clean shutdown), so another replica need not wait out the term. */
  async release(): Promise<void> {
    if (this.heldUntil <= this.now()) return;
    const doc = await this.store.get<LeaseDoc>(LEASES, this.name);
    this.heldUntil = 0;
    if (doc?.holder !== this.holder) return;
    const put: LeaseDoc = { ...doc, until: 0, _v: `${this.holder}.${++this.writes}` };
    await this.store.write([{ collection: LEASES, put, expect: doc._v ?? null }]);
  }
}
