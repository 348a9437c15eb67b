import type { Actor, AwardProgramData, NominationEvent, TitleRemoved } from '@chuangwen/contracts';
import { deciderSpec } from '@chuangwen/commanding/testing';
import type { NominationCommand } from './commands';
import { addYears, Eligibility, NominationContext, nominationDecider, prevailing } from './nomination.decider';
import { programDecider } from './program.decider';

const community = '620102001001';
const office: Actor = { id: 'o', roles: ['office'], jurisdiction: '620102' };
const staff: Actor = { id: 's', roles: ['community'], jurisdiction: community };
const program: AwardProgramData = {
  programId: 'p1',
  kind: 'civilized_community',
  level: 'county',
  title: '区级文明社区',
  authority: '620102',
  cycle: { from: '2025-01-01', to: '2025-12-31' },
  quota: 2,
  noticeDays: 7,
  eligibility: { noVeto: true },
  validityYears: 2,
};
const good: Eligibility = { standardId: 'gansu', total: 92, minTotal: 80, vetoed: false, asOf: '2025-06-01' };
const spec = (over: Partial<NominationContext> = {}) =>
  deciderSpec(nominationDecider({ actor: office, today: '2025-06-01', program, eligibility: good, ...over }));
const ref = { nominationId: 'n1', programId: 'p1', communityCode: community };
const nominee = { type: 'community' as const, communityCode: community, name: '某社区' };

const submitted: NominationEvent = {
  type: 'NominationSubmitted',
  version: 1,
  data: {
    ...ref,
    route: 'application',
    nominee,
    kind: 'civilized_community',
    level: 'county',
    authority: '620102',
    submittedOn: '2025-06-01',
    eligibility: good,
  },
};
const reviewed: NominationEvent = {
  type: 'MaterialsReviewed',
  version: 1,
  data: { ...ref, passed: true, remark: '齐全', reviewedOn: '2025-06-01' },
};
const heard: NominationEvent = {
  type: 'ReportHeard',
  version: 1,
  data: { ...ref, ratings: { good: 5, fairly_good: 2, average: 0 }, result: 'good', heardOn: '2025-06-01' },
};
const inspected: NominationEvent = {
  type: 'FieldInspected',
  version: 1,
  data: { ...ref, passed: true, remark: '良好', inspectedOn: '2025-06-01' },
};
const shortlisted: NominationEvent = {
  type: 'NominationShortlisted',
  version: 1,
  data: { ...ref, shortlistedOn: '2025-06-01' },
};
const notice: NominationEvent = {
  type: 'PublicNoticeStarted',
  version: 1,
  data: { ...ref, startsOn: '2025-06-01', endsOn: '2025-06-07', days: 7 },
};
const objection: NominationEvent = {
  type: 'ObjectionLodged',
  version: 1,
  data: { ...ref, objectionId: 'x1', summary: '材料不实', lodgedOn: '2025-06-03' },
};
const conferred: NominationEvent = {
  type: 'TitleConferred',
  version: 1,
  data: {
    ...ref,
    titleId: 'n1',
    kind: 'civilized_community',
    level: 'county',
    authority: '620102',
    holder: nominee,
    conferredOn: '2025-06-08',
    validUntil: '2027-06-08',
  },
};
const upTo = [submitted, reviewed, heard, inspected, shortlisted, notice];
const cmd = (type: NominationCommand['type'], data: object = {}) =>
  ({ type, data: { nominationId: 'n1', ...data } }) as NominationCommand;

