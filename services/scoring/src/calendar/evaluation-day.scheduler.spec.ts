import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '@chuangwen/contracts';
import { SqliteEventStore } from '@chuangwen/event-store/sqlite';
import { EvaluationDayScheduler } from './evaluation-day.scheduler';

describe('the evaluation calendar', () => {
  let dir: string;
  let store: SqliteEventStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cw-calendar-'));
    store = new SqliteEventStore({ file: join(dir, 'events.db') });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('opens each China day once, whatever the number of instances and ticks', async () => {
    const clock = new ManualClock(new Date('2025-12-31T15:59:00Z')); // 23:59 in Beijing
    const one = new EvaluationDayScheduler(store, clock, { checkIntervalMs: 0 });
    const two = new EvaluationDayScheduler(store, clock, { checkIntervalMs: 0 });
    expect(await one.tick()).toBe('2025-12-31');
    expect(await one.tick()).toBeUndefined();
    expect(await two.tick()).toBeUndefined(); // another instance finds the day open
    clock.set('2025-12-31T16:00:00Z'); // midnight in Beijing
    expect(await two.tick()).toBe('2026-01-01');
    expect(await one.tick()).toBeUndefined();
    const all = await store.readAll();
    expect(all.map((e) => [e.type, e.data, e.streamId])).toEqual([
      ['EvaluationDayBegan', { day: '2025-12-31' }, 'evaluation-day-2025-12-31'],
      ['EvaluationDayBegan', { day: '2026-01-01' }, 'evaluation-day-2026-01-01'],
    ]);
    expect(all[1].metadata).toMatchObject({
      actor: { id: 'evaluation-calendar', roles: ['system'] },
      jurisdictionCode: '000000',
      occurredAt: '2025-12-31T16:00:00.000Z',
    });
  });
});
