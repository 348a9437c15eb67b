import { COUNTRY_CODE, jurisdictionStream, nameBasedId } from '@chuangwen/contracts';
import type { Actor, EventToAppend, JurisdictionLevel, JurisdictionRegistered } from '@chuangwen/contracts';
import type { EventStore, ExpectedRevision } from '@chuangwen/event-store';
import { DIVISION_AS_OF, DIVISION_SOURCE, divisionNodes, regionPrefix, type DivisionNode } from './division-data';

/**
 * Seeding appends `JurisdictionRegistered` events for a region of the division tree. Re-seeding is
 * a no-op and regions may overlap: event ids are derived from the code, a district stream always
 * holds its whole district in code order (whatever region was asked for), appended in fixed
 * chunks, and only events missing from a stream are appended.
 */
export const SEED_ACTOR: Actor = { id: 'seed', roles: ['system'], jurisdiction: COUNTRY_CODE };

/** Events per append: one transaction in SQLite, well under EventStoreDB's 1 MB append limit. */
export const SEED_CHUNK = 500;

export type SeededLevel = Exclude<JurisdictionLevel, 'country'>;
export type LevelCounts = Record<SeededLevel, number>;

export interface SeedReport {
  /** The region as a code prefix ('' = the whole country). */
  readonly region: string;
  /** Nodes appended by this run, per level. */
  readonly registered: LevelCounts;
  /** Nodes of the region that were already in the store, per level. */
  readonly existing: LevelCounts;
  readonly streams: number;
}

/** A UUID-shaped (version 5 bits) sha1 of `JurisdictionRegistered|v1|<code>`: the same on every run. */
export function registrationEventId(code: string): string {
  return nameBasedId(`JurisdictionRegistered|v1|${code}`);
}

export function registrationEvent(node: DivisionNode, source = DIVISION_SOURCE): EventToAppend<JurisdictionRegistered> {
  const cause = `seed:${source}`;
  return {
    eventId: registrationEventId(node.code),
    type: 'JurisdictionRegistered',
    version: 1,
    data: { ...node, source },
    metadata: {
      actor: SEED_ACTOR,
      jurisdictionCode: node.code,
      occurredAt: DIVISION_AS_OF,
      correlationId: cause,
      causationId: cause,
    },
  };
}

const zero = (): LevelCounts => ({ province: 0, city: 0, district: 0, street: 0, community: 0 });

/**
 * Seeds a province ('32'), city ('3212'), district ('321282') or the country (''), with the
 * region's ancestors. `onProgress(done, total, extra)` counts district streams (progressBar fits).
 */
export async function seedRegion(
  store: EventStore,
  region: string,
  onProgress?: (done: number, total: number, extra?: string) => void,
): Promise<SeedReport> {
  const prefix = regionPrefix(region);
  if (prefix.length > 6)
    throw new Error(`seed a district or larger (streams hold whole districts): '${region}' → '${prefix.slice(0, 6)}'`);
  const report = { region: prefix, registered: zero(), existing: zero(), streams: 0 };

  // Provinces and cities first, so the global log has parents before children.
  const upper = new Map<string, DivisionNode[]>();
  const districtStreams = new Set<string>();
  for await (const node of divisionNodes(prefix, { deepest: 'street' })) {
    const stream = jurisdictionStream(node.code);
    if (node.level !== 'province' && node.level !== 'city') districtStreams.add(stream);
    else if (upper.has(stream)) upper.get(stream)!.push(node);
    else upper.set(stream, [node]);
  }
  for (const [stream, nodes] of upper) await seedStream(store, stream, nodes, false, report);

  let current: { stream: string; nodes: DivisionNode[] } | undefined;
  let done = 0;
  const flush = async () => {
    if (!current) return;
    await seedStream(store, current.stream, current.nodes, true, report);
    onProgress?.(++done, districtStreams.size, `${totalNodes(report.registered) + totalNodes(report.existing)} nodes`);
  };
  for await (const node of divisionNodes(prefix)) {
    if (node.level === 'province' || node.level === 'city') continue;
    const stream = jurisdictionStream(node.code);
    if (current?.stream !== stream) {
      await flush();
      current = { stream, nodes: [] };
    }
    current.nodes.push(node);
  }
  await flush();
  return report;
}

export const totalNodes = (counts: LevelCounts): number => Object.values(counts).reduce((a, b) => a + b, 0);

/**
 * Appends the nodes missing from a stream, in fixed chunks of the given order. `whole` says the
 * nodes are the stream's entire content (a district stream): then a stream whose event at the last
 * revision is our last node, from the same source, is complete and is not read in full.
 */
async function seedStream(
  store: EventStore,
  stream: string,
  nodes: readonly DivisionNode[],
  whole: boolean,
  report: { registered: LevelCounts; existing: LevelCounts; streams: number },
): Promise<void> {
  report.streams += 1;
  const events = nodes.map((n) => registrationEvent(n));
  const last = events[events.length - 1];
  if (whole) {
    const [tail] = await store.readStream(stream, { fromRevision: events.length - 1, maxCount: 1 });
    if (tail?.eventId === last.eventId && (tail.data as { source?: string }).source === DIVISION_SOURCE) {
      nodes.forEach((n) => report.existing[n.level as SeededLevel]++);
      return;
    }
  }
  const stored = await store.readStream(stream);
  const present = new Set(stored.map((e) => e.eventId));
  let expected: ExpectedRevision = stored.length ? stored[stored.length - 1].revision : 'no_stream';
  for (let i = 0; i < events.length; i += SEED_CHUNK) {
    const missing = events.slice(i, i + SEED_CHUNK).filter((e) => !present.has(e.eventId));
    if (missing.length)
      expected = (await store.append(stream, missing, { expectedRevision: expected })).nextExpectedRevision;
  }
  nodes.forEach(
    (n, i) => (present.has(events[i].eventId) ? report.existing : report.registered)[n.level as SeededLevel]++,
  );
}
