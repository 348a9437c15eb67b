import type { Actor, InspectionsEvent } from '@chuangwen/contracts';
import { deciderSpec } from '@chuangwen/commanding/testing';
import type { ProblemCommand, SetEscalationLadder } from './commands';
import { DEFAULT, DEFAULT_LADDER, daysOverdue, ladderFor, officeAt } from './escalation';
import { ladderDecider } from './ladder.decider';
import { problemDecider } from './problem.decider';

const community = '620102001001';
const system: Actor = { id: 'rectification-escalation-scheduler', roles: ['system'], jurisdiction: '000000' };
const district: Actor = { id: 'district-office', roles: ['office'], jurisdiction: '620102' };
const street: Actor = { id: 'street-office', roles: ['street'], jurisdiction: '620102001' };
// The deadline is 2025-06-10 (China day, inclusive); `on(day)` is noon China time that day.
const on = (day: string, actor = system) => deciderSpec(problemDecider({ actor, now: new Date(`${day}T04:00:00Z`) }));

const p = { problemId: 'p-1', communityCode: community, category: 'stairwell_blocked' };
const recorded: InspectionsEvent = {
  type: 'ProblemRecorded',
  version: 1,
  data: { ...p, description: '楼道堆物', source: 'inspector', foundOn: '2025-06-01' },
};
const noticed: InspectionsEvent = {
  type: 'RectificationNoticeIssued',
  version: 1,
  data: { ...p, deadline: '2025-06-10', requirements: '清理', issuedOn: '2025-06-01' },
};
const overdue: InspectionsEvent = { type: 'RectificationOverdue', version: 1, data: { ...p, deadline: '2025-06-10' } };
const submitted: InspectionsEvent = {
  type: 'RectificationSubmitted',
  version: 1,
  data: { ...p, description: '已清理', evidence: [], submittedOn: '2025-06-12' },
};
const verified: InspectionsEvent = {
  type: 'RectificationVerified',
  version: 1,
  data: { ...p, wasOverdue: true, verifiedOn: '2025-06-12' },
};
const escalate: ProblemCommand = { type: 'EscalateRectification', data: { problemId: 'p-1', ladder: DEFAULT } };
const escalated = (step: number, days: number, day: string): InspectionsEvent => {
  const s = DEFAULT_LADDER[step - 1];
  return {
    type: 'RectificationEscalated',
    version: 1,
    data: {
      ...p,
      step,
      level: s.level,
      notifiedCode: officeAt(community, s.level),
      daysOverdue: days,
      deadline: '2025-06-10',
      supervised: s.supervised,
      bulletin: s.bulletin,
      ladderOf: '000000',
      at: `${day}T04:00:00.000Z`,
    },
  };
};

