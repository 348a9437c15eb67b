import { conflict, invalid, notFound } from '@chuangwen/contracts';
import type { InspectionsEvent } from '@chuangwen/contracts';
import type { ProblemCommand } from './commands';
import { assertInScope, DecisionContext, notInFuture, today } from './context';
import { daysOverdue, officeAt } from './escalation';

export type RectificationStatus = 'open' | 'noticed' | 'submitted' | 'rejected' | 'verified';

/**
 * One problem and its rectification, folded from its stream. `overdue` is a flag beside the status:
 * a late rectification can still be submitted and verified, and is verified as overdue.
 */
export type Problem =
  | { readonly status: 'none' }
  | {
      readonly status: RectificationStatus;
      readonly problemId: string;
      readonly communityCode: string;
      readonly category: string;
      readonly deadline?: string;
      readonly overdue: boolean;
      /** Rank of the last escalation step taken (0: none). */
      readonly escalatedStep: number;
    };

export const initialProblem = (): Problem => ({ status: 'none' });

export function evolveProblem(state: Problem, e: InspectionsEvent): Problem {
  if (e.type === 'ProblemRecorded') {
    const { problemId, communityCode, category } = e.data;
    return { status: 'open', problemId, communityCode, category, overdue: false, escalatedStep: 0 };
  }
  if (state.status === 'none') return state;
  switch (e.type) {
    case 'RectificationNoticeIssued':
      return { ...state, status: 'noticed', deadline: e.data.deadline };
    case 'RectificationSubmitted':
      return { ...state, status: 'submitted' };
    case 'RectificationRejected':
      return { ...state, status: 'rejected' };
    case 'RectificationVerified':
      return { ...state, status: 'verified' };
    case 'RectificationOverdue':
      return { ...state, overdue: true };
    case 'RectificationEscalated':
      return { ...state, escalatedStep: Math.max(state.escalatedStep ?? 0, e.data.step) };
    default:
      return state;
  }
}

type Existing = Exclude<Problem, { status: 'none' }>;

/**
 * 发现问题 → 整改通知书 (deadline) → 整改 submitted → verified, or rejected back to the community and
 * submitted again. The deadline passing before verification marks it overdue, once.
 */
export function decideProblem(command: ProblemCommand, state: Problem, ctx: DecisionContext): InspectionsEvent[] {
  if (command.type === 'RecordProblem') {
    if (state.status !== 'none') throw conflict(`problem ${command.data.problemId} already exists`);
    const { location, inspectionId, evidence, ...recorded } = command.data;
    notInFuture(recorded.foundOn, ctx, 'foundOn');
    const events: InspectionsEvent[] = [{ type: 'ProblemRecorded', version: 1, data: recorded }];
    if (location || inspectionId || evidence?.length) {
      events.push({
        type: 'ProblemEvidenceAttached',
        version: 1,
        data: {
          problemId: recorded.problemId,
          communityCode: recorded.communityCode,
          ...(location ? { location } : {}),
          ...(inspectionId ? { inspectionId } : {}),
          evidence: evidence ?? [],
        },
      });
    }
    return events;
  }
  const problem = existing(state, command.data.problemId, ctx);
  const { problemId, communityCode, category } = problem;
  const day = today(ctx);
  switch (command.type) {
    case 'IssueRectificationNotice': {
      requireStatus(problem, ['open'], 'issue a rectification notice for');
      const { deadline, requirements, noticeNo } = command.data;
      if (deadline < day) throw invalid(`deadline ${deadline} is before today (${day})`, { field: 'deadline' });
      return [
        {
          type: 'RectificationNoticeIssued',
          version: 1,
          data: {
            problemId,
            communityCode,
            category,
            deadline,
            requirements,
            issuedOn: day,
            ...(noticeNo ? { noticeNo } : {}),
          },
        },
      ];
    }
    case 'SubmitRectification':
      requireStatus(problem, ['noticed', 'rejected'], 'submit a rectification of');
      return [
        {
          type: 'RectificationSubmitted',
          version: 1,
          data: {
            problemId,
            communityCode,
            category,
            description: command.data.description,
            evidence: command.data.evidence,
            submittedOn: day,
          },
        },
      ];
    case 'VerifyRectification':
      requireStatus(problem, ['submitted'], 'verify the rectification of');
      return [
        {
          type: 'RectificationVerified',
          version: 1,
          data: { problemId, communityCode, category, wasOverdue: problem.overdue, verifiedOn: day },
        },
      ];
    case 'RejectRectification':
      requireStatus(problem, ['submitted'], 'reject the rectification of');
      return [
        {
          type: 'RectificationRejected',
          version: 1,
          data: { problemId, communityCode, category, reason: command.data.reason, rejectedOn: day },
        },
      ];
    case 'MarkRectificationOverdue':
      // Idempotent for the scheduler: what is already overdue or closed stays as it is.
      if (problem.overdue || problem.status === 'verified') return [];
      if (!problem.deadline) throw conflict(`problem ${problemId} has no rectification notice, so no deadline`);
      if (problem.deadline >= day)
        throw conflict(`the deadline ${problem.deadline} of problem ${problemId} has not passed (today is ${day})`);
      return [
        {
          type: 'RectificationOverdue',
          version: 1,
          data: { problemId, communityCode, category, deadline: problem.deadline },
        },
      ];
    case 'EscalateRectification': {
      // Idempotent for the scheduler: steps already taken are not taken again, a closed one never.
      if (!problem.overdue || problem.status === 'verified' || !problem.deadline) return [];
      const days = daysOverdue(problem.deadline, day);
      const { ladderOf, steps } = command.data.ladder;
      return steps.flatMap((s, i) => {
        const step = i + 1;
        if (step <= problem.escalatedStep || s.afterDays > days) return [];
        return [
          {
            type: 'RectificationEscalated' as const,
            version: 1,
            data: {
              problemId,
              communityCode,
              category,
              step,
              level: s.level,
              notifiedCode: officeAt(communityCode, s.level),
              daysOverdue: days,
              deadline: problem.deadline!,
              supervised: s.supervised,
              bulletin: s.bulletin,
              ladderOf,
              at: ctx.now.toISOString(),
            },
          },
        ];
      });
    }
  }
}

const EXPECTS: Record<RectificationStatus, string> = {
  open: 'has no rectification notice yet',
  noticed: 'awaits the community’s rectification',
  submitted: 'has a rectification awaiting verification',
  rejected: 'had its rectification rejected; it awaits a new submission',
  verified: 'was rectified and verified (closed)',
};

function requireStatus(problem: Existing, allowed: RectificationStatus[], verb: string): void {
  if (!allowed.includes(problem.status)) {
    throw conflict(`cannot ${verb} problem ${problem.problemId}: it ${EXPECTS[problem.status]}`, {
      status: problem.status,
    });
  }
}

function existing(state: Problem, problemId: string, ctx: DecisionContext): Existing {
  if (state.status === 'none') throw notFound(`problem ${problemId} does not exist`);
  assertInScope(state.communityCode, ctx, `problem ${problemId}`);
  return state;
}

export const problemDecider = (ctx: DecisionContext) => ({
  initialState: initialProblem,
  evolve: evolveProblem,
  decide: (command: ProblemCommand, state: Problem) => decideProblem(command, state, ctx),
});
