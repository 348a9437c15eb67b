import type { Actor, InspectionsEvent } from '@chuangwen/contracts';
import { deciderSpec } from '@chuangwen/commanding/testing';
import { loadShippedStandards } from '@chuangwen/scoring-engine';
import type { InspectionCommand } from './commands';
import { inspectionDecider } from './inspection.decider';

const community = '620102001001'; // 城关区, 兰州: the 甘肃 standard is in force
const inspector: Actor = { id: 'insp-1', roles: ['inspector'], jurisdiction: '620102' };
const outsider: Actor = { id: 'insp-2', roles: ['inspector'], jurisdiction: '620103' };
const now = new Date('2025-06-01T02:00:00Z');
const standards = loadShippedStandards();
const spec = (actor = inspector) => deciderSpec(inspectionDecider({ actor, now, standards }));
type DomainErrorLike = { kind: string; message: string; details?: unknown };

const id = 'i-1';
const scheduled: InspectionsEvent = {
  type: 'InspectionScheduled',
  version: 1,
  data: {
    inspectionId: id,
    communityCode: community,
    kind: 'field_inspection',
    plannedOn: '2025-06-01',
    inspectors: ['张三'],
  },
};
const started: InspectionsEvent = {
  type: 'InspectionStarted',
  version: 1,
  data: { inspectionId: id, communityCode: community, startedOn: '2025-06-01' },
};
const scored: InspectionsEvent = {
  type: 'InspectionItemScored',
  version: 1,
  data: {
    inspectionId: id,
    communityCode: community,
    standardId: 'gansu-civilized-community',
    indicatorId: 'g4.1',
    points: 5,
    remark: '路面平整',
    evidence: [{ kind: 'gps_point', ref: '36.06,103.83' }],
    scoredOn: '2025-06-01',
  },
};
const completed: InspectionsEvent = {
  type: 'InspectionCompleted',
  version: 1,
  data: { inspectionId: id, communityCode: community, completedOn: '2025-06-01', itemsScored: 1 },
};
const cancelled: InspectionsEvent = {
  type: 'InspectionCancelled',
  version: 1,
  data: { inspectionId: id, communityCode: community, reason: '改期' },
};
const score = (
  data: Partial<Extract<InspectionCommand, { type: 'ScoreInspectionItem' }>['data']>,
): InspectionCommand => ({ type: 'ScoreInspectionItem', data: { inspectionId: id, indicatorId: 'g4.1', ...data } });

