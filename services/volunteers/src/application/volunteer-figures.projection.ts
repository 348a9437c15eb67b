import { codeAncestors, levelOf, platformEventCatalog } from '@chuangwen/contracts';
import type { CommunityProfileUpdated, JurisdictionLevel, RecordedEvent, VolunteerEvent } from '@chuangwen/contracts';
import { writeSharedTree } from '@chuangwen/projections';
import type { Projection, ReadDoc, SharedTree } from '@chuangwen/projections';

export const VOLUNTEER_FIGURES = 'volunteer_figures';

/** The figures a node sums from its children (a community's are its own). */
export interface VolunteerTotals {
  registered: number;
  residents: number;
  hours: number;
}

export interface VolunteerFiguresDoc extends ReadDoc, VolunteerTotals {
  code: string;
  level: JurisdictionLevel;
  /** A community's confirmed service per day: hours and the hours of each volunteer (active = present). */
  days?: Record<string, { h: number; v: Record<string, number> }>;
  /** Above a community: each child's totals; this document's own totals are their sum. */
  children?: Record<string, VolunteerTotals>;
}

const catalog = platformEventCatalog();
const laneOf = (type: string) => catalog.get(type)?.context ?? 'unknown';
const round = (h: number) => Math.round(h * 100) / 100;

type Handled = VolunteerEvent | CommunityProfileUpdated;

/**
 * Volunteer figures per community and their roll-ups. A community's document is guarded per lane
 * (its volunteers' events and its profile arrive on different topics), and written conditionally on
 * its version; each ancestor keeps every child's totals and their sum, set from the children as
 * stored and conditionally (UnitOfWork.writeShared), so replicas, interleaving and replays leave it right.
 */
export const volunteerFiguresProjection: Projection = {
  name: 'volunteers.figures',
  collections: [{ name: VOLUNTEER_FIGURES, indexes: [{ fields: { level: 1, code: 1 } }] }],
  handles: new Set([
    'VolunteerRegistered',
    'VolunteerDeregistered',
    'ServiceRecordConfirmed',
    'CommunityProfileUpdated',
  ]),
  async apply(events, uow) {
    const touched = new Set<string>();
    for (const e of events as readonly RecordedEvent<Handled>[]) {
      if (e.type === 'CommunityProfileUpdated' && e.data.quantities?.residents === undefined) continue;
      const code = e.data.communityCode;
      await uow.update<VolunteerFiguresDoc>(
        VOLUNTEER_FIGURES,
        code,
        e,
        (doc) => evolveCommunity(doc ?? newCommunity(code), e),
        laneOf(e.type),
      );
      touched.add(code);
    }
    // The communities stored first, then every ancestor from its children as stored (replicas share them).
    await uow.flush();
    await writeSharedTree(
      uow,
      FIGURES_TREE,
      [...touched].map((id) => ({ collection: VOLUNTEER_FIGURES, id, key: id })),
    );
  },
};

const newCommunity = (code: string): VolunteerFiguresDoc => ({
  _id: code,
  _pos: -1,
  code,
  level: 'community',
  registered: 0,
  residents: 0,
  hours: 0,
  days: {},
});

function evolveCommunity(doc: VolunteerFiguresDoc, e: RecordedEvent<Handled>): VolunteerFiguresDoc {
  switch (e.type) {
    case 'VolunteerRegistered':
      doc.registered += 1;
      break;
    case 'VolunteerDeregistered':
      doc.registered = Math.max(0, doc.registered - 1);
      break;
    case 'ServiceRecordConfirmed': {
      const { date, hours, volunteerId } = e.data;
      const day = ((doc.days ??= {})[date] ??= { h: 0, v: {} });
      day.h = round(day.h + hours);
      day.v[volunteerId] = round((day.v[volunteerId] ?? 0) + hours);
      doc.hours = round(doc.hours + hours);
      break;
    }
    case 'CommunityProfileUpdated':
      doc.residents = e.data.quantities!.residents;
      break;
  }
  return doc;
}

const totals = ({ registered, residents, hours }: VolunteerTotals): VolunteerTotals => ({
  registered,
  residents,
  hours,
});
const same = (a: VolunteerTotals | undefined, b: VolunteerTotals) =>
  !!a && a.registered === b.registered && a.residents === b.residents && a.hours === b.hours;

/** Each node keeps its children's totals and their sum, set from the children as stored. */
const FIGURES_TREE: SharedTree<VolunteerFiguresDoc> = {
  collection: VOLUNTEER_FIGURES,
  parentOf: ({ id }) => codeAncestors(id).pop(),
  keyOf: (id) => id,
  fold(id, stored, found) {
    const node = stored ?? {
      _id: id,
      _pos: -1,
      code: id,
      level: levelOf(id),
      registered: 0,
      residents: 0,
      hours: 0,
      children: {},
    };
    const children = { ...(node.children ?? {}) };
    let changed = false;
    for (const { child, doc } of found) {
      const value = doc ? totals(doc as VolunteerFiguresDoc) : undefined;
      if (value ? same(children[child.key], value) : children[child.key] === undefined) continue;
      changed = true;
      if (value) children[child.key] = value;
      else delete children[child.key];
    }
    if (!changed) return undefined;
    const sum = Object.values(children).reduce(
      (s, c) => ({
        registered: s.registered + c.registered,
        residents: s.residents + c.residents,
        hours: round(s.hours + c.hours),
      }),
      { registered: 0, residents: 0, hours: 0 },
    );
    return { ...node, ...sum, children };
  },
};
