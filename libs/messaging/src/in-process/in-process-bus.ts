import { BusLog, consoleLog, deliver, retryDelay } from '../delivery';
import { partitionFor } from '../partitioner';
import { ConsumeOptions, Consumer, GroupActiveError, IncomingMessage, MessageBus, OutgoingMessage } from '../port';

export interface InProcessBusOptions {
  /** Partitions per topic; other topics are created on first use with `defaultPartitions` (3). */
  readonly partitions?: Readonly<Record<string, number>>;
  readonly defaultPartitions?: number;
  /** Largest batch handed to a handler (100). */
  readonly maxBatch?: number;
  /** Pause before a failed batch is handed again: `retryBaseMs` (100) doubling up to `retryMaxMs` (5000). */
  readonly retryBaseMs?: number;
  readonly retryMaxMs?: number;
  readonly log?: BusLog;
}

type Stored = { key: string; value: string; headers: Record<string, string> };
/** A topic-partition's id in maps. */
const tpOf = (topic: string, partition: number) => `${topic}\u0000${partition}`;

interface Group {
  readonly members: Member[];
  readonly committed: Map<string, number>;
  /** Partitions whose batch is in a handler: a new owner waits, so a partition never runs twice at once. */
  readonly busy: Set<string>;
  readonly retry: Map<string, { failures: number; at: number }>;
}

/**
 * The bus in memory, with Kafka's semantics: a key's partition is Kafka's (murmur2), each group
 * commits an offset per partition after its handler resolved, a failed batch comes again after a
 * pause, poison messages are dead-lettered. Several consumers of one group split the partitions
 * (partition p of a topic goes to its subscribers[p % n], in joining order) and a partition is
 * handed over only between batches. Nothing survives the process: for tests and one-process runs.
 */
export class InProcessBus implements MessageBus {
  private readonly logs = new Map<string, Stored[][]>();
  private readonly groups = new Map<string, Group>();
  private wake = signal();
  private closed = false;
  readonly maxBatch: number;
  readonly log: BusLog;

  constructor(private readonly options: InProcessBusOptions = {}) {
    this.maxBatch = options.maxBatch ?? 100;
    this.log = options.log ?? consoleLog;
  }

  async publish(topic: string, messages: readonly OutgoingMessage[]): Promise<void> {
    if (this.closed) throw new Error('bus closed');
    const partitions = this.topic(topic);
    for (const m of messages)
      partitions[partitionFor(m.key, partitions.length)].push({
        key: m.key,
        value: m.value,
        headers: { ...m.headers },
      });
    this.notify();
  }

  async consume(options: ConsumeOptions): Promise<Consumer> {
    if (this.closed) throw new Error('bus closed');
    let group = this.groups.get(options.groupId);
    if (!group)
      this.groups.set(
        options.groupId,
        (group = { members: [], committed: new Map(), busy: new Set(), retry: new Map() }),
      );
    const member = new Member(this, group, options);
    group.members.push(member);
    this.notify();
    return member;
  }

  async resetGroup(groupId: string): Promise<void> {
    const group = this.groups.get(groupId);
    if (group && group.members.length > 0) throw new GroupActiveError(groupId);
    this.groups.delete(groupId);
  }

  async close(): Promise<void> {
    const members = [...this.groups.values()].flatMap((g) => g.members);
    await Promise.all(members.map((m) => m.stop()));
    this.closed = true;
  }

  /** Creates a topic with its partition count (tests choose it; others get `defaultPartitions`). */
  createTopic(name: string, partitions: number): void {
    if (this.logs.has(name)) throw new Error(`topic ${name} exists`);
    this.logs.set(
      name,
      Array.from({ length: partitions }, () => []),
    );
  }

  /** The partitions of a topic, created on first use. */
  topic(name: string): Stored[][] {
    let t = this.logs.get(name);
    if (!t)
      this.logs.set(
        name,
        (t = Array.from({ length: this.options.partitions?.[name] ?? this.options.defaultPartitions ?? 3 }, () => [])),
      );
    return t;
  }

  /** Something changed (a message, a member, a commit): every waiting member looks again. */
  notify(): void {
    const w = this.wake;
    this.wake = signal();
    w.fire();
  }

  changed(): Promise<void> {
    return this.wake.promise;
  }

  async lag(groupId: string, topics: readonly string[]): Promise<number> {
    const committed = this.groups.get(groupId)?.committed;
    let lag = 0;
    for (const topic of topics)
      this.topic(topic).forEach((log, p) => (lag += log.length - (committed?.get(tpOf(topic, p)) ?? 0)));
    return lag;
  }

  retryDelay(failures: number): number {
    return retryDelay(failures, this.options.retryBaseMs ?? 100, this.options.retryMaxMs ?? 5000);
  }
}

