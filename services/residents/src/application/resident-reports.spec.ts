import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock, platformEventCatalog, problemStream } from '@chuangwen/contracts';
import type { Actor, JurisdictionLookup } from '@chuangwen/contracts';
import type { EventStore } from '@chuangwen/event-store';
import { SqliteEventStore } from '@chuangwen/event-store/sqlite';
import { eventStoreSource, ProjectionRunner } from '@chuangwen/projections';
import { SqliteReadStore } from '@chuangwen/read-store/sqlite';
import { ContactProtector } from './contact-protector';
import { DEFAULT_RESIDENTS_OPTIONS } from './options';
import { residentReportsProjection } from './reports.projection';
import { ResidentReports } from './resident-reports';

const COMMUNITY = '620102001001';
/** The problem a report at an address becomes. */
const RECORDED = ['ProblemRecorded', 'ProblemEvidenceAttached'];
const office: Actor = { id: 'office-1', roles: ['office'], jurisdiction: '620102' };
const registry: JurisdictionLookup = {
  find: async (code) =>
    code === COMMUNITY ? { code, name: '社区', level: 'community', parentCode: '620102001' } : undefined,
};

/**
 * Across processes a command's answer cannot wait for the read models (`READ_YOUR_WRITES` is a no-op
 * in the distributed mode): acceptance must take the problem's id from the report's stream, not from a
 * read model that has not yet seen the acceptance it just appended.
 */
describe('accepting a report when the read models lag (the distributed mode)', () => {
  let dir: string;
  let events: SqliteEventStore;
  let reads: SqliteReadStore;
  let reports: ResidentReports;
  const catchUp = async () => {
    const runner = new ProjectionRunner(residentReportsProjection, eventStoreSource(events), reads, {
      catalog: platformEventCatalog(),
    });
    await runner.start();
    await runner.waitForCatchUp();
    await runner.stop();
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cw-residents-accept-'));
    events = new SqliteEventStore({ file: join(dir, 'events.db'), pollIntervalMs: 20 });
    reads = new SqliteReadStore(join(dir, 'read-models.db'));
    reports = new ResidentReports(
      events,
      reads,
      new ManualClock(new Date('2025-06-01T02:00:00Z')),
      registry,
      { waitFor: async () => undefined },
      DEFAULT_RESIDENTS_OPTIONS,
      new ContactProtector(DEFAULT_RESIDENTS_OPTIONS),
    );
  });
  afterEach(async () => {
    await reads.close();
    await events.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const submit = () =>
    reports.submit(
      { communityCode: COMMUNITY, category: 'littering', description: '楼道堆放垃圾', addressString: '和平路12号' },
      'open311',
      'c-1',
    );

  it('records the problem under the report id, though the report view still reads "submitted"', async () => {
    const { reportId } = await submit();
    await catchUp(); // the office sees the report; its acceptance is not projected yet
    const answer = await reports.accept(reportId, '属实', office, 'c-2');
    expect(answer).toMatchObject({
      problemId: reportId,
      events: ['ResidentReportAccepted', 'ProblemRecorded', 'ProblemEvidenceAttached'],
    });
    const problem = await events.readStream(problemStream(reportId));
    expect(problem.map((e) => [e.type, e.data])).toEqual([
      [
        'ProblemRecorded',
        expect.objectContaining({ problemId: reportId, communityCode: COMMUNITY, source: 'resident' }),
      ],
      ['ProblemEvidenceAttached', expect.objectContaining({ problemId: reportId, location: '和平路12号' })],
    ]);
    expect((await events.readAll()).filter((e) => e.streamId === problemStream('undefined'))).toEqual([]);
  });

  it('a repeated acceptance appends nothing and answers the same problem, with the view still behind', async () => {
    const { reportId } = await submit();
    await catchUp();
    await reports.accept(reportId, undefined, office, 'c-2');
    const again = await reports.accept(reportId, undefined, office, 'c-3');
    expect(again).toMatchObject({ problemId: reportId, events: [] });
    expect((await events.readStream(problemStream(reportId))).map((e) => e.type)).toEqual(RECORDED);
  });

  it('a retry after a crash between the acceptance and the problem records the problem, once', async () => {
    const { reportId } = await submit();
    await catchUp();
    let crash = true;
    // The process dies after the acceptance is appended, before the problem is.
    const append: EventStore['append'] = (stream, batch, options) => {
      if (crash && stream.startsWith('problem-')) {
        crash = false;
        return Promise.reject(new Error('the process died'));
      }
      return events.append(stream, batch, options);
    };
    const crashing = new Proxy<EventStore>(events, {
      get: (target, key) => {
        if (key === 'append') return append;
        const value: unknown = Reflect.get(target, key);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const dying = new ResidentReports(
      crashing,
      reads,
      new ManualClock(new Date('2025-06-01T02:00:00Z')),
      registry,
      { waitFor: async () => undefined },
      DEFAULT_RESIDENTS_OPTIONS,
      new ContactProtector(DEFAULT_RESIDENTS_OPTIONS),
    );
    await expect(dying.accept(reportId, undefined, office, 'c-2')).rejects.toThrow('the process died');
    expect(await events.readStream(problemStream(reportId))).toEqual([]);
    const retried = await reports.accept(reportId, undefined, office, 'c-3');
    expect(retried).toMatchObject({ problemId: reportId, events: RECORDED });
    expect((await events.readStream(problemStream(reportId))).map((e) => e.type)).toEqual(RECORDED);
  });
});
