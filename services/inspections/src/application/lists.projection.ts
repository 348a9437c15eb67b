import { codeAncestors } from '@chuangwen/contracts';
import type { InspectionsEvent, RecordedEvent } from '@chuangwen/contracts';
import type { Projection, UnitOfWork } from '@chuangwen/projections';
import type { IndexSpec } from '@chuangwen/read-store';
import {
  ESCALATIONS,
  EscalationView,
  INCIDENTS,
  IncidentView,
  INSPECTIONS,
  InspectionView,
  Placed,
  RECTIFICATIONS,
  RectificationView,
  SURVEYS,
  SurveyView,
} from './views';
import { toDay } from '@chuangwen/scoring-engine';

type E = RecordedEvent<InspectionsEvent>;
type Mut<T> = { -readonly [K in keyof T]: T[K] };

const placed = (communityCode: string) => {
  const [, , , districtCode = '', streetCode = ''] = codeAncestors(communityCode);
  return { communityCode, streetCode, districtCode };
};
const byPlace: IndexSpec[] = [
  { fields: { communityCode: 1 } },
  { fields: { streetCode: 1 } },
  { fields: { districtCode: 1 } },
];

/** The lists GET /api/inspections, /problems, /rectifications, /surveys and /incidents serve. */
export const inspectionListsProjection: Projection = {
  name: 'inspections.lists',
  collections: [
    { name: INSPECTIONS, indexes: [...byPlace, { fields: { plannedOn: 1 } }] },
    {
      name: RECTIFICATIONS,
      indexes: [
        ...byPlace,
        { fields: { watch: 1, deadline: 1 } },
        { fields: { overdue: 1, status: 1 } },
        { fields: { status: 1 } },
      ],
    },
    { name: ESCALATIONS, indexes: byPlace },
    { name: SURVEYS, indexes: byPlace },
    { name: INCIDENTS, indexes: byPlace },
  ],
  handles: new Set([
    'InspectionScheduled',
    'InspectionStarted',
    'InspectionItemScored',
    'FacilityRecorded',
    'InspectionCompleted',
    'InspectionCancelled',
    'ProblemRecorded',
    'ProblemEvidenceAttached',
    'RectificationNoticeIssued',
    'RectificationSubmitted',
    'RectificationRejected',
    'RectificationVerified',
    'RectificationOverdue',
    'RectificationEscalated',
    'SurveyRecorded',
    'IncidentReported',
    'IncidentConfirmed',
    'IncidentDismissed',
  ]),
  async apply(events, uow) {
    for (const e of events as readonly E[]) await applyOne(e, uow);
  },
};

