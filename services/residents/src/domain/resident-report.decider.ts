import { conflict, forbidden, isWithin, nameBasedId, notFound } from '@chuangwen/contracts';
import type { Actor, ResidentReportEvent } from '@chuangwen/contracts';
import { toDay } from '@chuangwen/scoring-engine';
import type { ResidentReportCommand } from './commands';

/**
 * A resident's report: submitted → accepted (立案, it becomes a problem in inspections) or rejected;
 * once its problem is closed as rectified the reporter may reopen it (back to the office, as a new
 * round). A duplicate of an open report is linked to it and is never accepted on its own.
 */
export type ReportStatus = 'submitted' | 'accepted' | 'rejected' | 'reopened';

export type ResidentReport =
  | { readonly status: 'none' }
  | {
      readonly status: ReportStatus;
      readonly reportId: string;
      readonly communityCode: string;
      readonly category: string;
      readonly reopenSecretHash: string;
      readonly duplicateOf?: string;
      /** Acceptances so far; the current problem is that of the last one. */
      readonly round: number;
      readonly problemId?: string;
    };

export const initialResidentReport = (): ResidentReport => ({ status: 'none' });

export function evolveResidentReport(state: ResidentReport, e: ResidentReportEvent): ResidentReport {
  if (e.type === 'ResidentReportSubmitted') {
    const { reportId, communityCode, category, reopenSecretHash, duplicateOf } = e.data;
    return {
      status: 'submitted',
      reportId,
      communityCode,
      category,
      reopenSecretHash,
      round: 0,
      ...(duplicateOf ? { duplicateOf } : {}),
    };
  }
  if (state.status === 'none') return state;
  switch (e.type) {
    case 'ResidentReportAccepted':
      return { ...state, status: 'accepted', round: e.data.round, problemId: e.data.problemId };
    case 'ResidentReportRejected':
      return { ...state, status: 'rejected' };
    case 'ResidentReportReopened':
      return { ...state, status: 'reopened' };
  }
}

export interface ReportDecisionContext {
  readonly actor: Actor;
  readonly now: Date;
  /** How many days after its closing a report may be reopened. */
  readonly reopenPeriodDays: number;
  /** The China day the report's current problem was verified (closed), as inspections recorded it. */
  readonly closedOn?: string;
}

/** The problem id of a report's n-th acceptance: the report's own id first, so every system sees one id. */
export const problemIdOf = (reportId: string, round: number): string =>
  round <= 1 ? reportId : nameBasedId(`resident-report/${reportId}/round/${round}`);

const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

export function decideResidentReport(
  command: ResidentReportCommand,
  state: ResidentReport,
  ctx: ReportDecisionContext,
): ResidentReportEvent[] {
  if (command.type === 'SubmitResidentReport') {
    if (state.status !== 'none') throw conflict(`report ${command.data.reportId} already exists`);
    return [{ type: 'ResidentReportSubmitted', version: 1, data: command.data }];
  }
  if (state.status === 'none') throw notFound(`report ${command.data.reportId} does not exist`);
  const { reportId, communityCode, category } = state;
  switch (command.type) {
    case 'AcceptResidentReport': {
      inScope(state.communityCode, ctx, reportId);
      if (state.duplicateOf)
        throw conflict(
          `report ${reportId} is linked to report ${state.duplicateOf} (the same problem): accept that one`,
          { duplicateOf: state.duplicateOf },
        );
      if (state.status !== 'submitted' && state.status !== 'reopened')
        throw conflict(`report ${reportId} cannot be accepted: it is ${state.status}`, { status: state.status });
      const round = state.round + 1;
      const note = command.data.note;
      return [
        {
          type: 'ResidentReportAccepted',
          version: 1,
          data: {
            reportId,
            communityCode,
            category,
            problemId: problemIdOf(reportId, round),
            round,
            acceptedBy: ctx.actor.id,
            ...(note ? { note } : {}),
          },
        },
      ];
    }
    case 'RejectResidentReport':
      inScope(state.communityCode, ctx, reportId);
      if (state.status !== 'submitted' && state.status !== 'reopened')
        throw conflict(`report ${reportId} cannot be rejected: it is ${state.status}`, { status: state.status });
      return [
        {
          type: 'ResidentReportRejected',
          version: 1,
          data: { reportId, communityCode, category, reason: command.data.reason, rejectedBy: ctx.actor.id },
        },
      ];
    case 'ReopenResidentReport': {
      // The secret is checked first: without it nobody learns anything about the report's state.
      if (command.data.secretHash !== state.reopenSecretHash)
        throw forbidden(`the secret does not match report ${reportId}`);
      if (state.duplicateOf)
        throw conflict(`report ${reportId} is linked to report ${state.duplicateOf}; that report is the one reopened`, {
          duplicateOf: state.duplicateOf,
        });
      if (state.status !== 'accepted' || !state.problemId || !ctx.closedOn)
        throw conflict(`report ${reportId} is not closed as rectified, so it cannot be reopened`, {
          status: state.status,
        });
      const today = toDay(ctx.now);
      const days = daysBetween(ctx.closedOn, today);
      if (days > ctx.reopenPeriodDays)
        throw conflict(
          `report ${reportId} was closed on ${ctx.closedOn}, ${days} days ago: it can be reopened within ${ctx.reopenPeriodDays} days`,
          { closedOn: ctx.closedOn },
        );
      return [
        {
          type: 'ResidentReportReopened',
          version: 1,
          data: {
            reportId,
            communityCode,
            category,
            problemId: state.problemId,
            reason: command.data.reason,
            closedOn: ctx.closedOn,
          },
        },
      ];
    }
  }
}

function inScope(communityCode: string, ctx: ReportDecisionContext, reportId: string): void {
  if (!isWithin(communityCode, ctx.actor.jurisdiction))
    throw forbidden(
      `report ${reportId} belongs to ${communityCode}, outside your jurisdiction ${ctx.actor.jurisdiction}`,
    );
}

export const residentReportDecider = (ctx: ReportDecisionContext) => ({
  initialState: initialResidentReport,
  evolve: evolveResidentReport,
  decide: (command: ResidentReportCommand, state: ResidentReport) => decideResidentReport(command, state, ctx),
});

/** Checked before a report is submitted: what a DTO cannot see alone. */
export function submissionProblem(data: { lat?: number; long?: number; addressString?: string }): string | undefined {
  if ((data.lat === undefined) !== (data.long === undefined)) return 'lat and long go together';
  if (data.lat === undefined && !data.addressString) return 'a place is needed: lat and long, or address_string';
  return undefined;
}
