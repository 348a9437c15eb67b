import { platformEventCatalog } from '@chuangwen/contracts';
import type { InspectionsEvent, SurveyRecordedV1 } from '@chuangwen/contracts';
import { projectionSpec } from '@chuangwen/projections/testing';
import { inspectionListsProjection } from './lists.projection';
import { ESCALATIONS, INCIDENTS, INSPECTIONS, RECTIFICATIONS, SURVEYS } from './views';

const community = '620102001001';
const place = { communityCode: community, streetCode: '620102001', districtCode: '620102' };
const ofInspection = { inspectionId: 'i1', communityCode: community };
const ofProblem = { problemId: 'p1', communityCode: community, category: 'sanitation_dead_corner' };

const scheduled: InspectionsEvent = {
  type: 'InspectionScheduled',
  version: 1,
  data: { ...ofInspection, kind: 'field_inspection', plannedOn: '2025-06-03', inspectors: ['u-li', 'u-wang'] },
};
const started: InspectionsEvent = {
  type: 'InspectionStarted',
  version: 1,
  data: { ...ofInspection, startedOn: '2025-06-03' },
};
const scored: InspectionsEvent = {
  type: 'InspectionItemScored',
  version: 1,
  data: {
    ...ofInspection,
    standardId: 'gansu',
    indicatorId: 'env.1',
    points: 4,
    remark: '楼道整洁',
    evidence: [{ kind: 'photo', ref: 'ph-1' }],
    scoredOn: '2025-06-03',
  },
};
const facility: InspectionsEvent = {
  type: 'FacilityRecorded',
  version: 1,
  data: { ...ofInspection, facility: 'culture_center', present: true, recordedOn: '2025-06-03' },
};
const completed: InspectionsEvent = {
  type: 'InspectionCompleted',
  version: 1,
  data: { ...ofInspection, completedOn: '2025-06-03', itemsScored: 1, summary: '总体良好' },
};
const recorded: InspectionsEvent = {
  type: 'ProblemRecorded',
  version: 1,
  data: { ...ofProblem, description: '楼道堆放杂物', source: 'inspector', foundOn: '2025-06-03' },
};
const evidence: InspectionsEvent = {
  type: 'ProblemEvidenceAttached',
  version: 1,
  data: {
    problemId: 'p1',
    communityCode: community,
    location: '3号楼2单元',
    inspectionId: 'i1',
    evidence: [{ kind: 'photo', ref: 'ph-2' }],
  },
};
const noticed: InspectionsEvent = {
  type: 'RectificationNoticeIssued',
  version: 1,
  data: {
    ...ofProblem,
    deadline: '2025-06-10',
    requirements: '清理杂物',
    issuedOn: '2025-06-03',
    noticeNo: '〔2025〕7号',
  },
};
const submitted = (description: string, ref: string, submittedOn: string): InspectionsEvent => ({
  type: 'RectificationSubmitted',
  version: 1,
  data: { ...ofProblem, description, evidence: [{ kind: 'photo', ref }], submittedOn },
});
const rejected: InspectionsEvent = {
  type: 'RectificationRejected',
  version: 1,
  data: { ...ofProblem, reason: '仍有杂物', rejectedOn: '2025-06-07' },
};
const verified: InspectionsEvent = {
  type: 'RectificationVerified',
  version: 1,
  data: { ...ofProblem, wasOverdue: true, verifiedOn: '2025-06-14' },
};

const inspection = {
  _id: 'i1',
  inspectionId: 'i1',
  ...place,
  kind: 'field_inspection',
  plannedOn: '2025-06-03',
  inspectors: ['u-li', 'u-wang'],
  status: 'scheduled',
  items: [],
  facilities: [],
};
const problem = {
  _id: 'p1',
  problemId: 'p1',
  ...place,
  category: 'sanitation_dead_corner',
  description: '楼道堆放杂物',
  source: 'inspector',
  foundOn: '2025-06-03',
  location: '3号楼2单元',
  inspectionId: 'i1',
  evidence: [{ kind: 'photo', ref: 'ph-2' }],
  status: 'open',
  overdue: false,
  watch: false,
  submissions: [],
  rejections: [],
};
const notice = { deadline: '2025-06-10', requirements: '清理杂物', issuedOn: '2025-06-03', noticeNo: '〔2025〕7号' };
const spec = () => projectionSpec(inspectionListsProjection, { catalog: platformEventCatalog() });

