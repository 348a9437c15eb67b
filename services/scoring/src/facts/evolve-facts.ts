import { activityKey, indicatorKey, participantsKey, toDay } from '@chuangwen/scoring-engine';
import type { CommunityFacts, Incident } from '@chuangwen/scoring-engine';
import type { FactEvent } from './scoring-events';

/**
 * New facts with every field in one order, unset: all communities' facts then share one hidden
 * class whatever their first events were (undefined fields are not stored).
 */
export const emptyFacts = (): CommunityFacts => ({
  activities: undefined,
  participants: undefined,
  surveys: undefined,
  facilities: undefined,
  problems: undefined,
  quantities: undefined,
  inspectorScores: undefined,
  incidents: undefined,
  notApplicable: undefined,
  attributes: undefined,
});

/**
 * Pure: the facts after one event. Mutates and returns `facts` (the caller owns a private copy):
 * a busy country has hundreds of thousands of communities, so no copying per event.
 */
export function evolveFacts(facts: CommunityFacts, event: FactEvent): CommunityFacts {
  switch (event.type) {
    case 'ActivityHeld': {
      const { kind, scale, participants, heldAt } = event.data;
      const year = +toDay(heldAt).slice(0, 4);
      bump((facts.activities ??= dict()), activityKey(kind, scale, year), 1);
      bump((facts.participants ??= dict()), participantsKey(kind, year), participants);
      return facts;
    }
    case 'SurveyRecorded': {
      const { topic, sampleSize, positive, conductedOn } = event.data;
      const surveys = (facts.surveys ??= dict()) as Record<string, { sample: number; positive: number; date: string }>;
      const latest = surveys[topic];
      // The latest survey of a topic stands; an older one recorded late does not replace it.
      if (!latest || latest.date <= conductedOn) surveys[topic] = { sample: sampleSize, positive, date: conductedOn };
      return facts;
    }
    case 'InspectionItemScored': {
      const { standardId, indicatorId, points, scoredOn } = event.data;
      const scores = (facts.inspectorScores ??= dict());
      const key = indicatorKey(standardId, indicatorId);
      const s = (scores[key] ??= { latest: points, date: scoredOn, byYear: {} });
      if (s.date <= scoredOn) Object.assign(s, { latest: points, date: scoredOn });
      const year = scoredOn.slice(0, 4);
      const [sum, count] = s.byYear?.[year] ?? [0, 0];
      (s.byYear ??= dict())[year] = [sum + points, count + 1];
      return facts;
    }
    case 'FacilityRecorded': {
      const facilities = (facts.facilities ??= dict()) as Record<string, string>;
      const { facility, present, recordedOn } = event.data;
      if (present) facilities[facility] = recordedOn;
      else delete facilities[facility];
      return facts;
    }
    case 'ProblemRecorded':
      problems(facts, event.data.category).open += 1;
      return facts;
    case 'RectificationOverdue':
      problems(facts, event.data.category).overdue += 1;
      return facts;
    case 'RectificationVerified': {
      const p = problems(facts, event.data.category);
      p.open = Math.max(0, p.open - 1);
      if (event.data.wasOverdue) p.overdue = Math.max(0, p.overdue - 1);
      return facts;
    }
    case 'IncidentReported':
      return setIncident(facts, event.data.incidentId, {
        kind: event.data.kind as Incident['kind'],
        status: 'reported',
        date: event.data.occurredOn,
        ref: event.data.incidentId,
      });
    case 'IncidentConfirmed':
      return setIncident(facts, event.data.incidentId, {
        kind: event.data.kind as Incident['kind'],
        status: 'confirmed',
        date: event.data.occurredOn,
        ref: event.data.incidentId,
      });
    case 'IncidentDismissed': {
      const found = facts.incidents?.find((i) => i.ref === event.data.incidentId);
      if (found) found.status = 'dismissed';
      return facts;
    }
    case 'IndicatorDeclaredNotApplicable': {
      const key = indicatorKey(event.data.standardId, event.data.indicatorId);
      const list = (facts.notApplicable ??= []);
      if (!list.includes(key)) list.push(key);
      return facts;
    }
    case 'CommunityProfileUpdated': {
      if (event.data.quantities) Object.assign((facts.quantities ??= dict()), event.data.quantities);
      if (event.data.attributes) Object.assign((facts.attributes ??= dict()), event.data.attributes);
      return facts;
    }
    // The register's size feeds ratio rules (registered volunteers per resident).
    case 'VolunteerRegistered':
    case 'VolunteerDeregistered': {
      const q = (facts.quantities ??= dict()) as Record<string, number>;
      q.volunteers_registered = Math.max(
        0,
        (q.volunteers_registered ?? 0) + (event.type === 'VolunteerRegistered' ? 1 : -1),
      );
      return facts;
    }
  }
}

/**
 * Maps keyed by data (activity keys, categories, topics) start in dictionary mode: every community
 * adds its keys in its own order, and as ordinary objects they would each get their own hidden
 * classes, making every access megamorphic (measured: a national fold 3× slower).
 */
const dict = <T>(): Record<string, T> => Object.create(null) as Record<string, T>;

const bump = (map: Record<string, number>, key: string, by: number) => {
  map[key] = (map[key] ?? 0) + by;
};

function problems(facts: CommunityFacts, category: string) {
  const all = (facts.problems ??= dict()) as Record<string, { open: number; overdue: number }>;
  return (all[category] ??= { open: 0, overdue: 0 });
}

function setIncident(facts: CommunityFacts, ref: string, incident: Incident): CommunityFacts {
  const list = (facts.incidents ??= []);
  const i = list.findIndex((x) => x.ref === ref);
  if (i >= 0) list[i] = incident;
  else list.push(incident);
  return facts;
}
