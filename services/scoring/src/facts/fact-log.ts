import { internDay, rememberedByHour, toDay } from '@chuangwen/scoring-engine';
import type { FactEvent } from './scoring-events';

/**
 * A community's fact log: each fact event it received, reduced to what refolding its facts
 * (as-of figures) and explaining a figure need, in a positional form. A national log holds tens of
 * millions of entries, so they carry no ids, names or free text: the whole event is in the event
 * store at `position` (and in the analysts' exports).
 */
export interface FoldEntry {
  /** Global position of the event. */
  readonly position: number;
  readonly type: FactEvent['type'];
  /** China day the event was recorded. */
  readonly recordedOn: string;
  /** The fields of the event's data that change facts. */
  readonly data: Record<string, unknown>;
}

/** An entry as reads at a moment and explanations see it: when it was recorded and when its fact occurred. */
export interface FactLogEntry extends FoldEntry {
  /**
   * When it was recorded, in ms since 1970, to the second (`knownAt`: what the platform knew at an
   * instant). An entry written before the log kept the time (scoring.scorecards.v3) has only its
   * day: it is placed at the start of that China day.
   */
  readonly recordedAt: number;
  /**
   * The China day the fact occurred (`asOf`: what happened by a day): the activity held, the survey
   * conducted, the problem found, the incident occurred… A correction (an incident dismissed) has
   * none of its own: it goes wherever what it corrects goes (''). A fact without a day (a profile,
   * a declaration) occurs when recorded.
   */
  readonly occurredOn: string;
}

/**
 * As stored: [position, day recorded, tag, ...the type's fields in order, second recorded]. Days are
 * numbers: the day recorded counts days since 1970-01-01, and a day in the fields counts days
 * before the day recorded (usually 0 or a few). A national log holds tens of millions of days: 1–5
 * digits each instead of a quoted 10-character date. The second recorded counts seconds since the
 * China midnight of the day recorded; entries written before v4 end with the fields (no second).
 */
export type EncodedEntry = readonly [number, number, string, ...unknown[]];

type Codec = readonly [tag: string, fields: readonly string[]];
const CODECS: Record<FactEvent['type'], Codec> = {
  ActivityHeld: ['A', ['kind', 'scale', 'participants', 'heldAt']],
  SurveyRecorded: ['S', ['topic', 'sampleSize', 'positive', 'conductedOn']],
  InspectionItemScored: ['I', ['standardId', 'indicatorId', 'points', 'scoredOn']],
  FacilityRecorded: ['F', ['facility', 'present', 'recordedOn']],
  ProblemRecorded: ['P', ['category', 'foundOn']],
  RectificationOverdue: ['O', ['category', 'deadline']],
  RectificationVerified: ['V', ['category', 'wasOverdue', 'verifiedOn']],
  IncidentReported: ['R', ['incidentId', 'kind', 'occurredOn']],
  IncidentConfirmed: ['C', ['incidentId', 'kind', 'occurredOn']],
  IncidentDismissed: ['D', ['incidentId', 'kind']],
  IndicatorDeclaredNotApplicable: ['N', ['standardId', 'indicatorId']],
  CommunityProfileUpdated: ['U', ['quantities', 'attributes']],
  VolunteerRegistered: ['+', ['registeredOn']],
  VolunteerDeregistered: ['-', ['deregisteredOn']],
};

/**
 * The field holding the day each type's fact occurred (the day after the deadline for an overdue
 * rectification: it is overdue once the deadline has passed). Absent: it occurs when recorded.
 * Fields added in v4 (foundOn, deadline, verifiedOn, registeredOn, deregisteredOn) are missing from
 * older entries, which then occur when recorded.
 */
const OCCURRED: Partial<Record<FactEvent['type'], { field: string; after?: number }>> = {
  ActivityHeld: { field: 'heldAt' },
  SurveyRecorded: { field: 'conductedOn' },
  InspectionItemScored: { field: 'scoredOn' },
  FacilityRecorded: { field: 'recordedOn' },
  ProblemRecorded: { field: 'foundOn' },
  RectificationOverdue: { field: 'deadline', after: 1 },
  RectificationVerified: { field: 'verifiedOn' },
  IncidentReported: { field: 'occurredOn' },
  IncidentConfirmed: { field: 'occurredOn' },
  VolunteerRegistered: { field: 'registeredOn' },
  VolunteerDeregistered: { field: 'deregisteredOn' },
};
/** Corrections: they apply wherever what they correct applies. */
const TIMELESS = new Set<FactEvent['type']>(['IncidentDismissed']);

/** The fields of a fact event's data its entry keeps. */
export const entryFields = (type: FactEvent['type']): readonly string[] => CODECS[type][1];

/** Fields holding a day (an activity's instant is kept as its China day: only its year counts). */
const DAYS = new Set([
  'heldAt',
  'conductedOn',
  'scoredOn',
  'recordedOn',
  'occurredOn',
  'foundOn',
  'deadline',
  'verifiedOn',
  'registeredOn',
  'deregisteredOn',
]);

/** Each type's codec with its day fields marked (no set lookup a field), by type and by tag. */
type Coding = { type: FactEvent['type']; tag: string; fields: readonly string[]; days: readonly boolean[] };
const CODINGS: Coding[] = Object.entries(CODECS).map(([type, [tag, fields]]) => ({
  type: type as FactEvent['type'],
  tag,
  fields,
  days: fields.map((f) => DAYS.has(f)),
}));
const ENCODERS = Object.fromEntries(CODINGS.map((c) => [c.type, c])) as Record<FactEvent['type'], Coding>;
const BY_TAG = new Map(CODINGS.map((c) => [c.tag, c]));

