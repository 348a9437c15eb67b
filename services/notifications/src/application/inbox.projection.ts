import type { RecordedEvent } from '@chuangwen/contracts';
import type { Projection, ReadDoc } from '@chuangwen/projections';
import { PROBLEM_CATEGORIES } from '@chuangwen/scoring-engine';
import {
  cloudEventOf,
  Notification,
  NotificationCloudEvent,
  NOTIFIED_EVENT_TYPES,
  notificationOf,
} from '../domain/notification';

export const NOTIFICATIONS = 'notifications';
export const NOTIFICATION_OUTBOX = 'notification_outbox';

export interface NotificationDoc extends ReadDoc, Notification {}

/** One CloudEvent for the webhooks; the dispatcher records who has it and closes it. */
export interface NotificationOutboxDoc extends ReadDoc {
  readonly seq: number;
  readonly recipient: string;
  readonly at: string;
  readonly open: boolean;
  readonly deliveredTo: readonly string[];
  readonly refusedBy: readonly string[];
  readonly event: NotificationCloudEvent;
}

const label = (category: string) =>
  (PROBLEM_CATEGORIES as Record<string, { label: string } | undefined>)[category]?.label ?? category;

/**
 * The in-app inbox and the webhook outbox, both from the log: a notification exists because its
 * event does, so a process killed at any point loses none (the projection replays from its
 * checkpoint, writing the same ids again) and a rebuild makes the same ones. Read marks live
 * beside it (`notification_reads`), outside the projection, so a rebuild keeps them.
 */
export const notificationInboxProjection: Projection = {
  name: 'notifications.inbox',
  collections: [
    { name: NOTIFICATIONS, indexes: [{ fields: { recipient: 1, seq: -1 } }] },
    { name: NOTIFICATION_OUTBOX, indexes: [{ fields: { open: 1, seq: 1 } }] },
  ],
  handles: NOTIFIED_EVENT_TYPES,
  async apply(events, uow) {
    for (const e of events as readonly RecordedEvent[]) {
      const n = notificationOf(e, label);
      if (!n) continue;
      await uow.update<NotificationDoc>(NOTIFICATIONS, n.id, e, (doc) => doc ?? { ...n, _id: n.id, _pos: e.position });
      const entry: NotificationOutboxDoc = {
        _id: n.id,
        _pos: e.position,
        seq: n.seq,
        recipient: n.recipient,
        at: n.at,
        open: true,
        deliveredTo: [],
        refusedBy: [],
        event: cloudEventOf(n),
      };
      await uow.update<NotificationOutboxDoc>(NOTIFICATION_OUTBOX, n.id, e, (doc) => doc ?? entry);
    }
  },
};
