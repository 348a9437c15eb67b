import type { Actor, EventToAppend } from '@chuangwen/contracts';
import type { ExpectedRevision } from '@chuangwen/event-store';
import { committeeKind, divisionNodes, streetKind } from '@chuangwen/jurisdictions';
import { FACILITIES, INCIDENT_KINDS, keysOf, PROBLEM_CATEGORIES, SURVEY_TOPICS } from '@chuangwen/scoring-engine';
import { Ids, Random, table, Weighted } from './random';

/**
 * A realistic, deterministic log of fact events for every community of a region over two years:
 * urban residents' committees in 街道 are busier than village committees in 乡镇, and each
 * community has its own activity level (log-normal). Problems are later verified or go overdue,
 * reported incidents are later confirmed or dismissed. The same seed gives the same log.
 */
export const BENCH_STANDARD_ID = 'bench-national';
export const WINDOW_START = Date.UTC(2024, 10, 1); // 2024-11-01
export const DAYS = 730;
const DAY_MS = 86_400_000;

export interface Community {
  readonly code: string;
  readonly district: string;
  readonly urban: boolean;
}

export interface Planned {
  readonly streamId: string;
  readonly expectedRevision: ExpectedRevision;
  readonly event: EventToAppend;
  readonly at: number;
}

export async function loadCommunities(region: string): Promise<Community[]> {
  const out: Community[] = [];
  for await (const n of divisionNodes(region)) {
    if (n.level !== 'community') continue;
    out.push({
      code: n.code,
      district: n.code.slice(0, 6),
      urban: committeeKind(n.code) === 'residents_committee' && streetKind(n.parentCode) === 'street',
    });
  }
  return out;
}

const PRIMARY = table({
  ActivityHeld: 46,
  SurveyRecorded: 8,
  InspectionItemScored: 9,
  FacilityRecorded: 11,
  ProblemRecorded: 14,
  CommunityProfileUpdated: 2.5,
  IncidentReported: 0.4,
  IndicatorDeclaredNotApplicable: 0.1,
});
const KINDS = table({
  culture_sports: 15,
  festival: 10,
  moral_lecture: 6,
  citizen_school: 5,
  science_popularization: 7,
  publicity: 8,
  four_into_community: 8,
  health_education: 6,
  legal_education: 7,
  safety_publicity: 7,
  environment_cleanup: 9,
  selection: 2,
  training: 4,
  neighbourhood: 5,
  other: 1,
});
const INCIDENTS = table({
  ...Object.fromEntries(keysOf(INCIDENT_KINDS).map((k) => [k, 1])),
  theft: 12,
  fire: 6,
} as Record<keyof typeof INCIDENT_KINDS, number>);
const TOPICS = keysOf(SURVEY_TOPICS);
const FACILITY_IDS = keysOf(FACILITIES);
const CATEGORIES = keysOf(PROBLEM_CATEGORIES);
/** Inspector-scored indicators of the 甘肃 standard (and so of its benchmark copy) and their maxima. */
const SCORED = [
  ['g1.3', 5],
  ['g4.1', 6],
] as const;

export class FactLogGenerator {
  private readonly random: Random;
  private readonly ids: Ids;
  private readonly communities: Weighted<Community>;
  /** Follow-ups by day: rectifications and incident decisions decided when the problem was found. */
  private readonly later = new Map<number, Planned[]>();

  constructor(list: readonly Community[], seed: number) {
    this.random = new Random(seed);
    this.ids = new Ids(new Random(seed ^ 0x5bd1e995));
    // Urban committees ×4, each community ×log-normal(0, 0.7): a long tail of very busy ones.
    this.communities = new Weighted(
      list,
      list.map((c) => (c.urban ? 4 : 1) * Math.exp(0.7 * this.random.normal())),
    );
  }

