import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type {
  AllStreamResolvedEvent,
  AppendExpectedRevision,
  AppendResult,
  JSONEventData,
  ReadAllOptions,
  ReadStreamOptions,
  ResolvedEvent,
  SubscribeToAllOptions,
} from '@eventstore/db-client';
import type { EsdbClient, EsdbSubscriptionStream } from '../esdb-client';

interface Stored {
  streamId: string;
  id: string;
  type: string;
  data: unknown;
  metadata: unknown;
  revision: bigint;
  position: bigint;
  created: Date;
}

/**
 * An in-memory imitation of EventStoreDB's gRPC behaviour as the 6.x client shows it, for running the
 * adapter without a server. What it imitates (from the client's typings and the server's AllReader):
 * commit = prepare = the event's own log position, with gaps; forward $all reads include the start
 * position, backward reads exclude it; subscriptions start after it; a missing stream throws
 * `stream-not-found`; a conflict throws `wrong-expected-version`; a retry with the same expected
 * revision and ids is answered without a position; with `any` it is NOT recognised (the server's
 * check is a best-effort cache: the worst case); the server's own `$…` events sit in the log.
 * Not a substitute for the real-server suite (esdb-event-store.int.spec.ts).
 */
export class FakeEsdbServer {
  readonly log: Stored[] = [];
  private next = 1024n;
  private readonly subscribers = new Set<FakeSubscription>();
  /** Whether subscriptions send "caught up" (23.10+ does; older servers do not). */
  sendsCaughtUp = true;
  /** Every subscription fails as soon as it starts (a server that keeps dropping them). */
  dropsEverySubscription = false;
  readonly subscribeCalls: SubscribeToAllOptions[] = [];

  constructor() {
    this.write('$$$scavenges', [
      { id: 'aaaaaaaa-0000-4000-8000-000000000001', type: '$metadata', data: {}, metadata: undefined },
    ]);
    this.write('$settings', [
      { id: 'aaaaaaaa-0000-4000-8000-000000000002', type: '$settings', data: {}, metadata: undefined },
    ]);
  }

  client(): EsdbClient {
    return {
      appendToStream: async (stream, events, options) => {
        await new Promise((r) => setImmediate(r)); // let concurrent appends interleave
        return this.append(stream, events, options.expectedRevision ?? 'any');
      },
      readStream: (stream, options) => this.readStream(stream, options),
      readAll: (options) => this.readAll(options),
      subscribeToAll: (options) => this.subscribe(options),
      dispose: async () => undefined,
    };
  }

  /** A server-side event (statistics, settings) between ours. */
  writeSystemEvent(): void {
    this.write('$stats-127.0.0.1:2113', [{ id: randomUUID(), type: '$statsCollected', data: {}, metadata: undefined }]);
  }

  /** Drops every live subscription with an error, as a server restart does. */
  dropSubscriptions(): void {
    for (const s of [...this.subscribers]) s.destroy(unavailable());
  }

  private append(streamId: string, events: JSONEventData[], expected: AppendExpectedRevision): AppendResult {
    const stream = this.log.filter((e) => e.streamId === streamId);
    const current = stream.length ? stream[stream.length - 1].revision : -1n;
    const want = expected === 'no_stream' ? -1n : expected;
    if (typeof want === 'bigint' && want !== current) {
      const at = stream.filter((e) => e.revision > want).slice(0, events.length);
      if (at.length === events.length && at.every((e, i) => e.id === events[i].id)) {
        return { success: true, nextExpectedRevision: at[at.length - 1].revision, position: undefined };
      }
      throw wrongExpectedVersion(streamId, expected, current);
    }
    if (expected === 'stream_exists' && current < 0n) throw wrongExpectedVersion(streamId, expected, current);
    const last = this.write(streamId, events);
    if (this.log.length % 3 === 0) this.writeSystemEvent();
    return {
      success: true,
      nextExpectedRevision: last.revision,
      position: { commit: last.position, prepare: last.position },
    };
  }

