import { codeAncestors } from '@chuangwen/contracts';
import type {
  ActivityEvent,
  ActivityKind,
  ActivityScale,
  EvidenceReference,
  RecordedEvent,
} from '@chuangwen/contracts';
import type { Projection, ReadDoc } from '@chuangwen/projections';

export const ACTIVITIES = 'activities';

/** One activity as GET /api/activities lists it. */
export interface ActivityView extends ReadDoc {
  activityId: string;
  communityCode: string;
  /** The enclosing street and district, so lists can be asked for at those levels too. */
  streetCode: string;
  districtCode: string;
  status: 'planned' | 'held' | 'cancelled';
  kind: ActivityKind;
  scale: ActivityScale;
  title: string;
  organiser: string;
  theme?: string;
  /** heldAt once held, else plannedFor: the date lists filter and sort on. */
  date: string;
  participants?: number;
  expectedParticipants?: number;
  publicityItems?: number;
  cancelReason?: string;
  evidence: EvidenceReference[];
}

export const activityListProjection: Projection = {
  name: 'activities.list',
  collections: [
    {
      name: ACTIVITIES,
      indexes: [
        { fields: { communityCode: 1, date: 1 } },
        { fields: { streetCode: 1, date: 1 } },
        { fields: { districtCode: 1, date: 1 } },
      ],
    },
  ],
  handles: new Set(['ActivityPlanned', 'ActivityHeld', 'ActivityCancelled', 'ActivityEvidenceAttached']),
  async apply(events, uow) {
    for (const e of events as readonly RecordedEvent<ActivityEvent>[]) {
      await uow.update<ActivityView>(ACTIVITIES, e.data.activityId, e, (doc) => evolveView(doc, e));
    }
  },
};

function evolveView(doc: ActivityView | undefined, e: RecordedEvent<ActivityEvent>): ActivityView | null {
  switch (e.type) {
    case 'ActivityPlanned':
    case 'ActivityHeld': {
      const d = e.data;
      const [, , , district, street] = codeAncestors(d.communityCode).concat('', '', '', '', '');
      const base: ActivityView = doc ?? {
        _id: d.activityId,
        _pos: -1,
        activityId: d.activityId,
        communityCode: d.communityCode,
        streetCode: street,
        districtCode: district,
        status: 'planned',
        kind: d.kind,
        scale: d.scale,
        title: d.title,
        organiser: d.organiser,
        date: '',
        evidence: [],
      };
      const view: ActivityView = {
        ...base,
        kind: d.kind,
        scale: d.scale,
        title: d.title,
        organiser: d.organiser,
        ...(d.theme ? { theme: d.theme } : {}),
      };
      if (e.type === 'ActivityPlanned') {
        return {
          ...view,
          status: 'planned',
          date: e.data.plannedFor,
          ...opt('expectedParticipants', e.data.expectedParticipants),
        };
      }
      return {
        ...view,
        status: 'held',
        date: e.data.heldAt,
        participants: e.data.participants,
        ...opt('publicityItems', e.data.publicityItems),
      };
    }
    case 'ActivityCancelled':
      return doc ? { ...doc, status: 'cancelled', cancelReason: e.data.reason } : null;
    case 'ActivityEvidenceAttached':
      return doc ? { ...doc, evidence: [...doc.evidence, ...e.data.evidence] } : null;
  }
}

const opt = <K extends string, V>(key: K, value: V | undefined) =>
  value === undefined ? {} : ({ [key]: value } as Record<K, V>);