class Member implements Consumer {
  private stopped = false;
  private readonly stopping = signal();
  /** fromBeginning: false — where this member starts in partitions the group never committed. */
  private readonly start = new Map<string, number>();
  private cursor = 0;
  private readonly loop: Promise<void>;
  /** What this member dead-lettered in batches not yet handled (see `deliver`). */
  private readonly deadLettered = new Set<string>();

  constructor(
    private readonly bus: InProcessBus,
    private readonly group: Group,
    private readonly options: ConsumeOptions,
  ) {
    for (const topic of options.topics) {
      bus.topic(topic).forEach((log, p) => {
        if (options.fromBeginning === false && !group.committed.has(tpOf(topic, p)))
          this.start.set(tpOf(topic, p), log.length);
      });
    }
    this.loop = this.run().catch((error) => {
      this.leave();
      (options.onError ?? ((e) => bus.log('error', `consumer of ${options.groupId} stopped`, { error: e })))(error);
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.stopping.fire();
    await this.loop;
    this.leave();
  }

  private leave(): void {
    const i = this.group.members.indexOf(this);
    if (i >= 0) this.group.members.splice(i, 1);
    this.bus.notify();
  }

  private async run(): Promise<void> {
    const limit = Math.max(1, this.options.partitionsConcurrently ?? 1);
    const inHand = new Set<Promise<void>>();
    while (!this.stopped) {
      const changed = this.bus.changed(); // taken before looking, so no notification is missed
      const next = inHand.size < limit ? this.next() : { waitMs: Infinity };
      if ('topic' in next) {
        const handled: Promise<void> = this.handle(next.topic, next.partition, next.from).finally(() =>
          inHand.delete(handled),
        );
        inHand.add(handled);
        await new Promise(setImmediate); // a long backlog still lets timers and I/O run between batches
      } else
        await waitFor(
          [changed, this.stopping.promise, ...(inHand.size > 0 ? [Promise.race(inHand)] : [])],
          next.waitMs,
        );
    }
    await Promise.all(inHand);
  }

  /** The next partition this member owns that has messages and is not pausing; else how long to wait. */
  private next(): { topic: string; partition: number; from: number } | { waitMs: number } {
    const candidates = this.options.topics.flatMap((topic) =>
      this.bus.topic(topic).map((_, partition) => ({ topic, partition })),
    );
    let waitMs = Infinity;
    for (let i = 0; i < candidates.length; i++) {
      const { topic, partition } = candidates[(this.cursor + i) % candidates.length];
      const tp = tpOf(topic, partition);
      const subscribers = this.group.members.filter((m) => m.options.topics.includes(topic));
      if (subscribers[partition % subscribers.length] !== this || this.group.busy.has(tp)) continue;
      const from = this.group.committed.get(tp) ?? this.start.get(tp) ?? 0;
      if (from >= this.bus.topic(topic)[partition].length) continue;
      const pause = (this.group.retry.get(tp)?.at ?? 0) - Date.now();
      if (pause > 0) {
        waitMs = Math.min(waitMs, pause);
        continue;
      }
      this.cursor = (this.cursor + i + 1) % candidates.length; // round robin: a busy partition starves none
      return { topic, partition, from };
    }
    return { waitMs };
  }

  private async handle(topic: string, partition: number, from: number): Promise<void> {
    const tp = tpOf(topic, partition);
    const batch: IncomingMessage[] = this.bus
      .topic(topic)
      [partition].slice(from, from + this.bus.maxBatch)
      .map((m, i) => ({ ...m, headers: { ...m.headers }, topic, partition, offset: String(from + i) }));
    this.group.busy.add(tp);
    try {
      await deliver(batch, this.options, (t, ms) => this.bus.publish(t, ms), this.deadLettered);
      this.group.committed.set(tp, from + batch.length);
      this.group.retry.delete(tp);
    } catch (error) {
      const failures = (this.group.retry.get(tp)?.failures ?? 0) + 1;
      const delay = this.bus.retryDelay(failures);
      this.group.retry.set(tp, { failures, at: Date.now() + delay });
      if (!this.stopped)
        this.bus.log('warn', `handler failed on ${topic}/${partition}@${from}, again in ${delay} ms`, {
          groupId: this.options.groupId,
          error,
        });
    } finally {
      this.group.busy.delete(tp);
      this.bus.notify();
    }
  }
}

function signal(): { promise: Promise<void>; fire(): void } {
  let fire!: () => void;
  const promise = new Promise<void>((resolve) => (fire = resolve));
  return { promise, fire };
}

/** The first of the promises, or the timeout (Infinity: none); the timer never outlives the wait. */
async function waitFor(promises: Promise<void>[], ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = ms === Infinity ? [] : [new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))];
  await Promise.race([...promises, ...timeout]);
  clearTimeout(timer);
}