describe('escalation ladder (督办)', () => {
  it('counts whole China days past the deadline, and finds the office at each level', () => {
    expect([
      daysOverdue('2025-06-10', '2025-06-10'),
      daysOverdue('2025-06-10', '2025-06-11'),
      daysOverdue('2025-06-10', '2025-06-17'),
    ]).toEqual([0, 1, 7]);
    expect([officeAt(community, 'street'), officeAt(community, 'district'), officeAt(community, 'city')]).toEqual([
      '620102001',
      '620102',
      '620100',
    ]);
  });

  it('1 day overdue: the street office is notified; 3 days: the district lists it; 7 days: the bulletin counts it', () => {
    on('2025-06-11')
      .given([recorded, noticed, overdue])
      .when(escalate)
      .then([escalated(1, 1, '2025-06-11')]);
    on('2025-06-12')
      .given([recorded, noticed, overdue, escalated(1, 1, '2025-06-11')])
      .when(escalate)
      .then([]);
    on('2025-06-13')
      .given([recorded, noticed, overdue, escalated(1, 1, '2025-06-11')])
      .when(escalate)
      .then([escalated(2, 3, '2025-06-13')]);
    on('2025-06-17')
      .given([recorded, noticed, overdue, escalated(1, 1, '2025-06-11'), escalated(2, 3, '2025-06-13')])
      .when(escalate)
      .then([escalated(3, 7, '2025-06-17')]);
  });

  it('a scheduler that was down takes every step reached, once each; a retry takes none', () => {
    on('2025-06-18')
      .given([recorded, noticed, overdue])
      .when(escalate)
      .then([escalated(1, 8, '2025-06-18'), escalated(2, 8, '2025-06-18'), escalated(3, 8, '2025-06-18')]);
    on('2025-06-18')
      .given([
        recorded,
        noticed,
        overdue,
        escalated(1, 8, '2025-06-18'),
        escalated(2, 8, '2025-06-18'),
        escalated(3, 8, '2025-06-18'),
      ])
      .when(escalate)
      .then([]);
  });

  it('nothing before the overdue mark, nothing once verified; a submission awaiting verification still escalates', () => {
    on('2025-06-13').given([recorded, noticed]).when(escalate).then([]);
    on('2025-06-20').given([recorded, noticed, overdue, submitted, verified]).when(escalate).then([]);
    on('2025-06-11')
      .given([recorded, noticed, overdue, submitted])
      .when(escalate)
      .then([escalated(1, 1, '2025-06-11')]);
  });

  it('the nearest office’s ladder applies: street, else district, city, province, else the default', () => {
    const mine = [{ afterDays: 2, level: 'street' as const, supervised: true, bulletin: false }];
    expect(ladderFor(community, new Map([['620102001', mine]]))).toEqual({ ladderOf: '620102001', steps: mine });
    expect(
      ladderFor(
        community,
        new Map([
          ['620102', mine],
          ['620100', DEFAULT_LADDER],
        ]),
      ),
    ).toEqual({ ladderOf: '620102', steps: mine });
    expect(ladderFor(community, new Map())).toBe(DEFAULT);
  });

  it('an office sets its ladder: rising days, offices at its level or below, in its scope', () => {
    const set = (jurisdictionCode: string, steps: SetEscalationLadder['data']['steps']): SetEscalationLadder => ({
      type: 'SetEscalationLadder',
      data: { jurisdictionCode, steps },
    });
    const spec = (actor: Actor) => deciderSpec(ladderDecider({ actor, now: new Date('2025-06-01T04:00:00Z') }));
    const steps = [
      { afterDays: 1, level: 'street' as const, supervised: false, bulletin: false },
      { afterDays: 5, level: 'district' as const, supervised: true, bulletin: true },
    ];
    spec(district)
      .given([])
      .when(set('620102', steps))
      .then([
        { type: 'EscalationLadderSet', version: 1, data: { jurisdictionCode: '620102', steps, setOn: '2025-06-01' } },
      ]);
    spec(district)
      .given([
        { type: 'EscalationLadderSet', version: 1, data: { jurisdictionCode: '620102', steps, setOn: '2025-05-01' } },
      ])
      .when(set('620102', steps))
      .then([]);
    const refused = (
      actor: Actor,
      code: string,
      s: SetEscalationLadder['data']['steps'],
      kind: string,
      field?: string,
    ) =>
      spec(actor)
        .given([])
        .when(set(code, s))
        .thenThrows((e: { kind: string; details?: { field?: string } }) => {
          expect(e.kind).toBe(kind);
          if (field) expect(e.details?.field).toBe(field);
        });
    refused(street, '620102001', steps, 'invalid', 'steps.1.level'); // a street office cannot summon its district
    refused(street, '620102', steps, 'forbidden');
    refused(district, '620102', [steps[1], steps[0]], 'invalid', 'steps.1.afterDays');
    refused(district, '620102', [{ ...steps[0], afterDays: 0 }], 'invalid', 'steps.0.afterDays');
    refused(district, '620102', [], 'invalid', 'steps');
    refused(district, '620102001001', steps, 'invalid', 'code');
  });
});
