import type { EventCatalog } from '@chuangwen/contracts';
import type { EventStore } from '@chuangwen/event-store';
import { EventFilter, matcher } from './event-filter';
import { EventFormat, eventHeader, eventLine } from './event-format';

export interface ExportProgress {
  /** Log position reached, against the head when the export began. */
  readonly position: number;
  readonly head: number;
  readonly scanned: number;
  readonly exported: number;
}

export interface EventExportOptions {
  readonly filter?: EventFilter;
  readonly format: EventFormat;
  /** Events read per page from the store: memory is bounded by one page, whatever the range. */
  readonly pageSize?: number;
  readonly catalog?: EventCatalog;
  readonly onProgress?: (p: ExportProgress) => void;
}

/**
 * The events of a filter as text chunks (one per page), read page by page as the consumer pulls:
 * wrapped in `Readable.from`, a slow reader (an HTTP client) holds the store back, so memory stays
 * constant over any range. The export ends at the head it saw when it began: a stable snapshot.
 */
export async function* exportEvents(store: EventStore, options: EventExportOptions): AsyncGenerator<string> {
  const keep = matcher(options.filter ?? {});
  const line = eventLine(options.format);
  const pageSize = options.pageSize ?? 2000;
  const head = await store.headPosition();
  let after = -1;
  let scanned = 0;
  let exported = 0;
  const header = eventHeader(options.format);
  if (header) yield header;
  while (after < head) {
    const page = await store.readAll({ after, maxCount: pageSize });
    if (page.length === 0) break;
    let chunk = '';
    for (const raw of page) {
      if (raw.position > head) break;
      const e = options.catalog?.upcast(raw) ?? raw;
      scanned++;
      if (!keep(e)) continue;
      exported++;
      chunk += line(e);
    }
    after = Math.min(page[page.length - 1].position, head);
    options.onProgress?.({ position: after, head, scanned, exported });
    if (chunk) yield chunk;
  }
}
