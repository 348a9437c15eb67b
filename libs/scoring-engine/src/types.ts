import type {
  ActivityKind,
  ActivityScale,
  AttributeId,
  FacilityId,
  IncidentKind,
  Method,
  ProblemCategory,
  QuantityId,
  SurveyTopic,
} from './catalogs';

/** A calendar day 'YYYY-MM-DD' in China Standard Time (UTC+8). Compares correctly as a string. */
export type IsoDay = string;

/** A duration; at least one part is positive. */
export interface Period {
  years?: number;
  months?: number;
  days?: number;
}

/**
 * Where a rule looks for its facts, ending on the evaluation day: the calendar year of that day,
 * the standard's cycle, or an explicit period.
 */
export type Window = 'calendar_year' | 'cycle' | Period;

/** Where a standard, an indicator or a veto comes from: a seed file (or other document) and its words. */
export interface Citation {
  /** 'seed:000_7247369011c4dc8d', or another document's name. */
  source: string;
  /** The section as the source numbers it, e.g. '(四)6' or '二、申报条件 2.②'. */
  section: string;
  /** The requirement in the source's words, briefly. */
  quote: string;
  /** What the encoding adds or assumes beyond the source. */
  note?: string;
}

/** A threshold, fixed or chosen by a community attribute (e.g. green ratio by kind of estate). */
export type Threshold = number | { attribute: AttributeId; byValue: Record<string, number> };

/**
 * Linear partial credit. Absent: all or nothing. Otherwise a value at or below `partialFrom` scores
 * 0 and points rise linearly up to the threshold (0 means proportional to the threshold).
 */
interface Graded {
  threshold: Threshold;
  /** true: the value must exceed the threshold (大于); default false: reach it (达到/不少于). */
  strict?: boolean;
  partialFrom?: number;
}

export interface SurveyRateThresholdRule extends Graded {
  kind: 'survey_rate_threshold';
  topic: SurveyTopic;
  /** A smaller sample leaves the indicator awaiting data. */
  minSample: number;
  /** Default 'cycle': an older survey does not count. */
  within?: Window;
}

export interface EventCountMinRule {
  kind: 'event_count_min';
  activityKinds: ActivityKind[];
  /** Count only this scale; absent: both. */
  scale?: ActivityScale;
  /** Total over the window. */
  min: number;
  /** Counts are kept per calendar year: the window covers whole calendar years (see docs). */
  within: Window;
  partialFrom?: number;
}

export interface PresenceRule {
  kind: 'presence';
  /** Points of the items add up to the indicator's maxPoints. */
  items: { facility: FacilityId; points: number }[];
  /** If set, an item counts only when recorded or verified inside the window (e.g. 甘肃: two-year archives). */
  within?: Window;
}

export interface DeductionPerProblemRule {
  kind: 'deduction_per_problem';
  categories: ProblemCategory[];
  /** Deducted per open problem (overdue ones included). */
  perOpen: number;
  /** Deducted in addition per problem whose rectification deadline has passed. */
  perOverdue: number;
}

export interface RatioTargetRule extends Graded {
  kind: 'ratio_target';
  numerator: QuantityId;
  denominator: QuantityId;
}

export interface InspectorScoredRule {
  kind: 'inspector_scored';
  /** 'latest': the latest score inside the window; 'mean': mean of the scores of the window's years. */
  aggregate: 'latest' | 'mean';
  within: Window;
}

export interface NoIncidentRule {
  kind: 'no_incident';
  incidentKinds: IncidentKind[];
  within: Window;
}

export type Rule =
  | SurveyRateThresholdRule
  | EventCountMinRule
  | PresenceRule
  | DeductionPerProblemRule
  | RatioTargetRule
  | InspectorScoredRule
  | NoIncidentRule;
export type RuleKind = Rule['kind'];

/** 'all', or only where an attribute has one of the values, or only where a facility is present. */
export type Applicability = 'all' | { attribute: AttributeId; in: string[] } | { facility: FacilityId };

export interface Indicator {
  /** Unique in the standard; stable across versions while the indicator keeps its meaning. */
  id: string;
  title: string;
  maxPoints: number;
  method: Method;
  applicability: Applicability;
  source: Citation;
  rule: Rule;
}

export interface Category {
  id: string;
  title: string;
  /** If declared, the indicators' maxPoints add up to it. */
  points?: number;
  indicators: Indicator[];
}

export interface VetoCondition {
  id: string;
  title: string;
  incidentKinds: IncidentKind[];
  /** A confirmed incident dated inside this window before the evaluation day vetoes. */
  lookBack: Period;
  source: Citation;
}

export interface Standard {
  id: string;
  /** Integer; a new version supersedes the previous one from its effectiveFrom. */
  version: number;
  title: string;
  /** 6-digit GB/T 2260 code of the publishing office, '000000' for national. */
  issuingAuthority: string;
  effectiveFrom: IsoDay;
  effectiveTo?: IsoDay;
  cycle: Period;
  /** On the normalised 100 scale. */
  passMark: number;
  /** If declared, the categories' points (or indicators' maxPoints) add up to it. */
  totalPoints?: number;
  /** If declared, every indicator uses one of these methods. */
  methods?: Method[];
  /** The community may declare an indicator not applicable in writing, excluding it (甘肃 三.3). */
  notApplicableByDeclaration: boolean;
  source: Citation;
  /** What the encoding could not take from the source, in plain words. */
  notes?: string[];
  categories: Category[];
  vetoes: VetoCondition[];
}
