import type { Actor, InspectionsEvent } from '@chuangwen/contracts';
import { deciderSpec } from '@chuangwen/commanding/testing';
import type { ProblemCommand } from './commands';
import { problemDecider } from './problem.decider';

const community = '620102001001';
const office: Actor = { id: 'office', roles: ['office'], jurisdiction: '620102' };
const staff: Actor = { id: 'staff', roles: ['community'], jurisdiction: community };
const neighbour: Actor = { id: 'other', roles: ['community'], jurisdiction: '620102001002' };
const at = (iso: string, actor = office) => deciderSpec(problemDecider({ actor, now: new Date(iso) }));
const spec = (actor = office) => at('2025-06-01T02:00:00Z', actor);

const p = { problemId: 'p-1', communityCode: community, category: 'stairwell_blocked' };
const recorded: InspectionsEvent = {
  type: 'ProblemRecorded',
  version: 1,
  data: { ...p, description: '3号楼楼道堆放杂物', source: 'inspector', foundOn: '2025-06-01' },
};
const recordedData = recorded.data as Extract<ProblemCommand, { type: 'RecordProblem' }>['data'];
const noticed: InspectionsEvent = {
  type: 'RectificationNoticeIssued',
  version: 1,
  data: {
    ...p,
    deadline: '2025-06-10',
    requirements: '清理楼道',
    issuedOn: '2025-06-01',
    noticeNo: '城关整改〔2025〕12号',
  },
};
const submitted: InspectionsEvent = {
  type: 'RectificationSubmitted',
  version: 1,
  data: { ...p, description: '已清理', evidence: [{ kind: 'photo', ref: 'ph-2' }], submittedOn: '2025-06-01' },
};
const rejected: InspectionsEvent = {
  type: 'RectificationRejected',
  version: 1,
  data: { ...p, reason: '仍有杂物', rejectedOn: '2025-06-01' },
};
const overdue: InspectionsEvent = { type: 'RectificationOverdue', version: 1, data: { ...p, deadline: '2025-06-10' } };
const verified = (wasOverdue: boolean, verifiedOn = '2025-06-01'): InspectionsEvent => ({
  type: 'RectificationVerified',
  version: 1,
  data: { ...p, wasOverdue, verifiedOn },
});

const notice: ProblemCommand = {
  type: 'IssueRectificationNotice',
  data: { problemId: 'p-1', deadline: '2025-06-10', requirements: '清理楼道', noticeNo: '城关整改〔2025〕12号' },
};
const submit: ProblemCommand = {
  type: 'SubmitRectification',
  data: { problemId: 'p-1', description: '已清理', evidence: [{ kind: 'photo', ref: 'ph-2' }] },
};
const verify: ProblemCommand = { type: 'VerifyRectification', data: { problemId: 'p-1' } };
const reject: ProblemCommand = { type: 'RejectRectification', data: { problemId: 'p-1', reason: '仍有杂物' } };
const markOverdue: ProblemCommand = { type: 'MarkRectificationOverdue', data: { problemId: 'p-1' } };

