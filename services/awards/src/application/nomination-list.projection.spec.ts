import type { NominationEvent, TitleReinspected, TitleRemoved } from '@chuangwen/contracts';
import { projectionSpec } from '@chuangwen/projections/testing';
import { NOMINATIONS, nominationListProjection } from './nomination-list.projection';

type Event = NominationEvent | TitleReinspected | TitleRemoved;

const community = '620102001001';
const ref = { nominationId: 'n1', programId: 'p1', communityCode: community };
const nominee = { type: 'community' as const, communityCode: community, name: '某社区' };
const eligibility = { standardId: 'gansu', total: 92, minTotal: 80, vetoed: false, asOf: '2025-06-01' };

const submitted: Event = {
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
    eligibility,
  },
};
const reviewed: Event = {
  type: 'MaterialsReviewed',
  version: 1,
  data: { ...ref, passed: true, remark: '齐全', reviewedOn: '2025-06-02' },
};
const heard: Event = {
  type: 'ReportHeard',
  version: 1,
  data: { ...ref, ratings: { good: 5, fairly_good: 2, average: 0 }, result: 'good', heardOn: '2025-06-03' },
};
const inspected: Event = {
  type: 'FieldInspected',
  version: 1,
  data: { ...ref, passed: true, remark: '良好', inspectedOn: '2025-06-04' },
};
const shortlisted: Event = { type: 'NominationShortlisted', version: 1, data: { ...ref, shortlistedOn: '2025-06-05' } };
const notice: Event = {
  type: 'PublicNoticeStarted',
  version: 1,
  data: { ...ref, startsOn: '2025-06-06', endsOn: '2025-06-12', days: 7 },
};
const objection: Event = {
  type: 'ObjectionLodged',
  version: 1,
  data: { ...ref, objectionId: 'x1', summary: '材料不实', lodgedOn: '2025-06-08' },
};
const answered: Event = {
  type: 'ObjectionResolved',
  version: 1,
  data: { ...ref, objectionId: 'x1', upheld: false, resolution: '经核实不属实', resolvedOn: '2025-06-10' },
};
const conferred: Event = {
  type: 'TitleConferred',
  version: 1,
  data: {
    ...ref,
    titleId: 'n1',
    kind: 'civilized_community',
    level: 'county',
    authority: '620102',
    holder: nominee,
    conferredOn: '2025-06-15',
    validUntil: '2027-06-15',
  },
};

/** The nomination as listed right after its submission. */
const listed = {
  _id: 'n1',
  nominationId: 'n1',
  programId: 'p1',
  communityCode: community,
  kind: 'civilized_community',
  level: 'county',
  authority: '620102',
  nominee,
  route: 'application',
  status: 'submitted',
  steps: [{ step: 'application', on: '2025-06-01' }],
  objections: [],
  reinspections: [],
  eligibility,
};
const procedure = [
  { step: 'application', on: '2025-06-01' },
  { step: 'materials_review', on: '2025-06-02', passed: true, remark: '齐全' },
  { step: 'report_hearing', on: '2025-06-03', result: 'good' },
  { step: 'field_inspection', on: '2025-06-04', passed: true, remark: '良好' },
  { step: 'shortlist', on: '2025-06-05' },
  { step: 'public_notice', on: '2025-06-06' },
];
const spec = () => projectionSpec(nominationListProjection);

describe('nomination list projection', () => {
  it('lists a submission with its eligibility and the route it came by as its first step', () =>
    spec()
      .given([])
      .when([submitted])
      .then({ [NOMINATIONS]: [listed] }));

  it('follows the procedure to the public notice, each step once however often it is delivered', () =>
    spec()
      .given([submitted, reviewed])
      .when([heard, inspected, shortlisted, notice], { times: 2 })
      .then({
        [NOMINATIONS]: [
          {
            ...listed,
            status: 'on_notice',
            notice: { startsOn: '2025-06-06', endsOn: '2025-06-12', days: 7 },
            steps: procedure,
          },
        ],
      }));

  it('shows an answered objection closed and the title conferred with its validity', () =>
    spec()
      .given([submitted, reviewed, heard, inspected, shortlisted, notice, objection])
      .when([answered, conferred], { times: 2 })
      .then({
        [NOMINATIONS]: [
          {
            ...listed,
            status: 'conferred',
            notice: { startsOn: '2025-06-06', endsOn: '2025-06-12', days: 7 },
            steps: [...procedure, { step: 'conferral', on: '2025-06-15' }],
            objections: [
              { objectionId: 'x1', summary: '材料不实', open: false, upheld: false, resolution: '经核实不属实' },
            ],
            conferredOn: '2025-06-15',
            validUntil: '2027-06-15',
          },
        ],
      }));

  it('shows a failed re-inspection and the removal of the title (摘牌) with its reason', () =>
    spec()
      .given([submitted, reviewed, heard, inspected, shortlisted, notice, conferred])
      .when([
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
      ] satisfies Event[])
      .then({
        [NOMINATIONS]: [
          {
            ...listed,
            status: 'removed',
            notice: { startsOn: '2025-06-06', endsOn: '2025-06-12', days: 7 },
            steps: [...procedure, { step: 'conferral', on: '2025-06-15' }],
            conferredOn: '2025-06-15',
            validUntil: '2027-06-08',
            reinspections: [{ on: '2027-06-01', passed: false, remark: '滑坡' }],
            removal: { reason: 'reinspection_failed', detail: '滑坡', on: '2027-06-01' },
          },
        ],
      }));

  it('names the step a nomination was rejected at, with the reason', () =>
    spec()
      .given([submitted])
      .when([
        {
          type: 'NominationRejected',
          version: 1,
          data: { ...ref, step: 'materials_review', reason: '缺少档案' },
        },
      ] satisfies Event[])
      .then({
        [NOMINATIONS]: [
          {
            ...listed,
            status: 'rejected',
            steps: [
              { step: 'application', on: '2025-06-01' },
              { step: 'rejected:materials_review', remark: '缺少档案' },
            ],
          },
        ],
      }));

  it("leaves one nomination alone when another community's moves, and lists nothing for steps of an unseen one", () => {
    const other = { nominationId: 'n2', programId: 'p1', communityCode: '620102002001' };
    const otherNominee = { type: 'community' as const, communityCode: other.communityCode, name: '另一社区' };
    return spec()
      .given([submitted])
      .when([
        {
          type: 'NominationSubmitted',
          version: 1,
          data: {
            ...other,
            route: 'nomination',
            nominee: otherNominee,
            kind: 'civilized_community',
            level: 'county',
            authority: '620102',
            submittedOn: '2025-06-02',
          },
        },
        {
          type: 'MaterialsReviewed',
          version: 1,
          data: { ...other, passed: true, remark: '', reviewedOn: '2025-06-03' },
        },
        {
          type: 'MaterialsReviewed',
          version: 1,
          data: { ...ref, nominationId: 'n9', passed: true, remark: '', reviewedOn: '2025-06-03' },
        },
      ] satisfies Event[])
      .then({
        [NOMINATIONS]: [
          listed,
          {
            _id: 'n2',
            ...other,
            kind: 'civilized_community',
            level: 'county',
            authority: '620102',
            nominee: otherNominee,
            route: 'nomination',
            status: 'materials_reviewed',
            steps: [
              { step: 'nomination', on: '2025-06-02' },
              { step: 'materials_review', on: '2025-06-03', passed: true, remark: '' },
            ],
            objections: [],
            reinspections: [],
          },
        ],
      });
  });
});
