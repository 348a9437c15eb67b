import { COUNTRY_CODE, platformEventCatalog } from '@chuangwen/contracts';
import type { EventStore } from '@chuangwen/event-store';
import { REPORT_EVENT_TYPES, ReportEvent } from '../domain/problem-ledger';

const TYPES = new Set<string>(REPORT_EVENT_TYPES);

/** The prefix a code stands for: trailing zero groups dropped (620100 → 6201), as the exports read it. */
export function prefixOf(code: string): string {
  if (code === COUNTRY_CODE) return '';
  return code.length > 6 ? code.replace(/(000)+$/, '') : code.replace(/(00)+$/, '');
}

/**
 * The inspections events about communities under `code`, in log order, read page by page from the
 * event store (at their current version). A scan of the log: a report pays for it once per request.
 */
export async function reportEvents(store: EventStore, code: string, pageSize = 5000): Promise<ReportEvent[]> {
  const prefix = prefixOf(code);
  const catalog = platformEventCatalog();
  const head = await store.headPosition();
  const out: ReportEvent[] = [];
  for (let after = -1; after < head;) {
    const page = await store.readAll({ after, maxCount: pageSize });
    if (!page.length) break;
    for (const raw of page) {
      if (raw.position > head || !TYPES.has(raw.type)) continue;
      const e = catalog.upcast(raw);
      const data = e.data as Record<string, unknown>;
      const community = typeof data.communityCode === 'string' ? data.communityCode : e.metadata.jurisdictionCode;
      if (community.startsWith(prefix)) out.push({ type: e.type, community, data });
    }
    after = page[page.length - 1].position;
  }
  return out;
}

/** Whether this platform's catalog knows escalations yet (RectificationEscalated). */
export const escalationKnown = (): boolean => !!platformEventCatalog().get('RectificationEscalated');