describe('problem and rectification decider', () => {
  it('records a problem once, with its location and evidence; never one found in the future', () => {
    const cmd: ProblemCommand = {
      type: 'RecordProblem',
      data: {
        ...recordedData,
        location: '3号楼2单元',
        inspectionId: 'i-1',
        evidence: [{ kind: 'photo', ref: 'ph-1' }],
      },
    };
    spec()
      .given([])
      .when(cmd)
      .then([
        recorded,
        {
          type: 'ProblemEvidenceAttached',
          version: 1,
          data: {
            problemId: 'p-1',
            communityCode: community,
            location: '3号楼2单元',
            inspectionId: 'i-1',
            evidence: [{ kind: 'photo', ref: 'ph-1' }],
          },
        },
      ]);
    spec()
      .given([])
      .when({ type: 'RecordProblem', data: recorded.data as never })
      .then([recorded]);
    spec()
      .given([recorded])
      .when(cmd)
      .thenThrows('conflict', /different content/);
    // The phone's offline queue sends again when an answer was lost: the same id and content is done.
    const attached: InspectionsEvent = {
      type: 'ProblemEvidenceAttached',
      version: 1,
      data: {
        problemId: 'p-1',
        communityCode: community,
        location: '3号楼2单元',
        inspectionId: 'i-1',
        evidence: [{ kind: 'photo', ref: 'ph-1' }],
      },
    };
    spec().given([recorded, attached]).when(cmd).then([]);
    spec()
      .given([recorded])
      .when({ type: 'RecordProblem', data: { ...recordedData } })
      .then([]);
    spec()
      .given([])
      .when({ type: 'RecordProblem', data: { ...recordedData, foundOn: '2025-06-02' } })
      .thenThrows('invalid', /future/);
  });

  it('issues one notice, with a deadline not before today', () => {
    spec().given([recorded]).when(notice).then([noticed]);
    spec().given([recorded, noticed]).when(notice).then([]); // a resend of the same notice
    spec()
      .given([recorded, noticed])
      .when({ ...notice, data: { ...notice.data, deadline: '2025-06-12' } } as ProblemCommand)
      .thenThrows('conflict', /awaits the community/);
    spec()
      .given([recorded])
      .when({ ...notice, data: { ...notice.data, deadline: '2025-05-31' } } as ProblemCommand)
      .thenThrows('invalid', /before today/);
    spec().given([]).when(notice).thenThrows('not_found');
  });

  it('takes a submission after a notice or a rejection only', () => {
    spec(staff).given([recorded, noticed]).when(submit).then([submitted]);
    spec(staff).given([recorded, noticed, submitted, rejected]).when(submit).then([submitted]);
    spec(staff)
      .given([recorded])
      .when(submit)
      .thenThrows('conflict', /no rectification notice/);
    spec(staff).given([recorded, noticed, submitted]).when(submit).then([]); // the same submission sent again
    spec(staff)
      .given([recorded, noticed, submitted])
      .when({ ...submit, data: { ...submit.data, description: '另一说明' } } as ProblemCommand)
      .thenThrows('conflict', /awaiting verification/);
    spec(staff)
      .given([recorded, noticed, submitted, verified(false)])
      .when(submit)
      .thenThrows('conflict', /closed/);
    spec(neighbour).given([recorded, noticed]).when(submit).thenThrows('forbidden');
  });

  it('verifies or rejects a submitted rectification only', () => {
    spec()
      .given([recorded, noticed, submitted])
      .when(verify)
      .then([verified(false)]);
    spec().given([recorded, noticed, submitted]).when(reject).then([rejected]);
    spec()
      .given([recorded, noticed])
      .when(verify)
      .thenThrows('conflict', /awaits the community/);
    spec().given([recorded]).when(verify).thenThrows('conflict');
    spec()
      .given([recorded, noticed, submitted, rejected])
      .when(verify)
      .thenThrows('conflict', /rejected/);
    spec()
      .given([recorded, noticed, submitted, verified(false)])
      .when(verify)
      .then([]); // a resend
    spec().given([recorded, noticed, submitted, rejected]).when(reject).then([]);
    spec()
      .given([recorded, noticed, submitted, rejected])
      .when({ ...reject, data: { ...reject.data, reason: '另一理由' } } as ProblemCommand)
      .thenThrows('conflict');
    spec().given([recorded, noticed]).when(reject).thenThrows('conflict');
    spec()
      .given([recorded, noticed, submitted, verified(false)])
      .when(reject)
      .thenThrows('conflict');
  });

  it('marks overdue the day after the deadline (China time), once, and never a closed one', () => {
    at('2025-06-10T15:59:00Z')
      .given([recorded, noticed])
      .when(markOverdue)
      .thenThrows('conflict', /not passed/); // 23:59 on the 10th in China
    at('2025-06-10T16:00:00Z').given([recorded, noticed]).when(markOverdue).then([overdue]); // 00:00 on the 11th
    at('2025-06-20T02:00:00Z').given([recorded, noticed, submitted]).when(markOverdue).then([overdue]);
    at('2025-06-20T02:00:00Z').given([recorded, noticed, overdue]).when(markOverdue).thenNothingHappens();
    at('2025-06-20T02:00:00Z')
      .given([recorded, noticed, submitted, verified(false)])
      .when(markOverdue)
      .thenNothingHappens();
    at('2025-06-20T02:00:00Z')
      .given([recorded])
      .when(markOverdue)
      .thenThrows('conflict', /no rectification notice/);
  });

  it('verifies a late rectification as overdue', () => {
    at('2025-06-20T02:00:00Z')
      .given([recorded, noticed, overdue, submitted])
      .when(verify)
      .then([verified(true, '2025-06-20')]);
  });
});