const overdue: InspectionsEvent = {
  type: 'RectificationOverdue',
  version: 1,
  data: { ...ofProblem, deadline: '2025-06-10' },
};
const escalated = (step: number, level: 'street' | 'district', supervised: boolean, bulletin: boolean, at: string) =>
  ({
    type: 'RectificationEscalated',
    version: 1,
    data: {
      ...ofProblem,
      step,
      level,
      notifiedCode: level === 'street' ? '620102001' : '620102',
      daysOverdue: step * 3,
      deadline: '2025-06-10',
      supervised,
      bulletin,
      ladderOf: '000000',
      at,
    },
  }) satisfies InspectionsEvent;
const firstStep = escalated(1, 'street', true, false, '2025-06-13T01:00:00.000Z');
// 17:00 UTC on 30 June is 1 July in China: the bulletin counts it in July.
const secondStep = escalated(2, 'district', false, true, '2025-06-30T17:00:00.000Z');
/** A step as the problem and the 督办 entry list it. */
const stepOf = ({
  data: { problemId: _p, communityCode: _c, category: _k, deadline: _d, ...step },
}: typeof firstStep) => step;
const escalation = {
  _id: 'p1',
  problemId: 'p1',
  ...place,
  category: 'sanitation_dead_corner',
  deadline: '2025-06-10',
  open: true,
  step: 1,
  level: 'street',
  notifiedCode: '620102001',
  daysOverdue: 3,
  escalatedAt: '2025-06-13T01:00:00.000Z',
  supervised: true,
  bulletin: false,
  steps: [stepOf(firstStep)],
};
const scoredItem = {
  standardId: 'gansu',
  indicatorId: 'env.1',
  points: 4,
  remark: '楼道整洁',
  evidence: [{ kind: 'photo', ref: 'ph-1' }],
  scoredOn: '2025-06-03',
};
const foundFacility = { facility: 'culture_center', present: true, recordedOn: '2025-06-03' };

