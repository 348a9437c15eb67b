import { randomBytes } from 'node:crypto';
import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { CLOCK, conflict, forbidden, isWithin, nameBasedId, notFound } from '@chuangwen/contracts';
import type { Actor, Clock } from '@chuangwen/contracts';
import { READ_STORE, ReadStore } from '@chuangwen/read-store';
import type { ReadDoc } from '@chuangwen/read-store';

export const NOTIFICATION_WEBHOOKS = 'notification_webhooks';
const WRITER = 'notifications.webhooks';

/** An office's own system: it hears of what happens at and below `jurisdictionCode`, signed with `secret`. */
export interface Webhook {
  readonly id: string;
  readonly url: string;
  readonly jurisdictionCode: string;
  readonly secret: string;
  readonly description?: string;
  readonly registeredBy: string;
  readonly registeredAt: string;
}

interface WebhookDoc extends ReadDoc, Webhook {}

/** What a caller sees of a webhook: never its secret (given once, at registration). */
export const publicWebhook = ({ secret, ...w }: Webhook) => (void secret, w);

/**
 * The webhooks offices register (configuration kept in the read store, like the grid link's
 * endpoints: not a domain fact). A webhook receives what happens after its registration.
 */
@Injectable()
export class NotificationWebhooks implements OnModuleInit {
  constructor(
    @Inject(READ_STORE) private readonly reads: ReadStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.reads.ensureCollections([
      { name: NOTIFICATION_WEBHOOKS, indexes: [{ fields: { jurisdictionCode: 1 } }] },
    ]);
  }

  async all(): Promise<Webhook[]> {
    return (await this.reads.find<WebhookDoc>(NOTIFICATION_WEBHOOKS, {}, { sort: { registeredAt: 1 } })).map(
      ({ _id, _pos, ...w }) => (void _id, void _pos, w),
    );
  }

  async register(
    input: { url: string; jurisdictionCode: string; description?: string },
    actor: Actor,
  ): Promise<Webhook> {
    const id = nameBasedId(`notification-webhook/${input.jurisdictionCode}/${input.url}`);
    if (await this.reads.get(NOTIFICATION_WEBHOOKS, id))
      throw conflict(`${input.url} is already registered for ${input.jurisdictionCode} (webhook ${id})`, { id });
    const webhook: Webhook = {
      id,
      url: input.url,
      jurisdictionCode: input.jurisdictionCode,
      secret: randomBytes(32).toString('hex'),
      ...(input.description ? { description: input.description } : {}),
      registeredBy: actor.id,
      registeredAt: this.clock.now().toISOString(),
    };
    await this.reads.commit(
      WRITER,
      [{ collection: NOTIFICATION_WEBHOOKS, put: { ...webhook, _id: id, _pos: 0 }, derived: true }],
      0,
    );
    return webhook;
  }

  async remove(id: string, actor: Actor): Promise<void> {
    const doc = await this.reads.get<WebhookDoc>(NOTIFICATION_WEBHOOKS, id);
    if (!doc) throw notFound(`no webhook ${id}`);
    if (!isWithin(doc.jurisdictionCode, actor.jurisdiction))
      throw forbidden(
        `webhook ${id} belongs to ${doc.jurisdictionCode}, outside your jurisdiction ${actor.jurisdiction}`,
      );
    await this.reads.commit(
      WRITER,
      [{ collection: NOTIFICATION_WEBHOOKS, delete: id, pos: Number.MAX_SAFE_INTEGER }],
      0,
    );
  }
}
