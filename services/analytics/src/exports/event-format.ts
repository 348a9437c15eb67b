import type { RecordedEvent } from '@chuangwen/contracts';

export type EventFormat = 'ndjson' | 'csv';

/** CSV columns: the envelope flattened, `data` as one JSON cell (its shape is per type: see docs/schemas). */
export const EVENT_CSV_COLUMNS = [
  'position',
  'eventId',
  'type',
  'version',
  'streamId',
  'revision',
  'recordedAt',
  'occurredAt',
  'jurisdictionCode',
  'actorId',
  'actorRoles',
  'actorJurisdiction',
  'correlationId',
  'causationId',
  'data',
] as const;

/** RFC 4180: quote a cell holding a comma, quote, CR or LF; double the quotes inside. */
export function csvCell(value: unknown): string {
  const s =
    value === undefined || value === null
      ? ''
      : typeof value === 'string'
        ? value
        : typeof value === 'object'
          ? JSON.stringify(value)
          : String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const csvLine = (cells: readonly unknown[]): string => `${cells.map(csvCell).join(',')}\r\n`;

export function eventCsvLine(e: RecordedEvent): string {
  const m = e.metadata;
  return csvLine([
    e.position,
    e.eventId,
    e.type,
    e.version,
    e.streamId,
    e.revision,
    e.recordedAt,
    m.occurredAt,
    m.jurisdictionCode,
    m.actor.id,
    m.actor.roles.join(';'),
    m.actor.jurisdiction,
    m.correlationId,
    m.causationId,
    e.data,
  ]);
}

/** One event per line, the envelope as stored (after upcasting), keys in a stable order. */
export function eventNdjsonLine(e: RecordedEvent): string {
  const { position, eventId, type, version, streamId, revision, recordedAt, metadata, data } = e;
  return `${JSON.stringify({ position, eventId, type, version, streamId, revision, recordedAt, metadata, data })}\n`;
}

export const eventHeader = (format: EventFormat): string => (format === 'csv' ? csvLine(EVENT_CSV_COLUMNS) : '');
export const eventLine = (format: EventFormat) => (format === 'csv' ? eventCsvLine : eventNdjsonLine);