describe('award procedure', () => {
  it('takes an eligible community’s application within the cycle, and refuses an ineligible one', () => {
    spec({ actor: staff })
      .given([])
      .when(cmd('SubmitNomination', { programId: 'p1', route: 'application', nominee }))
      .then([submitted]);
    spec({ actor: staff, eligibility: { ...good, total: 70 } })
      .given([])
      .when(cmd('SubmitNomination', { programId: 'p1', route: 'application', nominee }))
      .thenThrows('invalid');
    spec({ actor: staff, eligibility: { ...good, vetoed: true } })
      .given([])
      .when(cmd('SubmitNomination', { programId: 'p1', route: 'application', nominee }))
      .thenThrows('invalid');
    spec({ actor: staff, today: '2026-01-02' })
      .given([])
      .when(cmd('SubmitNomination', { programId: 'p1', route: 'application', nominee }))
      .thenThrows('conflict');
    spec({ actor: staff })
      .given([])
      .when(cmd('SubmitNomination', { programId: 'p1', route: 'application', nominee: { ...nominee, type: 'person' } }))
      .thenThrows('invalid');
    spec({ actor: staff })
      .given([submitted])
      .when(cmd('SubmitNomination', { programId: 'p1', route: 'application', nominee }))
      .thenThrows('conflict');
  });

  it('goes through each step in order, and refuses every step out of order with a conflict', () => {
    spec()
      .given([submitted])
      .when(cmd('ReviewMaterials', { passed: true, remark: '齐全' }))
      .then([reviewed]);
    spec()
      .given([submitted, reviewed])
      .when(cmd('HearReport', { ratings: { good: 5, fairly_good: 2, average: 0 } }))
      .then([heard]);
    spec()
      .given([submitted, reviewed, heard])
      .when(cmd('InspectField', { passed: true, remark: '良好' }))
      .then([inspected]);
    spec().given([submitted, reviewed, heard, inspected]).when(cmd('Shortlist')).then([shortlisted]);
    spec().given([submitted, reviewed, heard, inspected, shortlisted]).when(cmd('StartPublicNotice')).then([notice]);
    spec({ today: '2025-06-08' }).given(upTo).when(cmd('ConferTitle')).then([conferred]);
    spec()
      .given([submitted])
      .when(cmd('HearReport', { ratings: { good: 1, fairly_good: 0, average: 0 } }))
      .thenThrows('conflict');
    spec()
      .given([submitted])
      .when(cmd('InspectField', { passed: true, remark: 'x' }))
      .thenThrows('conflict');
    spec().given([submitted, reviewed]).when(cmd('Shortlist')).thenThrows('conflict');
    spec().given([submitted]).when(cmd('StartPublicNotice')).thenThrows('conflict');
    spec().given([submitted, reviewed, heard, inspected, shortlisted]).when(cmd('ConferTitle')).thenThrows('conflict');
    spec()
      .given([submitted])
      .when(cmd('LodgeObjection', { objectionId: 'x', summary: 'x' }))
      .thenThrows('conflict');
    spec()
      .given([submitted])
      .when(cmd('ReinspectTitle', { passed: true, remark: 'x' }))
      .thenThrows('conflict');
    spec()
      .given([])
      .when(cmd('ReviewMaterials', { passed: true, remark: 'x' }))
      .thenThrows('not_found');
    spec({ actor: staff })
      .given([submitted])
      .when(cmd('ReviewMaterials', { passed: true, remark: 'x' }))
      .thenThrows('forbidden');
  });

  it('rejects on a failed review or inspection; a fresh veto stops the shortlist', () => {
    spec()
      .given([submitted])
      .when(cmd('ReviewMaterials', { passed: false, remark: '缺少档案' }))
      .then([
        { ...reviewed, data: { ...reviewed.data, passed: false, remark: '缺少档案' } } as NominationEvent,
        { type: 'NominationRejected', version: 1, data: { ...ref, step: 'materials_review', reason: '缺少档案' } },
      ]);
    spec({ eligibility: { ...good, vetoed: true } })
      .given([submitted, reviewed, heard, inspected])
      .when(cmd('Shortlist'))
      .thenThrows('invalid');
  });

  it('rates a hearing by the prevailing peer rating, a tie counting against', () => {
    expect(prevailing({ good: 5, fairly_good: 2, average: 1 })).toBe('good');
    expect(prevailing({ good: 2, fairly_good: 2, average: 1 })).toBe('fairly_good');
    expect(prevailing({ good: 0, fairly_good: 0, average: 0 })).toBe('average');
  });

  it('keeps the notice open for its days; an open objection blocks conferral until resolved; an upheld one rejects', () => {
    spec({ today: '2025-06-07' }).given(upTo).when(cmd('ConferTitle')).thenThrows('conflict');
    spec({ today: '2025-06-08' })
      .given(upTo)
      .when(cmd('LodgeObjection', { objectionId: 'x2', summary: 'late' }))
      .thenThrows('conflict');
    spec({ today: '2025-06-03' })
      .given(upTo)
      .when(cmd('LodgeObjection', { objectionId: 'x1', summary: '材料不实' }))
      .then([objection]);
    spec({ today: '2025-06-09' })
      .given([...upTo, objection])
      .when(cmd('ConferTitle'))
      .thenThrows('conflict');
    const answered: NominationEvent = {
      type: 'ObjectionResolved',
      version: 1,
      data: { ...ref, objectionId: 'x1', upheld: false, resolution: '经核实不成立', resolvedOn: '2025-06-09' },
    };
    spec({ today: '2025-06-09' })
      .given([...upTo, objection])
      .when(cmd('ResolveObjection', { objectionId: 'x1', upheld: false, resolution: '经核实不成立' }))
      .then([answered]);
    spec({ today: '2025-06-09' })
      .given([...upTo, objection, answered])
      .when(cmd('ConferTitle'))
      .then([
        {
          ...conferred,
          data: { ...conferred.data, conferredOn: '2025-06-09', validUntil: '2027-06-09' },
        } as NominationEvent,
      ]);
    spec({ today: '2025-06-09' })
      .given([...upTo, objection, answered])
      .when(cmd('ResolveObjection', { objectionId: 'x1', upheld: true, resolution: 'x' }))
      .thenThrows('conflict');
    spec({ today: '2025-06-09' })
      .given([...upTo, objection])
      .when(cmd('ResolveObjection', { objectionId: 'x1', upheld: true, resolution: '属实' }))
      .then([
        {
          type: 'ObjectionResolved',
          version: 1,
          data: { ...ref, objectionId: 'x1', upheld: true, resolution: '属实', resolvedOn: '2025-06-09' },
        },
        { type: 'NominationRejected', version: 1, data: { ...ref, step: 'public_notice', reason: '属实' } },
      ]);
  });

  it('re-inspects a title (a pass extends it, a failure removes it) and removes it once per veto', () => {
    const held = [...upTo, conferred];
    spec({ today: '2027-06-01' })
      .given(held)
      .when(cmd('ReinspectTitle', { passed: true, remark: '保持' }))
      .then([
        {
          type: 'TitleReinspected',
          version: 1,
          data: {
            titleId: 'n1',
            communityCode: community,
            passed: true,
            remark: '保持',
            inspectedOn: '2027-06-01',
            validUntil: '2029-06-01',
          },
        },
      ]);
    spec({ today: '2027-06-01' })
      .given(held)
      .when(cmd('ReinspectTitle', { passed: false, remark: '滑坡' }))
      .then([
        {
          type: 'TitleReinspected',
          version: 1,
          data: {
            titleId: 'n1',
            communityCode: community,
            passed: false,
            remark: '滑坡',
            inspectedOn: '2027-06-01',
            validUntil: '2027-06-08',
          },
        },
        {
          type: 'TitleRemoved',
          version: 1,
          data: {
            titleId: 'n1',
            communityCode: community,
            reason: 'reinspection_failed',
            detail: '滑坡',
            removedOn: '2027-06-01',
          },
        },
      ]);
    const removed: TitleRemoved = {
      type: 'TitleRemoved',
      version: 1,
      data: {
        titleId: 'n1',
        communityCode: community,
        reason: 'veto_incident',
        detail: '一票否决',
        incidentId: 'i1',
        removedOn: '2025-07-01',
      },
    };
    spec({ today: '2025-07-01' })
      .given(held)
      .when(cmd('RemoveTitle', { reason: 'veto_incident', detail: '一票否决', incidentId: 'i1' }))
      .then([removed]);
    spec({ today: '2025-07-02' })
      .given([...held, removed] as NominationEvent[])
      .when(cmd('RemoveTitle', { reason: 'veto_incident', detail: '一票否决', incidentId: 'i1' }))
      .thenNothingHappens();
    spec()
      .given([...held, removed] as NominationEvent[])
      .when(cmd('RemoveTitle', { reason: 'other', detail: 'x' }))
      .thenThrows('conflict');
    spec()
      .given([submitted])
      .when(cmd('RemoveTitle', { reason: 'other', detail: 'x' }))
      .thenThrows('conflict');
  });

  it('defines a program once, validated, by an office at or above its authority', () => {
    const s = deciderSpec(programDecider(office));
    s.given([])
      .when({ type: 'DefineProgram', data: program })
      .then([{ type: 'AwardProgramDefined', version: 1, data: program }]);
    s.given([{ type: 'AwardProgramDefined', version: 1, data: program }])
      .when({ type: 'DefineProgram', data: program })
      .thenThrows('conflict');
    s.given([])
      .when({ type: 'DefineProgram', data: { ...program, cycle: { from: '2025-12-31', to: '2025-01-01' } } })
      .thenThrows('invalid');
    s.given([])
      .when({
        type: 'DefineProgram',
        data: { ...program, kind: 'moral_model', eligibility: { noVeto: true, minTotal: 80 } },
      })
      .thenThrows('invalid');
    deciderSpec(programDecider(staff)).given([]).when({ type: 'DefineProgram', data: program }).thenThrows('forbidden');
  });
});

describe('addYears (title validity)', () => {
  it('keeps the day, and moves 29 February to the 28th in a common year', () => {
    expect(addYears('2025-06-30', 3)).toBe('2028-06-30');
    expect(addYears('2024-02-29', 3)).toBe('2027-02-28');
    expect(addYears('2024-02-29', 4)).toBe('2028-02-29');
    expect(addYears('2000-02-29', 100)).toBe('2100-02-28');
  });
});
