import type { IncidentKind, Method } from './catalogs';
import type { IsoDay } from './types';

/**
 * How an indicator stands: `met` full points; `partial` some points, short of the maximum; `not_met`
 * 0 points; `awaiting_data` 0 for now (the facts it needs are not recorded yet); `not_applicable`
 * excluded from the maximum. Only `met` meets the requirement: `IndicatorScore.met` says so as a boolean.
 */
export type IndicatorStatus = 'met' | 'partial' | 'not_met' | 'not_applicable' | 'awaiting_data';

export interface IndicatorScore {
  id: string;
  categoryId: string;
  title: string;
  method: Method;
  points: number;
  maxPoints: number;
  status: IndicatorStatus;
  /** true exactly when status is 'met' (full points); partial, not met, awaiting data and not applicable are false. */
  met: boolean;
  /** Why the indicator is short of its maximum (or excluded), in Chinese then English; absent when met. */
  cause: string | undefined;
}

export interface CategoryScore {
  id: string;
  title: string;
  points: number;
  maxPoints: number;
  /** maxPoints without the indicators that do not apply. */
  applicableMax: number;
}

export interface VetoHit {
  vetoId: string;
  /** The veto condition's title in the standard's words (重大安全责任事故和重大刑事案件). */
  title: string;
  /** What happened, in Chinese then English: `2024-09-12 发生重大安全责任事故 (major safety accident, incident-17)`. */
  cause: string;
  kind: IncidentKind;
  date: IsoDay;
  ref?: string;
  /** First day this incident no longer vetoes (date + look-back). */
  until: IsoDay;
}

export interface VetoResult {
  vetoed: boolean;
  /** Confirmed incidents inside a veto's look-back window. */
  incidents: VetoHit[];
  /** Reported, not yet confirmed incidents that would veto if confirmed. */
  pending: VetoHit[];
  /** First day on which none of `incidents` vetoes any more. */
  until?: IsoDay;
}

export interface Scorecard {
  standard: { id: string; version: number; title: string };
  asOf: IsoDay;
  indicators: IndicatorScore[];
  categories: CategoryScore[];
  /** Sum of points. */
  raw: number;
  /** Sum of maxPoints of the indicators that apply. */
  applicableMax: number;
  /** raw / applicableMax on the 100 scale (an item that does not apply is excluded, 甘肃 三.3). */
  total: number;
  passMark: number;
  veto: VetoResult;
  /** total ≥ passMark and not vetoed. */
  passed: boolean;
  /** Indicators still waiting for data (they count 0 meanwhile, so `total` is a lower bound). */
  awaitingData: number;
  /** The indicators not met, partial or awaiting data: the same objects as in `indicators`. */
  gaps: IndicatorScore[];
}