describe('inspection decider', () => {
  it('schedules once: a resend of the same id and content is done, other content under that id a conflict', () => {
    spec()
      .given([])
      .when({ type: 'ScheduleInspection', data: scheduled.data as never })
      .then([scheduled]);
    spec()
      .given([scheduled])
      .when({ type: 'ScheduleInspection', data: { ...scheduled.data } as never })
      .then([]);
    spec()
      .given([scheduled])
      .when({ type: 'ScheduleInspection', data: { ...scheduled.data, plannedOn: '2025-06-02' } as never })
      .thenThrows('conflict', /different content/);
  });

  it('starts a scheduled inspection only', () => {
    spec()
      .given([scheduled])
      .when({ type: 'StartInspection', data: { inspectionId: id } })
      .then([started]);
    // A resend (the phone lost the answer) is done, in progress or already completed.
    spec()
      .given([scheduled, started])
      .when({ type: 'StartInspection', data: { inspectionId: id } })
      .then([]);
    spec()
      .given([scheduled, started, completed])
      .when({ type: 'StartInspection', data: { inspectionId: id } })
      .then([]);
    spec()
      .given([scheduled, cancelled])
      .when({ type: 'StartInspection', data: { inspectionId: id } })
      .thenThrows('conflict');
    spec()
      .given([])
      .when({ type: 'StartInspection', data: { inspectionId: id } })
      .thenThrows('not_found');
  });

  it('scores an inspector-scored indicator of the standard in force, with points or met/not met', () => {
    spec()
      .given([scheduled, started])
      .when(score({ points: 5, remark: '路面平整', evidence: [{ kind: 'gps_point', ref: '36.06,103.83' }] }))
      .then([scored]);
    const full = { ...scored.data, points: 6 } as Record<string, unknown>;
    delete full.remark;
    delete full.evidence;
    spec()
      .given([scheduled, started])
      .when(score({ met: true }))
      .then([{ ...scored, data: full } as InspectionsEvent]);
    spec()
      .given([scheduled, started])
      .when(score({ met: false }))
      .then([{ ...scored, data: { ...full, points: 0 } } as InspectionsEvent]);
  });

  it('refuses to score before start, after completion, twice, or a cancelled inspection', () => {
    spec()
      .given([scheduled])
      .when(score({ points: 5 }))
      .thenThrows('conflict', /scheduled/);
    spec()
      .given([scheduled, started, scored, completed])
      .when(score({ points: 5 }))
      .thenThrows('conflict', /completed/);
    spec()
      .given([scheduled, started, scored])
      .when(score({ points: 4 }))
      .thenThrows('conflict', /already scored/);
    // The same score sent again (offline queue) is done; the key order of its evidence does not matter.
    spec()
      .given([scheduled, started, scored])
      .when(score({ points: 5, remark: '路面平整', evidence: [{ ref: '36.06,103.83', kind: 'gps_point' }] }))
      .then([]);
    spec()
      .given([scheduled, started, scored])
      .when(score({ points: 5, remark: '另一说明', evidence: [{ kind: 'gps_point', ref: '36.06,103.83' }] }))
      .thenThrows('conflict', /already scored/);
    spec()
      .given([scheduled, cancelled])
      .when(score({ points: 4 }))
      .thenThrows('conflict');
  });

  it('refuses indicators that are not inspector-scored, unknown ones, too many points, unknown standards', () => {
    spec()
      .given([scheduled, started])
      .when(score({ indicatorId: 'g2.2', points: 1 }))
      .thenThrows('invalid', /survey_rate_threshold.*g1\.3, g4\.1/);
    spec()
      .given([scheduled, started])
      .when(score({ indicatorId: 'g9.9', points: 1 }))
      .thenThrows('invalid', /no indicator/);
    spec()
      .given([scheduled, started])
      .when(score({ points: 7 }))
      .thenThrows('invalid', /at most 6/);
    spec()
      .given([scheduled, started])
      .when(score({ standardId: 'yizhou-community', points: 1 }))
      .thenThrows('invalid', /not in force/);
    spec()
      .given([scheduled, started])
      .when(score({}))
      .thenThrows('invalid', /either points or met/);
  });

  const facilities = (...list: [string, boolean][]): InspectionCommand => ({
    type: 'RecordFacilities',
    data: { inspectionId: id, facilities: list.map(([facility, present]) => ({ facility, present })) },
  });
  const recorded = (facility: string, present: boolean): InspectionsEvent => ({
    type: 'FacilityRecorded',
    version: 1,
    data: { communityCode: community, facility, present, recordedOn: '2025-06-01', inspectionId: id },
  });

  it('records a facility during an inspection only', () => {
    spec()
      .given([scheduled, started])
      .when(facilities(['library', true]))
      .then([recorded('library', true)]);
    spec()
      .given([scheduled])
      .when(facilities(['library', true]))
      .thenThrows('conflict');
  });

  it('records a list of facilities in one decision, one event each, in order', () => {
    spec()
      .given([scheduled, started])
      .when(facilities(['library', true], ['police_room', false], ['fire_plan', true]))
      .then([recorded('library', true), recorded('police_room', false), recorded('fire_plan', true)]);
  });

  it('refuses the whole list for one bad item, naming its index; and an empty list', () => {
    spec()
      .given([scheduled, started])
      .when(facilities(['library', true], ['police_room', true], ['library', false]))
      .thenThrows((e: DomainErrorLike) => {
        expect(e).toMatchObject({
          kind: 'invalid',
          message: 'facilities[2]: library is already listed at facilities[0]',
        });
        expect(e.details).toEqual({ field: 'facilities.2.facility' });
      });
    spec()
      .given([scheduled, started])
      .when(facilities())
      .thenThrows('invalid', /at least one/);
    // A resend records nothing twice; a facility found otherwise later is a new record.
    spec()
      .given([scheduled, started, recorded('library', true)])
      .when(facilities(['library', true]))
      .then([]);
    spec()
      .given([scheduled, started, recorded('library', true)])
      .when(facilities(['library', true], ['police_room', false]))
      .then([recorded('police_room', false)]);
    spec()
      .given([scheduled, started, recorded('library', true)])
      .when(facilities(['library', false]))
      .then([recorded('library', false)]);
  });

  it('completes an inspection in progress once, counting its items', () => {
    spec()
      .given([scheduled, started, scored])
      .when({ type: 'CompleteInspection', data: { inspectionId: id } })
      .then([completed]);
    spec()
      .given([scheduled, started, scored, completed])
      .when({ type: 'CompleteInspection', data: { inspectionId: id } })
      .then([]);
    spec()
      .given([scheduled, started, scored, completed])
      .when({ type: 'CompleteInspection', data: { inspectionId: id, summary: '另一结论' } })
      .thenThrows('conflict', /different content/);
    spec()
      .given([scheduled])
      .when({ type: 'CompleteInspection', data: { inspectionId: id } })
      .thenThrows('conflict');
  });

  it('cancels a scheduled inspection only', () => {
    spec()
      .given([scheduled])
      .when({ type: 'CancelInspection', data: { inspectionId: id, reason: '改期' } })
      .then([cancelled]);
    spec()
      .given([scheduled, started])
      .when({ type: 'CancelInspection', data: { inspectionId: id, reason: 'x' } })
      .thenThrows('conflict');
    spec()
      .given([scheduled, cancelled])
      .when({ type: 'CancelInspection', data: { inspectionId: id, reason: 'x' } })
      .thenThrows('conflict');
  });

  it('refuses to act on an inspection outside the actor’s jurisdiction', () => {
    spec(outsider)
      .given([scheduled])
      .when({ type: 'StartInspection', data: { inspectionId: id } })
      .thenThrows('forbidden');
  });
});
