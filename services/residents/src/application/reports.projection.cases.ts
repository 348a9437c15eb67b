import type { RecordedEvent, ResidentReportEvent } from '@chuangwen/contracts';
import { UnitOfWork } from '@chuangwen/projections';
import { WriteConflictError } from '@chuangwen/read-store';
import type { ReadStore } from '@chuangwen/read-store';
import {
  DuplicateCountDoc,
  FiguresDoc,
  RESIDENT_DUPLICATE_COUNTS,
  RESIDENT_FIGURES,
  residentReportsProjection,
} from './reports.projection';

/**
 * The residents' figures and duplicate counts under every order a bus can hand their events in, for
 * any read store: the unit spec runs them on SQLite, the integration spec on MongoDB/FerretDB.
 */

// Two communities of one street, one of another street, one of another district.
const [A, B, C, D] = ['620102001001', '620102001002', '620102002001', '620103001001'];
let position = 0;
const recorded = (e: ResidentReportEvent): RecordedEvent =>
  ({
    ...e,
    eventId: `e${++position}`,
    streamId: `resident-report-${e.data.reportId}`,
    revision: 0,
    position,
    recordedAt: '2025-06-01T00:00:00Z',
    metadata: {
      actor: { id: 't', roles: [], jurisdiction: '000000' },
      jurisdictionCode: e.data.communityCode,
      occurredAt: '',
      correlationId: '',
      causationId: '',
    },
  }) as RecordedEvent;
const base = (communityCode: string, reportId: string) => ({ reportId, communityCode, category: 'pests' });
const submitted = (c: string, id: string, duplicateOf?: string) =>
  recorded({
    type: 'ResidentReportSubmitted',
    version: 1,
    data: {
      ...base(c, id),
      trackingCode: id.toUpperCase().padEnd(10, 'X'),
      description: '老鼠',
      channel: 'public_page',
      media: [],
      reopenSecretHash: 'h',
      ...(duplicateOf ? { duplicateOf } : {}),
      submittedAt: '2025-06-01T00:00:00Z',
    },
  });
const accepted = (c: string, id: string) =>
  recorded({
    type: 'ResidentReportAccepted',
    version: 1,
    data: { ...base(c, id), problemId: `p-${id}`, round: 1, acceptedBy: 'street' },
  });
const rejected = (c: string, id: string) =>
  recorded({ type: 'ResidentReportRejected', version: 1, data: { ...base(c, id), reason: '不属实', rejectedBy: 's' } });
const reopened = (c: string, id: string) =>
  recorded({
    type: 'ResidentReportReopened',
    version: 1,
    data: { ...base(c, id), problemId: `p-${id}`, reason: '又来了', closedOn: '2025-06-02' },
  });

/** In position order: A's original is joined by duplicates from A and (by the event's word) B. */
const EVENTS = [
  submitted(A, 'a1'),
  submitted(B, 'b1'),
  submitted(A, 'a2', 'a1'),
  submitted(C, 'c1'),
  accepted(A, 'a1'),
  submitted(B, 'b2', 'a1'),
  submitted(D, 'd1'),
  rejected(B, 'b1'),
  accepted(C, 'c1'),
  submitted(C, 'c2', 'c1'),
  reopened(C, 'c1'),
  submitted(A, 'a3', 'a1'),
];
const EXPECTED_STREETS = {
  '620102001': { reports: 5, duplicates: 3, accepted: 1, rejected: 1, reopened: 0 },
  '620102002': { reports: 2, duplicates: 1, accepted: 1, rejected: 0, reopened: 1 },
  '620103001': { reports: 1, duplicates: 0, accepted: 0, rejected: 0, reopened: 0 },
};
const EXPECTED_DISTRICTS = {
  '620102': { reports: 7, duplicates: 4, accepted: 2, rejected: 1, reopened: 1 },
  '620103': { reports: 1, duplicates: 0, accepted: 0, rejected: 0, reopened: 0 },
};
const EXPECTED_DUPLICATES = { a1: 3, c1: 1 };