/**
 * The entry of a fact event recorded at `recordedAt` (an ISO instant; a bare day, in tests, is its
 * China midnight).
 */
export function encodeEntry(
  event: Pick<FactEvent, 'type' | 'data'>,
  position: number,
  recordedAt: string,
): EncodedEntry {
  const { tag, fields, days } = ENCODERS[event.type];
  const data = event.data as Record<string, unknown>;
  const recorded = numbers.get(recordedAt) ?? recordingDayNumber(recordedAt);
  const entry: [number, number, string, ...unknown[]] = [position, recorded, tag];
  for (let i = 0; i < fields.length; i++) {
    const v = data[fields[i]] ?? null;
    entry.push(v !== null && days[i] ? recorded - dayNumberOf(v as string) : v);
  }
  entry.push(chinaSecond(recordedAt));
  return entry;
}

/** What refolding needs (the replay's hot path decodes millions: no instant, no occurrence day). */
export function decodeFoldEntry(entry: EncodedEntry): FoldEntry {
  const [position, recorded, tag] = entry;
  const codec = BY_TAG.get(tag);
  if (!codec) throw new Error(`fact log: unknown tag ${tag}`);
  const data: Record<string, unknown> = {};
  for (let i = 0; i < codec.fields.length; i++) {
    const v = entry[i + 3];
    if (v !== null && v !== undefined)
      data[codec.fields[i]] = codec.days[i] ? dayOfNumber(recorded - (v as number)) : v;
  }
  return { position, type: codec.type, recordedOn: dayOfNumber(recorded), data };
}

export function decodeEntry(entry: EncodedEntry): FactLogEntry {
  const e = decodeFoldEntry(entry);
  const second = (entry[ENCODERS[e.type].fields.length + 3] as number | undefined) ?? 0;
  return {
    ...e,
    recordedAt: dayNumber(e.recordedOn) * DAY_MS - CHINA_OFFSET_MS + second * 1000,
    occurredOn: occurredOn(e.type, e.data, e.recordedOn),
  };
}

function occurredOn(type: FactEvent['type'], data: Record<string, unknown>, recordedOn: string): string {
  if (TIMELESS.has(type)) return '';
  const o = OCCURRED[type];
  const day = o && (data[o.field] as string | undefined);
  if (!day) return recordedOn;
  return o.after ? dayOfNumber(dayNumber(day) + o.after) : day;
}

const DAY_MS = 86_400_000;
const CHINA_OFFSET_MS = 8 * 3600_000;
const numbers = new Map<string, number>();
const days: string[] = [];

/** Days since 1970-01-01 of an ISO day (remembered: a log has a few thousand distinct days). */
export function dayNumber(day: string): number {
  let n = numbers.get(day);
  if (n === undefined) {
    n = Date.UTC(+day.slice(0, 4), +day.slice(5, 7) - 1, +day.slice(8, 10)) / DAY_MS;
    numbers.set(day, n);
  }
  return n;
}

export function dayOfNumber(n: number): string {
  return (days[n] ??= internDay(new Date(n * DAY_MS).toISOString().slice(0, 10)));
}

/** Days since 1970 of the China day of a day or an instant (as `toDay` reads it), remembered: a day by its text, an instant by its hour. */
function dayNumberOf(value: string): number {
  return numbers.get(value) ?? instantDayNumber(value);
}
const instantDayNumber = rememberedByHour((at) => dayNumber(toDay(at)));
/** The same for recording instants (its own memory: they alternate with the fields' instants). */
const recordingDayNumber = rememberedByHour((at) => dayNumber(toDay(at)));

/**
 * Seconds since China midnight of an instant (0 for a bare day). The store's instants are
 * `toISOString()` text: read by character codes, no Date per event (a rebuild reads millions).
 */
export function chinaSecond(at: string): number {
  if (at.length === 10) return 0;
  if (
    at.length >= 20 &&
    at[10] === 'T' &&
    at[13] === ':' &&
    at[16] === ':' &&
    (at[19] === 'Z' || at[19] === '.') &&
    at.endsWith('Z')
  ) {
    const n = (i: number) => (at.charCodeAt(i) - 48) * 10 + at.charCodeAt(i + 1) - 48;
    return ((n(11) + 8) % 24) * 3600 + n(14) * 60 + n(17);
  }
  const t = Date.parse(at);
  if (Number.isNaN(t)) throw new Error(`not an instant: ${at}`);
  return Math.floor(((((t + CHINA_OFFSET_MS) % DAY_MS) + DAY_MS) % DAY_MS) / 1000);
}

/** The entry as the fact event the fold and the explanation read. */
export const asFactEvent = (e: FoldEntry) => ({ type: e.type, version: 1, data: e.data }) as FactEvent;

/**
 * Files an entry in position order; an entry already there is not filed again (a replayed event,
 * or one arriving late from another lane in distributed mode). Mutates `entries`.
 */
export function fileEntry(entries: EncodedEntry[], entry: EncodedEntry): boolean {
  const p = entry[0];
  let i = entries.length;
  while (i > 0 && entries[i - 1][0] > p) i--;
  if (i > 0 && entries[i - 1][0] === p) return false;
  entries.splice(i, 0, entry);
  return true;
}
