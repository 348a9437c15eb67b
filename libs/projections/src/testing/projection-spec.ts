import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventCatalog, EventMetadata, RecordedEvent } from '@chuangwen/contracts';
import type { ReadDoc } from '@chuangwen/read-store';
import { SqliteReadStore } from '@chuangwen/read-store/sqlite';
import type { Projection } from '../projection';
import { UnitOfWork } from '../unit-of-work';

/** An event as a spec writes it: type, version and data; metadata only where the projection reads it. */
export interface SpecEvent {
  /** Default `spec-<position>`; named where a document's id comes from it (an outbox's, an inbox's). */
  readonly eventId?: string;
  readonly type: string;
  readonly version?: number;
  readonly data: unknown;
  readonly metadata?: Partial<EventMetadata>;
  readonly recordedAt?: string;
}

/** A collection's expected documents, without `_pos`, `_lanes` and `_v` (the store's bookkeeping). */
export type ExpectedDocs = Readonly<Record<string, readonly Record<string, unknown>[]>>;

/**
 * Given-when-then for projections, after Emmett's projection specs:
 * `projectionSpec(p).given(past).when(events, { times: 2 }).then({ collection: [documents] })`.
 * The events go through what the runner does (the types the projection handles, upcast, apply,
 * settle, commit with the checkpoint) on a fresh SQLite read store; `times` hands the `when` events
 * again at the same positions, as a redelivery after a crash does, and the documents must not change.
 */
export function projectionSpec(projection: Projection, options: { catalog?: EventCatalog } = {}) {
  return {
    given: (past: readonly SpecEvent[]) => ({
      when: (events: readonly SpecEvent[], { times = 1 }: { times?: number } = {}) => ({
        then: (expected: ExpectedDocs | ((store: SqliteReadStore) => Promise<void>)) =>
          run(projection, options.catalog, past, events, times, expected),
      }),
    }),
  };
}

async function run(
  projection: Projection,
  catalog: EventCatalog | undefined,
  past: readonly SpecEvent[],
  events: readonly SpecEvent[],
  times: number,
  expected: ExpectedDocs | ((store: SqliteReadStore) => Promise<void>),
): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'cw-projection-spec-'));
  const store = new SqliteReadStore(join(dir, 'reads.db'));
  try {
    await store.ensureCollections(projection.collections);
    const recordedPast = past.map((e, i) => recorded(e, i + 1));
    const recordedNew = events.map((e, i) => recorded(e, past.length + i + 1));
    if (recordedPast.length) await applyBatch(projection, catalog, store, recordedPast);
    for (let i = 0; i < times; i++) if (recordedNew.length) await applyBatch(projection, catalog, store, recordedNew);
    if (typeof expected === 'function') return await expected(store);
    const actual: Record<string, Record<string, unknown>[]> = {};
    for (const collection of Object.keys(expected))
      actual[collection] = (await store.find(collection)).map(withoutBookkeeping).sort(byId);
    expect(actual).toEqual(Object.fromEntries(Object.entries(expected).map(([c, docs]) => [c, [...docs].sort(byId)])));
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One unit of work, as ProjectionRunner applies a batch. */
async function applyBatch(
  projection: Projection,
  catalog: EventCatalog | undefined,
  store: SqliteReadStore,
  batch: RecordedEvent[],
) {
  const uow = new UnitOfWork(store, batch[batch.length - 1].position);
  const relevant = batch.filter((e) => projection.handles.has(e.type)).map((e) => catalog?.upcast(e) ?? e);
  if (relevant.length) await projection.apply(relevant, uow);
  await projection.settle?.(uow);
  await store.commit(projection.name, uow.writes(), uow.batchEnd);
}

function recorded(e: SpecEvent, position: number): RecordedEvent {
  const data = e.data as { communityCode?: string; jurisdictionCode?: string };
  return {
    eventId: e.eventId ?? `spec-${position}`,
    streamId: `spec-stream-${position}`,
    revision: 0,
    position,
    type: e.type,
    version: e.version ?? 1,
    data: e.data,
    recordedAt: e.recordedAt ?? '2025-06-01T00:00:00.000Z',
    metadata: {
      actor: { id: 'spec', roles: ['office'], jurisdiction: '' },
      jurisdictionCode: data?.communityCode ?? data?.jurisdictionCode ?? '',
      occurredAt: e.recordedAt ?? '2025-06-01T00:00:00.000Z',
      correlationId: `spec-${position}`,
      causationId: `spec-${position}`,
      ...e.metadata,
    },
  } as RecordedEvent;
}

// `_v` is a fresh version per write (documents kept by lanes): never the same twice, so never expected.
const withoutBookkeeping = ({ _pos: _p, _lanes: _l, _v: _w, ...doc }: ReadDoc) => doc as Record<string, unknown>;
const byId = (a: Record<string, unknown>, b: Record<string, unknown>) => String(a._id).localeCompare(String(b._id));
