import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Actor, AwardProgramData, JurisdictionLookup } from '@chuangwen/contracts';
import { EventStore } from '@chuangwen/event-store';
import { PostgresEventStore } from '@chuangwen/event-store/postgres';
import { SqliteEventStore } from '@chuangwen/event-store/sqlite';
import { SqliteReadStore } from '@chuangwen/read-store/sqlite';
import { describeIntegration } from '@chuangwen/testing';
import type { NominationCommand } from '../domain/commands';
import { AwardsCommand, ExecuteAwardsCommand, ExecuteAwardsCommandHandler } from './execute-awards-command';

/*
 * The quota across processes: two command handlers, each on its own store instance (two processes'
 * connections to one store), shortlist two nominations for the last place at the same moment. The
 * nomination list is empty all along (no projection runs here), as a lagging read model would be: only
 * the program's stream can keep the quota.
 */
const office: Actor = { id: 'office', roles: ['office'], jurisdiction: '620102' };
const community = '620102001001';
const registry: JurisdictionLookup = {
  find: async (code) => ({ code, name: '社区', level: 'community', parentCode: '620102001' }),
};

function quotaScenario(open: () => Promise<{ stores: [EventStore, EventStore]; close(): Promise<void> }>): void {
  let dir: string;
  let close: () => Promise<void>;
  let handlers: ExecuteAwardsCommandHandler[];
  let reads: SqliteReadStore;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cw-quota-'));
    reads = new SqliteReadStore(join(dir, 'read-models.db'));
    const opened = await open();
    close = opened.close;
    const clock = { now: () => new Date('2025-06-01T02:00:00Z') };
    handlers = opened.stores.map(
      (store) => new ExecuteAwardsCommandHandler(store, clock, reads, registry, { waitFor: async () => undefined }),
    );
  });
  afterEach(async () => {
    await close();
    await reads.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const run = (command: AwardsCommand, on = 0) =>
    handlers[on].execute(new ExecuteAwardsCommand(command, office, randomUUID()));
  const step = (nominationId: string, type: NominationCommand['type'], data: object = {}, on = 0) =>
    run({ type, data: { nominationId, ...data } } as NominationCommand, on);
  const readyForShortlist = async (programId: string) => {
    const nominationId = randomUUID();
    await step(nominationId, 'SubmitNomination', {
      programId,
      route: 'nomination',
      nominee: { type: 'person', communityCode: community, name: `好人 ${nominationId.slice(0, 4)}` },
    });
    await step(nominationId, 'ReviewMaterials', { passed: true, remark: '齐全' });
    await step(nominationId, 'HearReport', { ratings: { good: 3, fairly_good: 1, average: 0 } });
    await step(nominationId, 'InspectField', { passed: true, remark: '属实' });
    return nominationId;
  };
  const defineProgram = async (quota: number) => {
    const program: AwardProgramData = {
      programId: randomUUID(),
      kind: 'good_person',
      level: 'county',
      title: '身边好人',
      authority: '620102',
      cycle: { from: '2025-01-01', to: '2025-12-31' },
      quota,
      noticeDays: 7,
      eligibility: { noVeto: false },
      validityYears: 2,
    };
    await run({ type: 'DefineProgram', data: program });
    return program.programId;
  };

  it('gives the last place to exactly one of two simultaneous shortlists; the other is refused with a conflict (409)', async () => {
    const programId = await defineProgram(2);
    const first = await readyForShortlist(programId);
    await step(first, 'Shortlist');
    const [a, b] = [await readyForShortlist(programId), await readyForShortlist(programId)];

    const results = await Promise.allSettled([step(a, 'Shortlist', {}, 0), step(b, 'Shortlist', {}, 1)]);

    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')!.reason;
    expect(refused).toMatchObject({ kind: 'conflict', message: "the program's quota of 2 is filled" });
    // Two shortlisted, as the quota says; the refused one can still be shortlisted once a place frees.
    const loser = results[0].status === 'rejected' ? a : b;
    const winner = loser === a ? b : a;
    await step(winner, 'StartPublicNotice');
    await step(winner, 'LodgeObjection', { objectionId: 'x1', summary: '事迹不实' });
    await step(winner, 'ResolveObjection', { objectionId: 'x1', upheld: true, resolution: '查实, 撤销' });
    expect((await step(loser, 'Shortlist', {}, 1)).events).toEqual(['NominationShortlisted']);
    await expect(step(await readyForShortlist(programId), 'Shortlist')).rejects.toMatchObject({ kind: 'conflict' });
  }, 120_000); // some twenty commands, each appended; a loaded machine takes its time

  it('keeps the quota with many shortlists at once: as many succeed as there are places', async () => {
    const programId = await defineProgram(3);
    const nominations = await Promise.all(Array.from({ length: 8 }, () => readyForShortlist(programId)));
    const results = await Promise.allSettled(nominations.map((n, i) => step(n, 'Shortlist', {}, i % 2)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toMatchObject({ kind: 'conflict' });
  }, 120_000);
}

describe('the award quota on the embedded store (SQLite)', () => {
  quotaScenario(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cw-quota-es-'));
    const file = join(dir, 'events.db');
    const stores: [EventStore, EventStore] = [new SqliteEventStore({ file }), new SqliteEventStore({ file })];
    return {
      stores,
      close: async () => (
        await Promise.all(stores.map((s) => s.close())),
        rmSync(dir, { recursive: true, force: true })
      ),
    };
  });
});

describeIntegration('postgres', 'the award quota on PostgreSQL', (url) => {
  quotaScenario(async () => {
    const schema = `cw_quota_${randomUUID().slice(0, 8)}`;
    const stores: [EventStore, EventStore] = [
      new PostgresEventStore({ connectionString: url(), schema }),
      new PostgresEventStore({ connectionString: url(), schema }),
    ];
    const close = async () => {
      const { Client } = await import('pg');
      const admin = new Client({ connectionString: url() });
      await admin.connect();
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin.end();
      await Promise.all(stores.map((s) => s.close()));
    };
    return { stores, close };
  });
});