describe('inspection lists projection', () => {
  it('lists an inspection from the calendar to its completion, with what it scored and found', () =>
    spec()
      .given([scheduled, started, scored, facility])
      .when([
        // Recorded outside any inspection (a document review of its own): not one of this inspection's.
        {
          type: 'FacilityRecorded',
          version: 1,
          data: { communityCode: community, facility: 'library', present: false, recordedOn: '2025-06-03' },
        },
        completed,
      ] satisfies InspectionsEvent[])
      .then({
        [INSPECTIONS]: [
          {
            ...inspection,
            status: 'completed',
            startedOn: '2025-06-03',
            completedOn: '2025-06-03',
            summary: '总体良好',
            items: [scoredItem],
            facilities: [foundFacility],
          },
        ],
      }));

  it('adds each scored item and facility once, however often they are delivered', () =>
    spec()
      .given([scheduled, started])
      .when([scored, facility], { times: 2 })
      .then({
        [INSPECTIONS]: [
          {
            ...inspection,
            status: 'in_progress',
            startedOn: '2025-06-03',
            items: [scoredItem],
            facilities: [foundFacility],
          },
        ],
      }));

  it('keeps every submission and rejection of a rectification, and closes it and its 督办 entry once verified', () =>
    spec()
      .given([recorded, evidence, noticed, submitted('已清理', 'ph-3', '2025-06-05'), rejected, overdue, firstStep])
      .when([submitted('已彻底清理', 'ph-4', '2025-06-12'), verified])
      .then({
        [RECTIFICATIONS]: [
          {
            ...problem,
            ...notice,
            status: 'verified',
            overdue: true,
            watch: false,
            submissions: [
              { description: '已清理', evidence: [{ kind: 'photo', ref: 'ph-3' }], submittedOn: '2025-06-05' },
              { description: '已彻底清理', evidence: [{ kind: 'photo', ref: 'ph-4' }], submittedOn: '2025-06-12' },
            ],
            rejections: [{ reason: '仍有杂物', rejectedOn: '2025-06-07' }],
            escalations: [stepOf(firstStep)],
            escalatedStep: 1,
            verifiedOn: '2025-06-14',
          },
        ],
        [ESCALATIONS]: [{ ...escalation, open: false, verifiedOn: '2025-06-14' }],
      }));

  it("lists an overdue rectification's escalations (督办) each once, off the watch list, bulletin month in China time", () =>
    spec()
      .given([recorded, evidence, noticed, overdue, firstStep])
      .when([secondStep], { times: 2 })
      .then({
        [RECTIFICATIONS]: [
          {
            ...problem,
            ...notice,
            status: 'noticed',
            overdue: true,
            watch: false,
            escalations: [stepOf(firstStep), stepOf(secondStep)],
            escalatedStep: 2,
          },
        ],
        [ESCALATIONS]: [
          {
            ...escalation,
            step: 2,
            level: 'district',
            notifiedCode: '620102',
            daysOverdue: 6,
            escalatedAt: '2025-06-30T17:00:00.000Z',
            bulletin: true,
            bulletinMonth: '2025-07',
            steps: [stepOf(firstStep), stepOf(secondStep)],
          },
        ],
      }));

  it('lists surveys (a v1 one as a one-day period) and incidents as reported, confirmed or dismissed', () => {
    const v1: SurveyRecordedV1 = {
      type: 'SurveyRecorded',
      version: 1,
      data: {
        surveyId: 's1',
        communityCode: community,
        topic: 'satisfaction_services',
        sampleSize: 50,
        positive: 45,
        rate: 0.9,
        smallSample: false,
        conductedOn: '2025-05-31',
      },
    };
    const reported = (incidentId: string, kind: string): InspectionsEvent => ({
      type: 'IncidentReported',
      version: 1,
      data: { incidentId, communityCode: community, kind, occurredOn: '2025-06-01', description: '事件经过' },
    });
    return spec()
      .given([v1, reported('x1', 'major_criminal_case'), reported('x2', 'major_safety_accident')])
      .when(
        [
          {
            type: 'IncidentConfirmed',
            version: 1,
            data: { incidentId: 'x1', communityCode: community, kind: 'major_criminal_case', occurredOn: '2025-06-01' },
          },
          {
            type: 'IncidentDismissed',
            version: 1,
            data: { incidentId: 'x2', communityCode: community, kind: 'major_safety_accident', reason: '经查不属实' },
          },
        ] satisfies InspectionsEvent[],
        { times: 2 },
      )
      .then({
        [SURVEYS]: [
          {
            _id: 's1',
            surveyId: 's1',
            ...place,
            topic: 'satisfaction_services',
            sampleSize: 50,
            positive: 45,
            rate: 0.9,
            smallSample: false,
            conductedOn: '2025-05-31',
            periodStart: '2025-05-31',
          },
        ],
        [INCIDENTS]: [
          {
            _id: 'x1',
            incidentId: 'x1',
            ...place,
            kind: 'major_criminal_case',
            occurredOn: '2025-06-01',
            description: '事件经过',
            status: 'confirmed',
          },
          {
            _id: 'x2',
            incidentId: 'x2',
            ...place,
            kind: 'major_safety_accident',
            occurredOn: '2025-06-01',
            description: '事件经过',
            status: 'dismissed',
            dismissReason: '经查不属实',
          },
        ],
      });
  });

  it("watches a noticed problem, left alone by another community's events; lists nothing for an unseen id", () => {
    const other = '620102002001';
    return spec()
      .given([scheduled, recorded, evidence, noticed])
      .when([
        { type: 'InspectionCancelled', version: 1, data: { inspectionId: 'i2', communityCode: other, reason: '改期' } },
        {
          type: 'InspectionScheduled',
          version: 1,
          data: {
            inspectionId: 'i3',
            communityCode: other,
            kind: 'unannounced_visit',
            plannedOn: '2025-06-04',
            inspectors: ['u-zhao'],
          },
        },
        { type: 'InspectionCancelled', version: 1, data: { inspectionId: 'i3', communityCode: other, reason: '改期' } },
        { ...noticed, data: { ...noticed.data, problemId: 'p2', communityCode: other } },
      ] satisfies InspectionsEvent[])
      .then({
        [INSPECTIONS]: [
          inspection,
          {
            _id: 'i3',
            inspectionId: 'i3',
            communityCode: other,
            streetCode: '620102002',
            districtCode: '620102',
            kind: 'unannounced_visit',
            plannedOn: '2025-06-04',
            inspectors: ['u-zhao'],
            status: 'cancelled',
            cancelReason: '改期',
            items: [],
            facilities: [],
          },
        ],
        // Noticed, not overdue: on the overdue scheduler's watch list.
        [RECTIFICATIONS]: [{ ...problem, ...notice, status: 'noticed', watch: true }],
      });
  });
});
