import { conflict } from '@chuangwen/contracts';
import type { GridProblemReceived, InspectionEvidence, InspectionsEvent } from '@chuangwen/contracts';
import { decideProblem, evolveProblem, initialProblem } from '@chuangwen/inspections';
import type { DecisionContext, Problem } from '@chuangwen/inspections';

/** A problem the grid reported: the grid's facts plus the RecordProblem the inspections decider takes. */
export interface ReceiveGridProblem {
  readonly type: 'ReceiveGridProblem';
  readonly data: {
    readonly problemId: string;
    readonly communityCode: string;
    readonly clientId: string;
    readonly gridEventId: string;
    readonly gridCellId: string;
    readonly classCode: string;
    readonly className: string;
    readonly category: string;
    readonly description: string;
    readonly reportedAt: string;
    readonly foundOn: string;
    readonly location?: string;
    readonly evidence?: InspectionEvidence[];
  };
}

export type GridLinkEvent = InspectionsEvent | GridProblemReceived;

/**
 * The problem's own decider, with the grid's record in front: one append to the problem's stream,
 * so the problem and its grid origin are written together or not at all. A second report with the
 * same (client, grid event id) finds the stream taken and is refused.
 */
export function decideGridProblem(command: ReceiveGridProblem, state: Problem, ctx: DecisionContext): GridLinkEvent[] {
  const {
    problemId,
    communityCode,
    clientId,
    gridEventId,
    gridCellId,
    classCode,
    className,
    category,
    description,
    reportedAt,
    foundOn,
    location,
    evidence,
  } = command.data;
  if (state.status !== 'none') {
    throw conflict(`grid event ${gridEventId} of client ${clientId} was already received (problem ${problemId})`, {
      problemId,
      gridEventId,
    });
  }
  const recorded = decideProblem(
    {
      type: 'RecordProblem',
      data: {
        problemId,
        communityCode,
        category,
        description,
        source: 'grid',
        foundOn,
        ...(location ? { location } : {}),
        ...(evidence?.length ? { evidence } : {}),
      },
    },
    state,
    ctx,
  );
  const received: GridProblemReceived = {
    type: 'GridProblemReceived',
    version: 1,
    data: { problemId, communityCode, clientId, gridEventId, gridCellId, classCode, className, category, reportedAt },
  };
  return [received, ...recorded];
}

export const gridProblemDecider = (ctx: DecisionContext) => ({
  initialState: initialProblem,
  evolve: (s: Problem, e: GridLinkEvent) => (e.type === 'GridProblemReceived' ? s : evolveProblem(s, e)),
  decide: (command: ReceiveGridProblem, state: Problem) => decideGridProblem(command, state, ctx),
});
