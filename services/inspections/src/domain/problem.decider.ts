import { conflict, invalid, notFound } from '@chuangwen/contracts';
import type { InspectionsEvent } from '@chuangwen/contracts';
import type { ProblemCommand } from './commands';
import { assertInScope, canonical, DecisionContext, notInFuture, repeatOrConflict, today } from './context';
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
      /** What was recorded, notified, submitted or refused last, canonically: a resend of it is done. */
      readonly recorded: string;
      readonly notice?: string;
      readonly submission?: string;
      readonly rejection?: string;
      /** Rank of the last escalation step taken (0: none). */
      readonly escalatedStep: number;
    };

export const initialProblem = (): Problem => ({ status: 'none' });

/** A problem as recorded, whatever the day it was sent: the fields of RecordProblem. */
const recordedContent = (d: {
  communityCode: string;
  category: string;
  description: string;
  source: string;
  foundOn: string;
  location?: string;
  inspectionId?: string;
  evidence?: unknown[];
}) => ({
  communityCode: d.communityCode,
  category: d.category,
  description: d.description,
  source: d.source,
  foundOn: d.foundOn,
  location: d.location || undefined,
  inspectionId: d.inspectionId || undefined,
  evidence: d.evidence?.length ? d.evidence : undefined,
});

export function evolveProblem(state: Problem, e: InspectionsEvent): Problem {
  if (e.type === 'ProblemRecorded') {
    const { problemId, communityCode, category } = e.data;
    return {
      status: 'open',
      problemId,
      communityCode,
      category,
      overdue: false,
      recorded: canonical(recordedContent(e.data)),
      escalatedStep: 0,
    };
  }
  if (state.status === 'none') return state;
  switch (e.type) {
    case 'ProblemEvidenceAttached': {
      // Attached by the recording itself (the only source today): part of what was recorded.
      const { location, inspectionId, evidence } = e.data;
      return {
        ...state,
        recorded: canonical({
          ...JSON.parse(state.recorded),
          location,
          inspectionId,
          evidence: evidence.length ? evidence : undefined,
        }),
      };
    }
    case 'RectificationNoticeIssued': {
      const { deadline, requirements, noticeNo } = e.data;
      return { ...state, status: 'noticed', deadline, notice: canonical({ deadline, requirements, noticeNo }) };
    }
    case 'RectificationSubmitted':
      return {
        ...state,
        status: 'submitted',
        submission: canonical({ description: e.data.description, evidence: e.data.evidence }),
      };
    case 'RectificationRejected':
      return { ...state, status: 'rejected', rejection: canonical(e.data.reason) };
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
    if (state.status !== 'none')
      return repeatOrConflict(state.recorded, recordedContent(command.data), `problem ${command.data.problemId}`);
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
      const { deadline, requirements, noticeNo } = command.data;
      if (problem.notice === canonical({ deadline, requirements, noticeNo })) return []; // a resend of the notice
      requireStatus(problem, ['open'], 'issue a rectification notice for');
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
      if (
        problem.status === 'submitted' &&
        problem.submission === canonical({ description: command.data.description, evidence: command.data.evidence })
      )
        return [];
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
      if (problem.status === 'verified') return []; // a resend: already verified
      requireStatus(problem, ['submitted'], 'verify the rectification of');
      return [
        {
          type: 'RectificationVerified',
          version: 1,
          data: { problemId, communityCode, category, wasOverdue: problem.overdue, verifiedOn: day },
        },
      ];
    case 'RejectRectification':
      if (problem.status === 'rejected' && problem.rejection === canonical(command.data.reason)) return [];
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
