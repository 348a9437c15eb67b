import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InspectionsEvent, RecordedEvent } from '@chuangwen/contracts';
import { UnitOfWork } from '@chuangwen/projections';
import { SqliteReadStore } from '@chuangwen/read-store/sqlite';
import { RectificationCountsDoc, rectificationCountsProjection } from './rectification-counts.projection';
import { RECTIFICATION_COUNTS } from './views';

const [A, B, OTHER] = ['620102001001', '620102001002', '620102002001'];
let position = 0;
const recorded = (e: InspectionsEvent): RecordedEvent =>
  ({
    ...e,
    eventId: `e${++position}`,
    streamId: 's',
    revision: 0,
    position,
    recordedAt: '2025-06-01T00:00:00Z',
    metadata: {
      actor: { id: 't', roles: [], jurisdiction: '000000' },
      jurisdictionCode: (e.data as { communityCode: string }).communityCode,
      occurredAt: '',
      correlationId: '',
      causationId: '',
    },
  }) as RecordedEvent;
const p = (communityCode: string, problemId: string) => ({
  problemId,
  communityCode,
  category: 'sanitation_dead_corner',
});
const found = (c: string, id: string) =>
  recorded({
    type: 'ProblemRecorded',
    version: 1,
    data: { ...p(c, id), description: '卫生死角', source: 'inspector', foundOn: '2025-06-01' },
  });

describe('rectification counts projection', () => {
  let dir: string;
  let reads: SqliteReadStore;
  const apply = async (events: RecordedEvent[]) => {
    const uow = new UnitOfWork(reads, events[events.length - 1].position);
    await rectificationCountsProjection.apply(events, uow);
    await reads.commit(rectificationCountsProjection.name, uow.writes(), uow.batchEnd);
  };
  const counts = async (code: string) => {
    const { recorded, open, overdue, awaitingVerification, verified } = (await reads.get<RectificationCountsDoc>(
      RECTIFICATION_COUNTS,
      code,
    ))!;
    return { recorded, open, overdue, awaitingVerification, verified };
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cw-rect-counts-'));
    reads = new SqliteReadStore(join(dir, 'reads.db'));
    await reads.ensureCollections(rectificationCountsProjection.collections);
  });
  afterAll(async () => {
    await reads.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('counts per community and sums them up the tree; a replayed batch changes nothing', async () => {
    const first = [found(A, 'a1'), found(A, 'a2'), found(B, 'b1'), found(OTHER, 'o1')];
    await apply(first);
    const second = [
      recorded({ type: 'RectificationOverdue', version: 1, data: { ...p(A, 'a1'), deadline: '2025-06-05' } }),
      recorded({
        type: 'RectificationSubmitted',
        version: 1,
        data: { ...p(A, 'a1'), description: '已清理', evidence: [], submittedOn: '2025-06-06' },
      }),
      recorded({
        type: 'RectificationSubmitted',
        version: 1,
        data: { ...p(B, 'b1'), description: '已清理', evidence: [], submittedOn: '2025-06-06' },
      }),
      recorded({
        type: 'RectificationRejected',
        version: 1,
        data: { ...p(B, 'b1'), reason: '未清理干净', rejectedOn: '2025-06-07' },
      }),
      recorded({
        type: 'RectificationVerified',
        version: 1,
        data: { ...p(A, 'a1'), wasOverdue: true, verifiedOn: '2025-06-07' },
      }),
    ];
    await apply(second);
    await apply(first);
    await apply(second);

    expect(await counts(A)).toEqual({ recorded: 2, open: 1, overdue: 0, awaitingVerification: 0, verified: 1 });
    expect(await counts(B)).toEqual({ recorded: 1, open: 1, overdue: 0, awaitingVerification: 0, verified: 0 });
    expect(await counts('620102001')).toEqual({
      recorded: 3,
      open: 2,
      overdue: 0,
      awaitingVerification: 0,
      verified: 1,
    });
    expect(await counts('620102')).toEqual({ recorded: 4, open: 3, overdue: 0, awaitingVerification: 0, verified: 1 });
    expect(await counts('000000')).toEqual({ recorded: 4, open: 3, overdue: 0, awaitingVerification: 0, verified: 1 });
    const district = (await reads.get<RectificationCountsDoc>(RECTIFICATION_COUNTS, '620102'))!;
    expect(Object.keys(district.children!).sort()).toEqual(['620102001', '620102002']);
  });
});
