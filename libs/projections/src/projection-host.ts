import type { EventCatalog } from '@chuangwen/contracts';
import type { ReadStore } from '@chuangwen/read-store';
import type { EventSource } from './event-source';
import type { Projection } from './projection';
import { rebuildProgress } from './progress-bar';
import { ProjectionChange, ProjectionRunner, RebuildProgress } from './projection-runner';

/**
 * After a command, a caller may wait until the read side has seen its events (read-your-writes).
 * In the embedded default that is cheap and exact; across processes it is a no-op.
 */
export interface ReadYourWrites {
  /**
   * Waits until the projections that show events of these `types` have applied everything up to
   * `position` (every projection when no types are given). A projection that handles none of the
   * types cannot change what a reader of the command's effect sees, so the answer does not wait for it.
   */
  waitFor(position: number, types?: readonly string[]): Promise<void>;
}
export const READ_YOUR_WRITES = Symbol('ReadYourWrites');
export const PROJECTION_HOST = Symbol('ProjectionHost');

/** Starts, stops, rebuilds and reports on the projections of one process. */
export class ProjectionHost implements ReadYourWrites {
  private readonly runners: ProjectionRunner[];

  constructor(
    projections: readonly Projection[],
    /** One source for all (the event store), or one per projection (a consumer group each, on a bus). */
    source: EventSource | ((projection: Projection) => EventSource),
    store: ReadStore,
    options: {
      catalog?: EventCatalog;
      batchSize?: number;
      restartOnError?: boolean;
      deferIdleCheckpoints?: boolean;
    } = {},
  ) {
    const runnerOptions = { restartOnError: true, ...options };
    this.runners = projections.map(
      (p) => new ProjectionRunner(p, typeof source === 'function' ? source(p) : source, store, runnerOptions),
    );
  }

  /** A projection that has applied nothing replays the log first: over a large log, with a progress bar. */
  async start(): Promise<void> {
    for (const r of this.runners) {
      const bar = rebuildProgress(`replay ${r.projection.name}`);
      await r.start((p) => p.total >= 100_000 && bar(p));
    }
  }

  async stop(): Promise<void> {
    await Promise.all(this.runners.map((r) => r.stop()));
  }

  /**
   * Waits for the projections that handle one of `types` (all without types); a slow one only
   * delays the answer (bounded by the timeout).
   */
  async waitFor(position: number, types?: readonly string[], timeoutMs = 5_000): Promise<void> {
    await Promise.all(this.readersOf(types).map((r) => r.waitFor(position, timeoutMs).catch(() => undefined)));
  }

  /** The projections a write of these event types can change (docs/architecture.md lists them per command). */
  readersOf(types?: readonly string[]): ProjectionRunner[] {
    return types ? this.runners.filter((r) => types.some((t) => r.projection.handles.has(t))) : this.runners;
  }

  async waitForCatchUp(timeoutMs?: number): Promise<void> {
    await Promise.all(this.runners.map((r) => r.waitForCatchUp(timeoutMs)));
  }

  runner(name: string): ProjectionRunner {
    const r = this.runners.find((x) => x.projection.name === name);
    if (!r) throw new Error(`no projection named ${name}`);
    return r;
  }

  onChange(listener: (change: ProjectionChange) => void): () => void {
    const offs = this.runners.map((r) => r.onChange(listener));
    return () => offs.forEach((off) => off());
  }

  async rebuild(names: readonly string[] | 'all', onProgress?: (p: RebuildProgress) => void): Promise<void> {
    for (const r of this.runners) if (names === 'all' || names.includes(r.projection.name)) await r.rebuild(onProgress);
  }

  status() {
    return this.runners.map((r) => r.status());
  }

  /** Each projection's state with its lag (events and seconds behind): what /health reports. */
  health() {
    return Promise.all(this.runners.map((r) => r.health()));
  }
}
