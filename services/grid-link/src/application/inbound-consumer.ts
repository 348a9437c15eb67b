import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown, Optional } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { DomainError } from '@chuangwen/contracts';
import { BODY_LIMITS, nestsDeeperThan } from '@chuangwen/http';
import { MESSAGE_BUS, PoisonMessageError } from '@chuangwen/messaging';
import type { Consumer, IncomingMessage, MessageBus } from '@chuangwen/messaging';
import { GRID_HEADERS, verifySignature } from './signature';
import { GridEventDto } from '../http/grid-event.dto';
import { GridInbound, isUnknownCommunity } from './grid-inbound';
import { GRID_LINK_OPTIONS, GridLinkOptions } from './options';

/**
 * Distributed mode: the same reports from the `grid.inbound` topic (value = the webhook's JSON body,
 * headers = its X-Grid-* headers). A message that can never be taken (bad signature, invalid body,
 * unknown class, outside the client's jurisdiction) is dead-lettered with the reason; a repeat of
 * one already taken is dropped — the bus delivers at least once. Other failures are retried, and so
 * is a community the registry does not hold yet, for `unknownCommunityWaitMs`, then dead-lettered.
 * The timestamp is signed but not aged here: consumer lag is no replay.
 */
@Injectable()
export class GridInboundConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('GridInboundConsumer');
  private consumer?: Consumer;
  /** Messages (topic/partition@offset) refused for an unknown community: since when (epoch ms). */
  private readonly waiting = new Map<string, number>();

  constructor(
    private readonly inbound: GridInbound,
    @Inject(GRID_LINK_OPTIONS) private readonly options: GridLinkOptions,
    @Optional() @Inject(MESSAGE_BUS) private readonly bus?: MessageBus,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const kafka = this.options.kafka;
    if (!this.bus || !kafka) return;
    this.consumer = await this.bus.consume({
      groupId: `${kafka.groupPrefix}.grid.inbound`,
      topics: [`${kafka.topicPrefix}grid.inbound`],
      deadLetterTopic: `${kafka.topicPrefix}dead-letter`,
      handle: async (messages) => {
        for (const m of messages) await this.take(m);
      },
      onError: (e) => this.logger.error(`grid.inbound consumer stopped: ${(e as Error).message}`),
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.consumer?.stop();
  }

  async take(m: IncomingMessage): Promise<void> {
    const header = (name: string) => Object.entries(m.headers).find(([k]) => k.toLowerCase() === name)?.[1];
    const keyId = header(GRID_HEADERS.keyId);
    const client = this.inbound.client(keyId);
    if (!client) throw new PoisonMessageError(`unknown grid key id ${keyId ?? '(none)'}`, m);
    const check = verifySignature({
      secret: client.secret,
      timestamp: header(GRID_HEADERS.timestamp),
      signature: header(GRID_HEADERS.signature),
      body: m.value,
    });
    if (!check.ok) throw new PoisonMessageError(`grid signature refused: ${check.reason}`, m);
    let raw: unknown;
    try {
      raw = JSON.parse(m.value);
    } catch {
      throw new PoisonMessageError('value is not JSON', m);
    }
    // validate() of a non-object gives no property to name: refuse it here, with a reason.
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
      throw new PoisonMessageError('value is not a grid event (a JSON object)', m);
    // As for the webhook's body: nesting deep enough to exhaust the stack would fail (and be retried) forever.
    if (nestsDeeperThan(raw, BODY_LIMITS.maxDepth))
      throw new PoisonMessageError(`value nests deeper than ${BODY_LIMITS.maxDepth} levels`, m);
    const report = plainToInstance(GridEventDto, raw);
    const errors = await validate(report as object, { whitelist: true, forbidNonWhitelisted: true });
    if (errors.length)
      throw new PoisonMessageError(`invalid grid event: ${errors.map((e) => e.property).join(', ')}`, m);
    const at = `${m.topic}/${m.partition}@${m.offset}`;
    try {
      await this.inbound.receive(client, report, `kafka:${m.topic}:${m.partition}:${m.offset}`);
      this.waiting.delete(at);
    } catch (e) {
      if (e instanceof DomainError && e.kind === 'conflict') {
        this.waiting.delete(at);
        this.logger.debug(`grid event ${report.eventId} of ${client.keyId} already taken; repeat dropped`);
        return;
      }
      if (isUnknownCommunity(e) && this.stillWaiting(at)) {
        this.logger.warn(
          `grid event ${report.eventId}: ${(e as Error).message}; retried while the registry catches up`,
        );
        throw e; // not poison: the bus hands it again after a pause
      }
      this.waiting.delete(at);
      if (e instanceof DomainError) throw new PoisonMessageError(e.message, m);
      throw e;
    }
  }

  /** Whether a message whose community is unknown is still within its wait (counted from its first try). */
  private stillWaiting(at: string): boolean {
    const since = this.waiting.get(at) ?? Date.now();
    this.waiting.set(at, since);
    return Date.now() - since < this.options.unknownCommunityWaitMs;
  }
}
