import { Admin, Consumer as KafkaConsumer, EachBatchPayload, Kafka, logLevel, Partitioners, Producer } from 'kafkajs';
import { BusLog, consoleLog, deliver, retryDelay } from '../delivery';
import { ConsumeOptions, Consumer, GroupActiveError, IncomingMessage, MessageBus, OutgoingMessage } from '../port';

export interface KafkaBusOptions {
  /** `host:port` list, or one comma-separated string (as in KAFKA_BROKERS). */
  readonly brokers: string | readonly string[];
  readonly clientId?: string;
  /** kafkajs's own logging: 'warn' (default), 'error' or 'nothing'; info and debug never. */
  readonly logLevel?: 'warn' | 'error' | 'nothing';
  readonly log?: BusLog;
  /** Pause before a failed batch is handed again: `retryBaseMs` (200) doubling up to `retryMaxMs` (30 s). */
  readonly retryBaseMs?: number;
  readonly retryMaxMs?: number;
  /** How long a fetch waits on the broker for new messages (1000 ms); also bounds `stop()`. */
  readonly maxWaitTimeInMs?: number;
  /**
   * How long the broker waits for a silent member before it hands the member's partitions to the
   * others: 6000 ms (the broker's `group.min.session.timeout.ms`), so a killed replica's partitions
   * are served again about 6 s later instead of after kafkajs's 30 s. See docs/messaging.md, "Takeover".
   */
  readonly sessionTimeout?: number;
  /** How often a member heartbeats (1000 ms; at most a third of the session), also while a batch is handled. */
  readonly heartbeatInterval?: number;
}

const LEVELS = { warn: logLevel.WARN, error: logLevel.ERROR, nothing: logLevel.NOTHING } as const;

/**
 * The bus on Kafka (kafkajs). Producer: idempotent, acks from all in-sync replicas, one request in
 * flight, Java-compatible partitioner (murmur2, like the in-process bus). Consumers: `eachBatch`
 * without auto-commit; a partition's offset is committed only after the handler resolved.
 */
export class KafkaBus implements MessageBus {
  private readonly kafka: Kafka;
  private producer?: Promise<Producer>;
  private admin?: Promise<Admin>;
  private readonly consumers = new Set<KafkaConsumerHandle>();
  readonly log: BusLog;

  constructor(private readonly options: KafkaBusOptions) {
    this.log = options.log ?? consoleLog;
    const brokers =
      typeof options.brokers === 'string' ? options.brokers.split(',').map((b) => b.trim()) : [...options.brokers];
    const log = this.log;
    this.kafka = new Kafka({
      clientId: options.clientId ?? 'chuangwen',
      brokers,
      logLevel: LEVELS[options.logLevel ?? 'warn'],
      logCreator:
        () =>
        ({ namespace, level, log: { message, timestamp: _t, logger: _l, ...detail } }) =>
          log(level === logLevel.ERROR ? 'error' : 'warn', `kafkajs ${namespace}: ${message}`, detail),
    });
  }

  async publish(topic: string, messages: readonly OutgoingMessage[]): Promise<void> {
    if (messages.length === 0) return;
    const producer = await this.connectedProducer();
    await producer.send({
      topic,
      acks: -1,
      messages: messages.map((m) => ({ key: m.key, value: m.value, headers: { ...m.headers } })),
    });
  }

  async consume(options: ConsumeOptions): Promise<Consumer> {
    const consumer = this.kafka.consumer({
      groupId: options.groupId,
      allowAutoTopicCreation: false,
      maxWaitTimeInMs: this.options.maxWaitTimeInMs ?? 1000,
      sessionTimeout: this.options.sessionTimeout ?? 6000,
      heartbeatInterval: this.heartbeatInterval,
    });
    const handle = new KafkaConsumerHandle(this, consumer, options);
    this.consumers.add(handle);
    try {
      await handle.start();
    } catch (error) {
      this.consumers.delete(handle);
      await consumer.disconnect().catch(() => undefined);
      throw error;
    }
    return { stop: () => handle.stop().finally(() => this.consumers.delete(handle)) };
  }

