import { COUNTRY_CODE } from '@chuangwen/contracts';
import type { RecordedEvent } from '@chuangwen/contracts';

/**
 * Which events an export keeps. Every field is optional; an empty filter keeps everything the
 * caller may read. Times are ISO 8601 instants or days; `to` is exclusive.
 */
export interface EventFilter {
  /** Event types to keep (any version; events are exported at their current version). */
  readonly types?: readonly string[];
  /** Jurisdiction code prefix: '6201' keeps 兰州市 and everything below it. */
  readonly jurisdiction?: string;
  readonly from?: string;
  readonly to?: string;
  /** Which clock `from`/`to` read: when the store recorded the event (default) or when it happened. */
  readonly time?: 'recorded' | 'occurred';
}

/** The prefix a code stands for: trailing zero groups dropped (620100 → 6201, 620102001 → 620102001). */
export function jurisdictionPrefix(code: string): string {
  if (code === COUNTRY_CODE) return '';
  if (code.length > 6) return code.replace(/(000)+$/, '');
  return code.replace(/(00)+$/, '');
}

/** A day becomes the start of that day in China time, so `to=2025-01-01` ends with 2024. */
export function toInstant(value: string): number {
  const day = /^\d{4}-\d{2}-\d{2}$/.test(value);
  return Date.parse(day ? `${value}T00:00:00+08:00` : value);
}

export function matcher(filter: EventFilter): (event: RecordedEvent) => boolean {
  const types = filter.types?.length ? new Set(filter.types) : undefined;
  const prefix = filter.jurisdiction === undefined ? undefined : jurisdictionPrefix(filter.jurisdiction);
  const from = filter.from ? toInstant(filter.from) : undefined;
  const to = filter.to ? toInstant(filter.to) : undefined;
  const clock =
    filter.time === 'occurred' ? (e: RecordedEvent) => e.metadata.occurredAt : (e: RecordedEvent) => e.recordedAt;
  return (e) => {
    if (types && !types.has(e.type)) return false;
    if (prefix && !e.metadata.jurisdictionCode.startsWith(prefix)) return false;
    if (from !== undefined || to !== undefined) {
      const t = Date.parse(clock(e));
      if (from !== undefined && t < from) return false;
      if (to !== undefined && t >= to) return false;
    }
    return true;
  };
}