const communityOf = (e: RecordedEvent) => (e.data as { communityCode: string }).communityCode;
/** A seeded shuffle that keeps each community's events in their order (one partition per community). */
function interleave(events: readonly RecordedEvent[], seed: number): RecordedEvent[] {
  const queues = new Map<string, RecordedEvent[]>();
  for (const e of events) (queues.get(communityOf(e)) ?? queues.set(communityOf(e), []).get(communityOf(e))!).push(e);
  const out: RecordedEvent[] = [];
  let s = seed;
  while (out.length < events.length) {
    const open = [...queues.values()].filter((q) => q.length > 0);
    s = (s * 1103515245 + 12345) % 2147483648;
    out.push(open[s % open.length].shift()!);
  }
  return out;
}
const chunks = <T>(xs: readonly T[], size: number) =>
  Array.from({ length: Math.ceil(xs.length / size) }, (_, i) => xs.slice(i * size, i * size + size));

/**
 * Registers the cases. `open` gives an empty store with the projection's collections; `replicas`:
 * the store may have several writers (not the embedded one), so two units run side by side.
 */
export function figuresCases(open: () => Promise<ReadStore>, options: { replicas: boolean }): void {
  /** As the runner does it: a conflict applies the batch again on what is stored now. */
  const apply = async (reads: ReadStore, events: readonly RecordedEvent[], checkpoint = 'p') => {
    for (let attempt = 0; ; attempt++) {
      const uow = new UnitOfWork(reads, Math.max(...events.map((e) => e.position)));
      try {
        await residentReportsProjection.apply(events, uow);
        await reads.commit(checkpoint, uow.writes(), uow.batchEnd);
        return;
      } catch (e) {
        if (!(e instanceof WriteConflictError) || attempt > 20) throw e;
      }
    }
  };
  const figures = async (reads: ReadStore) => {
    const docs = await reads.find<FiguresDoc>(RESIDENT_FIGURES, {});
    const of = (level: string) =>
      Object.fromEntries(
        docs
          .filter((d) => d.level === level)
          .map((d) => [
            d.code,
            {
              reports: d.reports,
              duplicates: d.duplicates,
              accepted: d.accepted,
              rejected: d.rejected,
              reopened: d.reopened,
            },
          ]),
      );
    const counts = await reads.find<DuplicateCountDoc>(RESIDENT_DUPLICATE_COUNTS, {});
    return {
      streets: of('street'),
      districts: of('district'),
      duplicates: Object.fromEntries(counts.map((c) => [c._id, c.duplicateCount])),
    };
  };
  const expected = { streets: EXPECTED_STREETS, districts: EXPECTED_DISTRICTS, duplicates: EXPECTED_DUPLICATES };

  it('in position order, one batch', async () => {
    const reads = await open();
    await apply(reads, EVENTS);
    expect(await figures(reads)).toEqual(expected);
  });

  it.each([1, 2, 3, 4, 5])(
    'interleaved across communities (seed %i), in batches of 3, a batch replayed',
    async (seed) => {
      const reads = await open();
      const batches = chunks(interleave(EVENTS, seed), 3);
      for (const [i, batch] of batches.entries()) {
        await apply(reads, batch);
        if (i === 1) await apply(reads, batches[0]);
      }
      await apply(reads, batches[batches.length - 1]);
      expect(await figures(reads)).toEqual(expected);
    },
  );

  it('a later community first: B and C before A, each in its order', async () => {
    const reads = await open();
    const by = (c: string) => EVENTS.filter((e) => communityOf(e) === c);
    for (const c of [D, C, B, A]) await apply(reads, by(c));
    expect(await figures(reads)).toEqual(expected);
  });

  // Only where several processes may write: the embedded store has one writer by construction.
  if (!options.replicas) return;
  it('two replicas, each with its own communities, side by side', async () => {
    const reads = await open();
    const mine = (cs: string[]) => EVENTS.filter((e) => cs.includes(communityOf(e)));
    const run = async (events: RecordedEvent[], name: string) => {
      for (const batch of chunks(events, 2)) await apply(reads, batch, name);
    };
    await Promise.all([run(mine([A, C]), 'replica-1'), run(mine([B, D]), 'replica-2')]);
    expect(await figures(reads)).toEqual(expected);
  });
}