  async resetGroup(groupId: string): Promise<void> {
    const admin = await this.connectedAdmin();
    // A fresh broker answers COORDINATOR_NOT_AVAILABLE / LOAD_IN_PROGRESS while it creates
    // __consumer_offsets: those are retriable, so keep asking for a while.
    const deadline = Date.now() + 60_000;
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.deleteGroups([groupId]);
        return;
      } catch (error) {
        const groups = (error as { groups?: { error?: { type?: string; retriable?: boolean } }[] }).groups ?? [];
        const errors = groups.map((g) => g.error);
        if (errors.some((e) => e?.type === 'NON_EMPTY_GROUP')) throw new GroupActiveError(groupId);
        if (errors.length > 0 && errors.every((e) => e?.type === 'GROUP_ID_NOT_FOUND')) return;
        const retriable = (error as { retriable?: boolean }).retriable || errors.some((e) => e?.retriable);
        if (!retriable || Date.now() > deadline) throw error;
        await new Promise((r) => setTimeout(r, Math.min(100 * 2 ** attempt, 2_000)));
      }
    }
  }

  async lag(groupId: string, topics: readonly string[]): Promise<number> {
    const admin = await this.connectedAdmin();
    const [committed, ends] = await Promise.all([
      admin.fetchOffsets({ groupId, topics: [...topics] }),
      Promise.all(topics.map(async (topic) => ({ topic, partitions: await admin.fetchTopicOffsets(topic) }))),
    ]);
    let lag = 0;
    for (const { topic, partitions } of ends) {
      const done = committed.find((c) => c.topic === topic)?.partitions ?? [];
      for (const p of partitions) {
        const at = Number(done.find((d) => d.partition === p.partition)?.offset ?? -1);
        // -1: nothing committed yet, so everything from the earliest kept offset is still to come.
        lag += Number(p.high) - (at >= 0 ? at : Number(p.low));
      }
    }
    return lag;
  }

  /** Messages the topics hold (from the earliest kept offset to the end), summed over partitions. */
  async size(topics: readonly string[]): Promise<number> {
    const admin = await this.connectedAdmin();
    let n = 0;
    for (const topic of topics)
      for (const p of await admin.fetchTopicOffsets(topic)) n += Number(p.high) - Number(p.low);
    return n;
  }

  /** Creates missing topics (deploy/kafka-topics.txt does it for ours); events are kept forever. */
  async ensureTopics(topics: readonly { topic: string; partitions: number }[], replicationFactor = 1): Promise<void> {
    const admin = await this.connectedAdmin();
    await admin.createTopics({
      waitForLeaders: false,
      topics: topics.map(({ topic, partitions }) => ({
        topic,
        numPartitions: partitions,
        replicationFactor,
        configEntries: [{ name: 'retention.ms', value: '-1' }],
      })),
    });
    // kafkajs's waitForLeaders gives up on UNKNOWN_TOPIC_OR_PARTITION, which a busy KRaft broker
    // answers for a moment after creating a topic: wait for every leader here instead.
    const deadline = Date.now() + 30_000;
    for (;;) {
      const meta = await admin.fetchTopicMetadata({ topics: topics.map((t) => t.topic) }).catch((e: unknown) => e);
      const ready =
        !(meta instanceof Error) &&
        (meta as Awaited<ReturnType<Admin['fetchTopicMetadata']>>).topics.every(
          (t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0),
        );
      if (ready) return;
      if (Date.now() > deadline)
        throw meta instanceof Error
          ? meta
          : new Error(`topics without leaders: ${topics.map((t) => t.topic).join(', ')}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async deleteTopics(topics: readonly string[]): Promise<void> {
    await (await this.connectedAdmin()).deleteTopics({ topics: [...topics] });
  }

  /** The topics the cluster has: a cheap round trip for health checks. */
  async topics(): Promise<string[]> {
    return (await this.connectedAdmin()).listTopics();
  }

  async close(): Promise<void> {
    await Promise.all([...this.consumers].map((c) => c.stop()));
    this.consumers.clear();
    const [producer, admin] = [this.producer, this.admin];
    this.producer = this.admin = undefined;
    await Promise.all([producer, admin].map(async (p) => (await p?.catch(() => undefined))?.disconnect()));
  }

  get heartbeatInterval(): number {
    return this.options.heartbeatInterval ?? 1000;
  }

  retryDelay(failures: number): number {
    return retryDelay(failures, this.options.retryBaseMs ?? 200, this.options.retryMaxMs ?? 30_000);
  }

  private connectedProducer(): Promise<Producer> {
    this.producer ??= connect(
      this.kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        allowAutoTopicCreation: false,
        createPartitioner: Partitioners.DefaultPartitioner,
      }),
      () => (this.producer = undefined),
    );
    return this.producer;
  }

  private connectedAdmin(): Promise<Admin> {
    this.admin ??= connect(this.kafka.admin(), () => (this.admin = undefined));
    return this.admin;
  }
}

/** Connects once; a failed connection is forgotten, so the next call tries again. */
async function connect<C extends { connect(): Promise<void> }>(client: C, forget: () => void): Promise<C> {
  try {
    await client.connect();
    return client;
  } catch (error) {
    forget();
    throw error;
  }
}

class KafkaConsumerHandle {
  private readonly failures = new Map<string, number>();
  private readonly timers = new Set<NodeJS.Timeout>();
  /** What this consumer dead-lettered in batches not yet handled (see `deliver`). */
  private readonly deadLettered = new Set<string>();
  private stopping?: Promise<void>;

  constructor(
    private readonly bus: KafkaBus,
    private readonly consumer: KafkaConsumer,
    private readonly options: ConsumeOptions,
  ) {}

  async start(): Promise<void> {
    const { consumer, options } = this;
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      // kafkajs restarts itself after retriable failures (with its own backoff); this one is final.
      if (!payload.restart)
        (options.onError ?? ((e) => this.bus.log('error', `consumer of ${options.groupId} stopped`, { error: e })))(
          payload.error,
        );
    });
    await consumer.connect();
    await consumer.subscribe({ topics: [...options.topics], fromBeginning: options.fromBeginning ?? true });
    // "Latest" is fixed when the member first fetches, so only after that is "published after
    // consume() resolved" true. run() itself resolves once the group is joined.
    const firstFetch = new Promise<void>((resolve, reject) => {
      const off = consumer.on(consumer.events.FETCH, () => (off(), resolve()));
      consumer.on(consumer.events.CRASH, ({ payload }) => !payload.restart && reject(payload.error));
    });
    firstFetch.catch(() => undefined); // awaited only for fromBeginning: false
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: Math.max(1, options.partitionsConcurrently ?? 1),
      eachBatch: (p) => this.eachBatch(p),
    });
    if (options.fromBeginning === false) await firstFetch;
  }

  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.timers.forEach(clearTimeout);
      await this.consumer.disconnect(); // waits for the batch in hand, then leaves the group
    })();
    return this.stopping;
  }

  private async eachBatch({
    batch,
    resolveOffset,
    commitOffsetsIfNecessary,
    heartbeat,
    isRunning,
    isStale,
  }: EachBatchPayload): Promise<void> {
    const { topic, partition } = batch;
    if (!isRunning() || isStale() || batch.messages.length === 0) return;
    const messages: IncomingMessage[] = batch.messages.map((m) => ({
      topic,
      partition,
      offset: m.offset,
      key: m.key?.toString('utf8') ?? '',
      value: m.value?.toString('utf8') ?? '',
      headers: Object.fromEntries(
        Object.entries(m.headers ?? {}).map(([k, v]) => [
          k,
          Array.isArray(v) ? v.join(',') : (v?.toString('utf8') ?? ''),
        ]),
      ),
    }));
    const tp = `${topic}\u0000${partition}`;
    // kafkajs heartbeats only between batches: with a 6 s session a long batch (a replay on a slow
    // read store) would get this member evicted mid-batch. Errors are left to the commit below,
    // which fails the same way after a rebalance and lets kafkajs rejoin.
    const beating = setInterval(() => void heartbeat().catch(() => undefined), this.bus.heartbeatInterval);
    try {
      await deliver(messages, this.options, (t, ms) => this.bus.publish(t, ms), this.deadLettered);
    } catch (error) {
      // Not resolved, so the partition is fetched again from the same offset once resumed. The
      // pause (not a throw into kafkajs) keeps the other partitions flowing and the retry cool.
      const failures = (this.failures.get(tp) ?? 0) + 1;
      this.failures.set(tp, failures);
      const delay = this.bus.retryDelay(failures);
      if (isRunning())
        this.bus.log('warn', `handler failed on ${topic}/${partition}@${messages[0].offset}, again in ${delay} ms`, {
          groupId: this.options.groupId,
          error,
        });
      this.consumer.pause([{ topic, partitions: [partition] }]);
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        try {
          if (!this.stopping) this.consumer.resume([{ topic, partitions: [partition] }]);
        } catch {
          // The consumer crashed for good meanwhile (onError heard it): nothing to resume.
        }
      }, delay);
      this.timers.add(timer);
      return;
    } finally {
      clearInterval(beating);
    }
    this.failures.delete(tp);
    const last = batch.lastOffset();
    resolveOffset(last);
    await commitOffsetsIfNecessary({
      topics: [{ topic, partitions: [{ partition, offset: (BigInt(last) + 1n).toString() }] }],
    });
    await heartbeat();
  }
}
