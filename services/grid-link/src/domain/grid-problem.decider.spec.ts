import type { Actor } from '@chuangwen/contracts';
import { deciderSpec } from '@chuangwen/commanding/testing';
import { gridProblemDecider, GridLinkEvent, ReceiveGridProblem } from './grid-problem.decider';

const community = '620102001001';
const grid: Actor = { id: 'grid-client:wg', roles: ['system'], jurisdiction: '620102001' };
const spec = () => deciderSpec(gridProblemDecider({ actor: grid, now: new Date('2025-06-01T02:00:00Z') }));

const data = {
  problemId: 'p-1',
  communityCode: community,
  clientId: 'wg',
  gridEventId: 'WG-1',
  gridCellId: `${community}-03`,
  classCode: '0201',
  className: '非法小广告',
  category: 'illegal_posting',
  description: '小广告',
  reportedAt: '2025-06-01T09:30:00+08:00',
  foundOn: '2025-06-01',
};
const receive = (over: Partial<ReceiveGridProblem['data']> = {}): ReceiveGridProblem => ({
  type: 'ReceiveGridProblem',
  data: { ...data, ...over },
});
const received: GridLinkEvent = {
  type: 'GridProblemReceived',
  version: 1,
  data: {
    problemId: 'p-1',
    communityCode: community,
    clientId: 'wg',
    gridEventId: 'WG-1',
    gridCellId: `${community}-03`,
    classCode: '0201',
    className: '非法小广告',
    category: 'illegal_posting',
    reportedAt: '2025-06-01T09:30:00+08:00',
  },
};
const recorded: GridLinkEvent = {
  type: 'ProblemRecorded',
  version: 1,
  data: {
    problemId: 'p-1',
    communityCode: community,
    category: 'illegal_posting',
    description: '小广告',
    source: 'grid',
    foundOn: '2025-06-01',
  },
};

describe('receiving a grid problem (the problem decider, with the grid record in front)', () => {
  it('records the grid origin and the problem (source grid) in one decision, evidence after', () => {
    spec().given([]).when(receive()).then([received, recorded]);
    spec()
      .given([])
      .when(receive({ location: '和平路12号', evidence: [{ kind: 'photo', ref: 'f1' }] }))
      .then([
        received,
        recorded,
        {
          type: 'ProblemEvidenceAttached',
          version: 1,
          data: {
            problemId: 'p-1',
            communityCode: community,
            location: '和平路12号',
            evidence: [{ kind: 'photo', ref: 'f1' }],
          },
        },
      ]);
  });

  it('refuses the same grid event twice, whatever state the problem reached', () => {
    spec()
      .given([received, recorded])
      .when(receive())
      .thenThrows('conflict', /WG-1 of client wg was already received \(problem p-1\)/);
    spec()
      .given([
        received,
        recorded,
        {
          type: 'RectificationVerified',
          version: 1,
          data: {
            problemId: 'p-1',
            communityCode: community,
            category: 'illegal_posting',
            wasOverdue: false,
            verifiedOn: '2025-06-02',
          },
        },
      ])
      .when(receive({ description: 'again' }))
      .thenThrows('conflict');
  });

  it("keeps the problem decider's rules: a report dated in the future is refused", () => {
    spec()
      .given([])
      .when(receive({ foundOn: '2025-06-02' }))
      .thenThrows('invalid', /foundOn 2025-06-02 is in the future/);
  });
});