async function applyOne(e: E, uow: UnitOfWork): Promise<void> {
  const inspection = (id: string, f: (v: Mut<InspectionView>) => void) =>
    edit<InspectionView>(uow, INSPECTIONS, id, e, f);
  const problem = (id: string, f: (v: Mut<RectificationView>) => void) =>
    edit<RectificationView>(uow, RECTIFICATIONS, id, e, (v) => {
      f(v);
      v.watch = !!v.deadline && !v.overdue && v.status !== 'verified';
    });
  const incident = (id: string, f: (v: Mut<IncidentView>) => void) => edit<IncidentView>(uow, INCIDENTS, id, e, f);
  switch (e.type) {
    case 'InspectionScheduled': {
      const { inspectionId, communityCode, ...rest } = e.data;
      const view: InspectionView = {
        _id: inspectionId,
        _pos: -1,
        inspectionId,
        ...placed(communityCode),
        ...rest,
        inspectors: [...rest.inspectors],
        status: 'scheduled',
        items: [],
        facilities: [],
      };
      await uow.update<InspectionView>(INSPECTIONS, inspectionId, e, (doc) => doc ?? view);
      return;
    }
    case 'InspectionStarted':
      return inspection(e.data.inspectionId, (v) =>
        Object.assign(v, { status: 'in_progress', startedOn: e.data.startedOn }),
      );
    case 'InspectionItemScored': {
      const { inspectionId, communityCode: _community, ...item } = e.data;
      return inspection(inspectionId, (v) => void v.items.push(item as InspectionView['items'][number]));
    }
    case 'FacilityRecorded':
      if (!e.data.inspectionId) return;
      return inspection(
        e.data.inspectionId,
        (v) =>
          void v.facilities.push({ facility: e.data.facility, present: e.data.present, recordedOn: e.data.recordedOn }),
      );
    case 'InspectionCompleted':
      return inspection(e.data.inspectionId, (v) =>
        Object.assign(
          v,
          { status: 'completed', completedOn: e.data.completedOn },
          e.data.summary ? { summary: e.data.summary } : {},
        ),
      );
    case 'InspectionCancelled':
      return inspection(e.data.inspectionId, (v) =>
        Object.assign(v, { status: 'cancelled', cancelReason: e.data.reason }),
      );
    case 'ProblemRecorded': {
      const { problemId, communityCode, ...rest } = e.data;
      const view: RectificationView = {
        _id: problemId,
        _pos: -1,
        problemId,
        ...placed(communityCode),
        ...rest,
        evidence: [],
        status: 'open',
        overdue: false,
        watch: false,
        submissions: [],
        rejections: [],
      };
      await uow.update<RectificationView>(RECTIFICATIONS, problemId, e, (doc) => doc ?? view);
      return;
    }
    case 'ProblemEvidenceAttached':
      return problem(e.data.problemId, (v) => {
        const { location, inspectionId, evidence } = e.data;
        Object.assign(v, location ? { location } : {}, inspectionId ? { inspectionId } : {});
        v.evidence.push(...evidence);
      });
    case 'RectificationNoticeIssued':
      return problem(e.data.problemId, (v) => {
        const { deadline, requirements, issuedOn, noticeNo } = e.data;
        Object.assign(v, { status: 'noticed', deadline, requirements, issuedOn }, noticeNo ? { noticeNo } : {});
      });
    case 'RectificationSubmitted':
      return problem(e.data.problemId, (v) => {
        v.status = 'submitted';
        v.submissions.push({
          description: e.data.description,
          evidence: [...e.data.evidence],
          submittedOn: e.data.submittedOn,
        });
      });
    case 'RectificationRejected':
      return problem(e.data.problemId, (v) => {
        v.status = 'rejected';
        v.rejections.push({ reason: e.data.reason, rejectedOn: e.data.rejectedOn });
      });
    case 'RectificationVerified':
      await edit<EscalationView>(uow, ESCALATIONS, e.data.problemId, e, (v) =>
        Object.assign(v, { open: false, verifiedOn: e.data.verifiedOn }),
      );
      return problem(e.data.problemId, (v) => Object.assign(v, { status: 'verified', verifiedOn: e.data.verifiedOn }));
    case 'RectificationEscalated': {
      const {
        problemId,
        communityCode,
        category,
        deadline,
        step,
        level,
        notifiedCode,
        daysOverdue,
        supervised,
        bulletin,
        ladderOf,
        at,
      } = e.data;
      const entry = { step, level, notifiedCode, daysOverdue, supervised, bulletin, ladderOf, at };
      await uow.update<EscalationView>(ESCALATIONS, problemId, e, (doc) => {
        const v: EscalationView = doc ?? {
          _id: problemId,
          _pos: -1,
          problemId,
          ...placed(communityCode),
          category,
          deadline,
          open: true,
          step,
          level,
          notifiedCode,
          daysOverdue,
          escalatedAt: at,
          supervised: false,
          bulletin: false,
          steps: [],
        };
        const month = toDay(at).slice(0, 7);
        return {
          ...v,
          step,
          level,
          notifiedCode,
          daysOverdue,
          escalatedAt: at,
          supervised: v.supervised || supervised,
          bulletin: v.bulletin || bulletin,
          ...(bulletin && !v.bulletinMonth ? { bulletinMonth: month } : {}),
          steps: [...v.steps, entry],
        };
      });
      return problem(problemId, (v) => {
        v.escalations = [...(v.escalations ?? []), entry];
        v.escalatedStep = Math.max(v.escalatedStep ?? 0, step);
      });
    }
    case 'RectificationOverdue':
      return problem(e.data.problemId, (v) => void (v.overdue = true));
    case 'SurveyRecorded': {
      const { surveyId, communityCode, ...rest } = e.data;
      await uow.update<SurveyView>(
        SURVEYS,
        surveyId,
        e,
        (doc) => doc ?? { _id: surveyId, _pos: -1, surveyId, ...placed(communityCode), ...rest },
      );
      return;
    }
    case 'IncidentReported': {
      const { incidentId, communityCode, ...rest } = e.data;
      await uow.update<IncidentView>(
        INCIDENTS,
        incidentId,
        e,
        (doc) =>
          doc ?? { _id: incidentId, _pos: -1, incidentId, ...placed(communityCode), ...rest, status: 'reported' },
      );
      return;
    }
    case 'IncidentConfirmed':
      return incident(e.data.incidentId, (v) => void (v.status = 'confirmed'));
    case 'IncidentDismissed':
      return incident(e.data.incidentId, (v) =>
        Object.assign(v, { status: 'dismissed', dismissReason: e.data.reason }),
      );
  }
}

/** Changes an existing view (events of an aggregate arrive after its first one). */
async function edit<T extends Placed>(
  uow: UnitOfWork,
  collection: string,
  id: string,
  e: E,
  change: (v: Mut<T>) => void,
): Promise<void> {
  await uow.update<T>(collection, id, e, (doc) => {
    if (!doc) return null;
    change(doc as Mut<T>);
    return doc;
  });
}
