import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { CLOCK, forbidden, isWithin, notFound } from '@chuangwen/contracts';
import type { Actor, Clock } from '@chuangwen/contracts';
import { READ_STORE, ReadStore } from '@chuangwen/read-store';
import type { ReadDoc } from '@chuangwen/read-store';
import { NOTIFICATIONS, NotificationDoc } from './inbox.projection';

export const NOTIFICATION_READS = 'notification_reads';
const WRITER = 'notifications.reads';

interface ReadMark extends ReadDoc {
  readonly userId: string;
  readonly recipient: string;
  readonly notificationId: string;
  readonly readAt: string;
}

const markId = (userId: string, notificationId: string) => `${userId}|${notificationId}`;

/**
 * The in-app side: an office's (or a community's) notifications, newest first, with what this user
 * has not read yet — the badge. Read marks are per user and kept beside the projection's documents.
 */
@Injectable()
export class NotificationInbox implements OnModuleInit {
  constructor(
    @Inject(READ_STORE) private readonly reads: ReadStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.reads.ensureCollections([
      { name: NOTIFICATION_READS, indexes: [{ fields: { userId: 1, recipient: 1 } }] },
    ]);
  }

  async list(recipient: string, actor: Actor, page: { limit?: number; offset?: number; unread?: boolean } = {}) {
    if (!isWithin(recipient, actor.jurisdiction))
      throw forbidden(`${recipient} is outside your jurisdiction ${actor.jurisdiction}`);
    const [total, readCount] = await Promise.all([
      this.reads.count(NOTIFICATIONS, { recipient }),
      this.reads.count(NOTIFICATION_READS, { userId: actor.id, recipient }),
    ]);
    const limit = page.limit ?? 50;
    let docs: NotificationDoc[];
    let read: Set<string>;
    if (page.unread) {
      // Unread only: read marks of this user and inbox are few next to the notifications themselves.
      read = new Set(
        (await this.reads.find<ReadMark>(NOTIFICATION_READS, { userId: actor.id, recipient })).map(
          (m) => m.notificationId,
        ),
      );
      docs = (await this.reads.find<NotificationDoc>(NOTIFICATIONS, { recipient }, { sort: { seq: -1 } }))
        .filter((d) => !read.has(d.id))
        .slice(page.offset ?? 0, (page.offset ?? 0) + limit);
    } else {
      docs = await this.reads.find<NotificationDoc>(
        NOTIFICATIONS,
        { recipient },
        { sort: { seq: -1 }, limit, skip: page.offset ?? 0 },
      );
      read = new Set(
        (
          await this.reads.getMany<ReadMark>(
            NOTIFICATION_READS,
            docs.map((d) => markId(actor.id, d.id)),
          )
        ).map((m) => m.notificationId),
      );
    }
    const items = docs.map(({ _id, _pos, ...n }) => (void _id, void _pos, { ...n, read: read.has(n.id) }));
    return { recipient, total, unread: Math.max(0, total - readCount), items };
  }

  async markRead(id: string, actor: Actor) {
    const doc = await this.reads.get<NotificationDoc>(NOTIFICATIONS, id);
    if (!doc) throw notFound(`no notification ${id}`);
    if (!isWithin(doc.recipient, actor.jurisdiction))
      throw forbidden(`notification ${id} is for ${doc.recipient}, outside your jurisdiction ${actor.jurisdiction}`);
    const existing = await this.reads.get<ReadMark>(NOTIFICATION_READS, markId(actor.id, id));
    const readAt = existing?.readAt ?? this.clock.now().toISOString();
    if (!existing) {
      const mark: ReadMark = {
        _id: markId(actor.id, id),
        _pos: 0,
        userId: actor.id,
        recipient: doc.recipient,
        notificationId: id,
        readAt,
      };
      await this.reads.commit(WRITER, [{ collection: NOTIFICATION_READS, put: mark, derived: true }], 0);
    }
    return { id, read: true, readAt };
  }
}