  private write(streamId: string, events: { id: string; type: string; data: unknown; metadata: unknown }[]): Stored {
    let revision = this.log.filter((e) => e.streamId === streamId).length;
    const written = events.map((e) => {
      this.next += 97n + BigInt(JSON.stringify(e.data).length); // byte offsets: increasing, with gaps
      return {
        streamId,
        id: e.id,
        type: e.type,
        data: e.data,
        metadata: e.metadata,
        revision: BigInt(revision++),
        position: this.next,
        created: new Date(),
      };
    });
    this.log.push(...written);
    for (const s of this.subscribers) s.offer(written);
    return written[written.length - 1];
  }

  private async *readStream(streamId: string, options: ReadStreamOptions): AsyncGenerator<ResolvedEvent> {
    await Promise.resolve();
    let events = this.log.filter((e) => e.streamId === streamId);
    if (!events.length) throw Object.assign(new Error(`${streamId} not found`), { type: 'stream-not-found' });
    const from = options.fromRevision;
    if (options.direction === 'backwards') {
      events = events
        .filter((e) => from === 'end' || from === undefined || from === 'start' || e.revision <= from)
        .reverse();
    } else events = events.filter((e) => typeof from !== 'bigint' || e.revision >= from);
    for (const e of events.slice(0, Number(options.maxCount ?? Number.MAX_SAFE_INTEGER))) yield resolved(e);
  }

  private async *readAll(options: ReadAllOptions): AsyncGenerator<AllStreamResolvedEvent> {
    await Promise.resolve();
    const from = options.fromPosition ?? 'start';
    const events =
      options.direction === 'backwards'
        ? this.log.filter((e) => from === 'end' || (from !== 'start' && e.position < from.commit)).reverse()
        : this.log.filter((e) => from === 'start' || (from !== 'end' && e.position >= from.commit));
    for (const e of events.slice(0, Number(options.maxCount ?? Number.MAX_SAFE_INTEGER))) yield resolved(e);
  }

  private subscribe(options: SubscribeToAllOptions): EsdbSubscriptionStream {
    this.subscribeCalls.push(options);
    const from = options.fromPosition ?? 'start';
    const regex = options.filter && 'regex' in options.filter ? new RegExp(options.filter.regex) : undefined;
    const sub = new FakeSubscription(
      (e) => (regex ? regex.test(e.type) : true),
      () => this.subscribers.delete(sub),
    );
    setImmediate(() => {
      if (this.dropsEverySubscription) {
        sub.destroy(unavailable());
        return;
      }
      // History and going live in one step, so no append falls between them.
      sub.offer(from === 'end' ? [] : this.log.filter((e) => from === 'start' || e.position > from.commit));
      if (sub.unsubscribed || sub.destroyed) return;
      this.subscribers.add(sub);
      if (this.sendsCaughtUp) sub.emit('caughtUp');
    });
    return sub;
  }
}

class FakeSubscription extends Readable implements EsdbSubscriptionStream {
  unsubscribed = false;
  constructor(
    private readonly accepts: (e: Stored) => boolean,
    private readonly onGone: () => void,
  ) {
    super({ objectMode: true, read: () => undefined });
    this.on('close', onGone);
  }

  offer(events: Stored[]): void {
    if (this.unsubscribed || this.destroyed) return;
    for (const e of events) if (this.accepts(e)) this.push(resolved(e));
  }

  async unsubscribe(): Promise<void> {
    this.unsubscribed = true;
    this.onGone();
  }
}

function resolved(e: Stored): AllStreamResolvedEvent {
  const position = { commit: e.position, prepare: e.position };
  return {
    event: {
      streamId: e.streamId,
      id: e.id,
      revision: e.revision,
      type: e.type,
      data: e.data as never,
      metadata: e.metadata as never,
      isJson: true,
      created: e.created,
      position,
    },
    commitPosition: e.position,
  };
}

function wrongExpectedVersion(streamName: string, expectedVersion: AppendExpectedRevision, current: bigint) {
  return Object.assign(new Error(`wrong expected version on ${streamName}`), {
    type: 'wrong-expected-version',
    streamName,
    expectedVersion,
    actualVersion: current < 0n ? 'no_stream' : current,
  });
}

const unavailable = () => Object.assign(new Error('14 UNAVAILABLE: Connection dropped'), { type: 'unavailable' });
