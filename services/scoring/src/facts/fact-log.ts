import { toDay } from '@chuangwen/scoring-engine';
import type { FactEvent } from './scoring-events';

/**
 * A community's fact log: each fact event it received, reduced to what refolding its facts
 * (as-of figures) and explaining a figure need, in a positional form. A national log holds tens of
 * millions of entries, so they carry no ids, names or free text: the whole event is in the event
 * store at `position` (and in the analysts' exports).
 */
export interface FactLogEntry {
  /** Global position of the event. */
  readonly position: number;
  readonly type: FactEvent['type'];
  /** China day the event was recorded: as-of figures are the facts known by the end of a day. */
  readonly recordedOn: string;
  /** The fields of the event's data that change facts. */
  readonly data: Record<string, unknown>;
}

/** As stored: [position, recordedOn, tag, ...the type's fields in order]. */
export type EncodedEntry = readonly [number, string, string, ...unknown[]];

type Codec = readonly [tag: string, fields: readonly string[]];
const CODECS: Record<FactEvent['type'], Codec> = {
  ActivityHeld: ['A', ['kind', 'scale', 'participants', 'heldAt']],
  SurveyRecorded: ['S', ['topic', 'sampleSize', 'positive', 'conductedOn']],
  InspectionItemScored: ['I', ['standardId', 'indicatorId', 'points', 'scoredOn']],
  FacilityRecorded: ['F', ['facility', 'present', 'recordedOn']],
  ProblemRecorded: ['P', ['category']],
  RectificationOverdue: ['O', ['category']],
  RectificationVerified: ['V', ['category', 'wasOverdue']],
  IncidentReported: ['R', ['incidentId', 'kind', 'occurredOn']],
  IncidentConfirmed: ['C', ['incidentId', 'kind', 'occurredOn']],
  IncidentDismissed: ['D', ['incidentId', 'kind']],
  IndicatorDeclaredNotApplicable: ['N', ['standardId', 'indicatorId']],
  CommunityProfileUpdated: ['U', ['quantities', 'attributes']],
  VolunteerRegistered: ['+', []],
  VolunteerDeregistered: ['-', []],
};
const BY_TAG = new Map(Object.entries(CODECS).map(([type, [tag, fields]]) => [tag, { type: type as FactEvent['type'], fields }]));

export function encodeEntry(event: Pick<FactEvent, 'type' | 'data'>, position: number, recordedOn: string): EncodedEntry {
  const [tag, fields] = CODECS[event.type];
  const data = event.data as Record<string, unknown>;
  // Only the China day of an activity counts (its year); a day is shorter than an instant.
  const value = (f: string) => (f === 'heldAt' ? toDay(data.heldAt as string) : (data[f] ?? null));
  return [position, recordedOn, tag, ...fields.map(value)];
}

export function decodeEntry(entry: EncodedEntry): FactLogEntry {
  const [position, recordedOn, tag, ...values] = entry;
  const codec = BY_TAG.get(tag);
  if (!codec) throw new Error(`fact log: unknown tag ${tag}`);
  const data: Record<string, unknown> = {};
  codec.fields.forEach((f, i) => values[i] !== null && values[i] !== undefined && (data[f] = values[i]));
  return { position, type: codec.type, recordedOn, data };
}

/** The entry as the fact event the fold and the explanation read. */
export const asFactEvent = (e: FactLogEntry) => ({ type: e.type, version: 1, data: e.data }) as FactEvent;

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