  /** The events of one day (0 … DAYS-1), about `target` of them, in time order. */
  day(day: number, target: number): Planned[] {
    const out = this.later.get(day) ?? [];
    this.later.delete(day);
    for (let i = out.length; i < target; i++) out.push(this.primary(day));
    return out.sort((a, b) => a.at - b.at);
  }

  private primary(day: number): Planned {
    const c = this.communities.draw(this.random);
    const at = WINDOW_START + day * DAY_MS + this.random.int(1, 12) * 3_600_000 + this.random.int(0, 3_599_999); // 09:00–21:00 China
    const on = isoDay(at);
    const r = this.random;
    switch (PRIMARY.draw(r)) {
      case 'ActivityHeld': {
        const activityId = this.ids.next(at);
        const kind = KINDS.draw(r);
        const large = r.chance(0.15);
        return this.plan(`activity-${activityId}`, 'no_stream', 'ActivityHeld', c, at, worker(c), {
          activityId,
          communityCode: c.code,
          kind,
          title: `${kind} ${on}`,
          organiser: c.urban ? '社区居委会' : '村委会',
          scale: large ? 'large' : 'ordinary',
          heldAt: new Date(at - 3_600_000).toISOString(),
          participants: large ? r.int(200, 2000) : r.int(15, 150),
        });
      }
      case 'SurveyRecorded': {
        const sampleSize = r.int(60, 400);
        const positive = Math.round(sampleSize * (0.55 + 0.44 * r.next()));
        const surveyId = this.ids.next(at);
        return this.plan(`survey-${surveyId}`, 'no_stream', 'SurveyRecorded', c, at, inspector(c), {
          surveyId,
          communityCode: c.code,
          topic: r.pick(TOPICS),
          sampleSize,
          positive,
          rate: Math.round((positive / sampleSize) * 1e4) / 1e4,
          smallSample: sampleSize < 30,
          conductedOn: on,
        });
      }
      case 'InspectionItemScored': {
        const [indicatorId, max] = r.pick(SCORED);
        const inspectionId = this.ids.next(at);
        return this.plan(`inspection-${inspectionId}`, 'no_stream', 'InspectionItemScored', c, at, inspector(c), {
          inspectionId,
          communityCode: c.code,
          standardId: c.code.startsWith('62') && r.chance(0.5) ? 'gansu-civilized-community' : BENCH_STANDARD_ID,
          indicatorId,
          points: Math.round(max * (0.4 + 0.6 * r.next()) * 2) / 2,
          scoredOn: on,
        });
      }
      case 'FacilityRecorded':
        return this.plan(`inspection-${this.ids.next(at)}`, 'no_stream', 'FacilityRecorded', c, at, inspector(c), {
          communityCode: c.code,
          facility: r.pick(FACILITY_IDS),
          present: r.chance(0.93),
          recordedOn: on,
        });
      case 'ProblemRecorded':
        return this.problem(c, day, at);
      case 'CommunityProfileUpdated': {
        const residents = r.int(c.urban ? 3000 : 500, c.urban ? 15000 : 4000);
        return this.plan(`community-${c.code}`, 'any', 'CommunityProfileUpdated', c, at, worker(c), {
          communityCode: c.code,
          quantities: {
            residents,
            volunteers_registered: Math.round(residents * (0.03 + 0.15 * r.next())),
            green_area_m2: r.int(5000, 60000),
            site_area_m2: r.int(60000, 200000),
            outdoor_ads: r.int(20, 200),
            public_interest_ads: r.int(2, 40),
          },
          attributes: { estate: r.pick(['new', 'old_renewal', 'old']), compound: r.pick(['closed', 'open']) },
        });
      }
      case 'IncidentReported':
        return this.incident(c, day, at);
      default:
        return this.plan(`community-${c.code}`, 'any', 'IndicatorDeclaredNotApplicable', c, at, worker(c), {
          communityCode: c.code,
          standardId: BENCH_STANDARD_ID,
          indicatorId: 'g2.3',
          explanation: '辖区无下岗失业人员，书面说明附后',
        });
    }
  }

