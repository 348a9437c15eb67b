import type { DomainEvent } from '../envelope';

/** The stream of a problem the grid reported: the problem's own (`problem-<id>`), see inspections. */

/**
 * v1: the grid-management platform (网格化服务管理, GB/T 30428) reported a problem through its link.
 * Appended to the problem's stream just before its ProblemRecorded, in the same append, so the
 * problem and where it came from travel together (same topic, same key, in order).
 */
export type GridProblemReceived = DomainEvent<
  'GridProblemReceived',
  {
    readonly problemId: string;
    readonly communityCode: string;
    /** The grid client (its key id) that sent it. */
    readonly clientId: string;
    /** The grid platform's own event id (案件号): idempotency is by (clientId, gridEventId). */
    readonly gridEventId: string;
    /** The grid cell (网格) inside the community where it was found. */
    readonly gridCellId: string;
    /** Event class of the grid's code list (大类+小类) and its name. */
    readonly classCode: string;
    readonly className: string;
    /** The platform's problem category the class maps to. */
    readonly category: string;
    /** When the grid worker reported it (ISO 8601, as sent). */
    readonly reportedAt: string;
  }
>;

export type GridEvent = GridProblemReceived;
