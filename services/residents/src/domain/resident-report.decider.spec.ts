import type { Actor, ResidentReportEvent } from '@chuangwen/contracts';
import { deciderSpec } from '@chuangwen/commanding/testing';
import type { ResidentReportCommand } from './commands';
import { problemIdOf, residentReportDecider } from './resident-report.decider';
import type { ReportDecisionContext } from './resident-report.decider';

const community = '620102001001';
const street: Actor = { id: 'street-office', roles: ['street'], jurisdiction: '620102001' };
const otherStreet: Actor = { id: 'other', roles: ['street'], jurisdiction: '620102002' };
const resident: Actor = { id: 'resident:reporter', roles: [], jurisdiction: community };
const now = new Date('2025-06-10T02:00:00Z');
const spec = (over: Partial<ReportDecisionContext> = {}) =>
  deciderSpec(residentReportDecider({ actor: street, now, reopenPeriodDays: 30, ...over }));
const kind = (k: string, text?: RegExp) => (e: { kind: string; message: string }) => {
  expect(e.kind).toBe(k);
  if (text) expect(e.message).toMatch(text);
};

const submittedData = {
  reportId: 'r-1',
  trackingCode: 'K7M2Q9XH3A',
  communityCode: community,
  category: 'illegal_posting',
  description: '小广告',
  channel: 'public_page' as const,
  lat: 36.0611,
  long: 103.8343,
  media: [],
  reopenSecretHash: 'a'.repeat(64),
  submittedAt: '2025-06-01T02:00:00.000Z',
};
const submitted: ResidentReportEvent = { type: 'ResidentReportSubmitted', version: 1, data: submittedData };
const accepted: ResidentReportEvent = {
  type: 'ResidentReportAccepted',
  version: 1,
  data: {
    reportId: 'r-1',
    communityCode: community,
    category: 'illegal_posting',
    problemId: 'r-1',
    round: 1,
    acceptedBy: 'street-office',
  },
};
const reopened: ResidentReportEvent = {
  type: 'ResidentReportReopened',
  version: 1,
  data: {
    reportId: 'r-1',
    communityCode: community,
    category: 'illegal_posting',
    problemId: 'r-1',
    reason: '没修好',
    closedOn: '2025-06-05',
  },
};
const accept: ResidentReportCommand = { type: 'AcceptResidentReport', data: { reportId: 'r-1' } };
const reopen = (secretHash = 'a'.repeat(64)): ResidentReportCommand => ({
  type: 'ReopenResidentReport',
  data: { reportId: 'r-1', secretHash, reason: '没修好' },
});

describe('a resident’s report: submitted, accepted (立案) or rejected, reopened by its reporter', () => {
  it('is submitted once', () => {
    spec().given([]).when({ type: 'SubmitResidentReport', data: submittedData }).then([submitted]);
    spec().given([submitted]).when({ type: 'SubmitResidentReport', data: submittedData }).thenThrows(kind('conflict'));
  });

  it('is accepted by a street or office in scope, the first time under its own id, later rounds under a derived one', () => {
    spec().given([submitted]).when(accept).then([accepted]);
    spec({ actor: otherStreet })
      .given([submitted])
      .when(accept)
      .thenThrows(kind('forbidden', /outside your jurisdiction 620102002/));
    spec()
      .given([submitted, accepted])
      .when(accept)
      .thenThrows(kind('conflict', /it is accepted/));
    spec()
      .given([submitted, accepted, reopened])
      .when(accept)
      .then([
        {
          type: 'ResidentReportAccepted',
          version: 1,
          data: {
            reportId: 'r-1',
            communityCode: community,
            category: 'illegal_posting',
            problemId: problemIdOf('r-1', 2),
            round: 2,
            acceptedBy: 'street-office',
          },
        },
      ]);
    expect(problemIdOf('r-1', 2)).not.toBe('r-1');
  });

  it('a duplicate is never accepted on its own', () => {
    spec()
      .given([{ ...submitted, data: { ...submittedData, duplicateOf: 'r-0' } } as ResidentReportEvent])
      .when(accept)
      .thenThrows(kind('conflict', /linked to report r-0/));
  });

  it('is rejected with a reason, only before acceptance', () => {
    spec()
      .given([submitted])
      .when({ type: 'RejectResidentReport', data: { reportId: 'r-1', reason: '无此问题' } })
      .then([
        {
          type: 'ResidentReportRejected',
          version: 1,
          data: {
            reportId: 'r-1',
            communityCode: community,
            category: 'illegal_posting',
            reason: '无此问题',
            rejectedBy: 'street-office',
          },
        },
      ]);
    spec()
      .given([submitted, accepted])
      .when({ type: 'RejectResidentReport', data: { reportId: 'r-1', reason: 'x' } })
      .thenThrows(kind('conflict'));
  });

  it('is reopened by the holder of the secret, once closed as rectified, within the period', () => {
    spec({ actor: resident, closedOn: '2025-06-05' }).given([submitted, accepted]).when(reopen()).then([reopened]);
    spec({ actor: resident, closedOn: '2025-06-05' })
      .given([submitted, accepted])
      .when(reopen('b'.repeat(64)))
      .thenThrows(kind('forbidden', /secret does not match/));
    spec({ actor: resident })
      .given([submitted, accepted])
      .when(reopen())
      .thenThrows(kind('conflict', /not closed as rectified/));
    spec({ actor: resident, closedOn: '2025-06-05' })
      .given([submitted])
      .when(reopen())
      .thenThrows(kind('conflict', /not closed as rectified/));
    spec({ actor: resident, closedOn: '2025-05-01', now: new Date('2025-06-10T02:00:00Z') })
      .given([submitted, accepted])
      .when(reopen())
      .thenThrows(kind('conflict', /40 days ago: it can be reopened within 30 days/));
    spec({ actor: resident, closedOn: '2025-05-11' })
      .given([submitted, accepted])
      .when(reopen())
      .then([{ ...reopened, data: { ...reopened.data, closedOn: '2025-05-11' } } as ResidentReportEvent]);
  });

  it('knows no report it was not given', () => {
    spec().given([]).when(accept).thenThrows(kind('not_found'));
  });
});