  /** Found now; 80 % verified within 5–40 days, the rest overdue after 15 days and half of those verified late. */
  private problem(c: Community, day: number, at: number): Planned {
    const r = this.random;
    const problemId = this.ids.next(at);
    const category = r.pick(CATEGORIES);
    const stream = `problem-${problemId}`;
    const found = this.plan(stream, 'no_stream', 'ProblemRecorded', c, at, inspector(c), {
      problemId,
      communityCode: c.code,
      category,
      description: PROBLEM_CATEGORIES[category].label,
      source: r.pick(['inspector', 'grid', 'resident']),
      foundOn: isoDay(at),
    });
    const verify = (d: number, revision: number, wasOverdue: boolean) =>
      this.schedule(d, (t) =>
        this.plan(stream, revision, 'RectificationVerified', c, t, inspector(c), {
          problemId,
          communityCode: c.code,
          category,
          wasOverdue,
          verifiedOn: isoDay(t),
        }),
      );
    if (r.chance(0.8)) verify(day + r.int(5, 40), 0, false);
    else {
      this.schedule(day + 15, (t) =>
        this.plan(stream, 0, 'RectificationOverdue', c, t, inspector(c), {
          problemId,
          communityCode: c.code,
          category,
          deadline: isoDay(at + 14 * DAY_MS),
        }),
      );
      if (r.chance(0.5)) verify(day + r.int(20, 90), 1, true);
    }
    return found;
  }

  /** Reported now; a third confirmed, the rest dismissed, 10–30 days later. */
  private incident(c: Community, day: number, at: number): Planned {
    const r = this.random;
    const incidentId = this.ids.next(at);
    const kind = INCIDENTS.draw(r);
    const occurredOn = isoDay(at - r.int(0, 3) * DAY_MS);
    const stream = `incident-${incidentId}`;
    const reported = this.plan(stream, 'no_stream', 'IncidentReported', c, at, worker(c), {
      incidentId,
      communityCode: c.code,
      kind,
      occurredOn,
      description: INCIDENT_KINDS[kind].label,
    });
    const confirmed = r.chance(1 / 3);
    this.schedule(day + r.int(10, 30), (t) =>
      confirmed
        ? this.plan(stream, 0, 'IncidentConfirmed', c, t, office(c), {
            incidentId,
            communityCode: c.code,
            kind,
            occurredOn,
          })
        : this.plan(stream, 0, 'IncidentDismissed', c, t, office(c), {
            incidentId,
            communityCode: c.code,
            kind,
            reason: '经核实不属实',
          }),
    );
    return reported;
  }

  private schedule(day: number, make: (at: number) => Planned): void {
    if (day >= DAYS) return;
    const at = WINDOW_START + day * DAY_MS + this.random.int(1, 12) * 3_600_000 + this.random.int(0, 3_599_999);
    const list = this.later.get(day) ?? [];
    list.push(make(at));
    this.later.set(day, list);
  }

  private plan(
    streamId: string,
    expectedRevision: ExpectedRevision,
    type: string,
    c: Community,
    at: number,
    actor: Actor,
    data: Record<string, unknown>,
  ): Planned {
    const eventId = this.ids.next(at);
    return {
      streamId,
      expectedRevision,
      at,
      event: {
        eventId,
        type,
        version: 1,
        data,
        metadata: {
          actor,
          jurisdictionCode: c.code,
          occurredAt: new Date(at).toISOString(),
          correlationId: eventId,
          causationId: eventId,
        },
      },
    };
  }
}

const isoDay = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
const worker = (c: Community): Actor => ({ id: `worker-${c.code}`, roles: ['community'], jurisdiction: c.code });
const inspector = (c: Community): Actor => ({
  id: `inspector-${c.district}`,
  roles: ['inspector'],
  jurisdiction: c.district,
});
const office = (c: Community): Actor => ({ id: `office-${c.district}`, roles: ['office'], jurisdiction: c.district });
