import { randomUUID } from 'node:crypto';
import type request from 'supertest';
import { ManualClock } from '@chuangwen/contracts';
import { startPlatform, TestPlatform } from './testing/platform';

/**
 * Health tells the truth (embedded default): a stored event a projection cannot apply (written
 * past the command path, as a faulty import or an old bug would) leaves that projection stuck,
 * and /health and /health/ready say so with the error and the lag instead of "ok".
 */
describe('health, embedded default: a stuck projection', () => {
  let platform: TestPlatform;
  let http: ReturnType<typeof request>;
  const clock = new ManualClock(new Date('2025-06-30T04:00:00Z'));

  beforeAll(async () => {
    platform = await startPlatform({ name: 'health', clock, region: '321282' });
    http = platform.http;
  }, 120_000);
  afterAll(async () => {
    await platform?.close();
  });

  it('is ok while every projection applies, then degraded with the error and the lag, and not ready', async () => {
    const before = await http.get('/health').expect(200);
    expect(before.body.status).toBe('ok');
    expect(
      before.body.projections.every(
        (p: { state: string; eventsBehind: number }) => p.state === 'running' && p.eventsBehind === 0,
      ),
    ).toBe(true);
    await http.get('/health/ready').expect(200, { ready: true });

    // An ActivityHeld without its data: the projections of activities cannot place it. Each stopped
    // projection logs its error (kept here and checked, rather than filling the test log).
    const logged = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const store = platform.store;
    await store.append(
      `activity-${randomUUID()}`,
      [
        {
          eventId: randomUUID(),
          type: 'ActivityHeld',
          version: 1,
          data: {},
          metadata: {
            actor: { id: 'import', roles: ['office'], jurisdiction: '321282' },
            jurisdictionCode: '321282001001',
            occurredAt: '2025-06-30T04:00:00Z',
            correlationId: randomUUID(),
            causationId: randomUUID(),
          },
        },
      ],
      { expectedRevision: 'no_stream' },
    );

    let body:
      | {
          status: string;
          projections: {
            name: string;
            state: string;
            error?: string;
            eventsBehind: number;
            secondsBehind: number;
            failures?: number;
          }[];
        }
      | undefined;
    for (const deadline = Date.now() + 20_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 100))) {
      const res = await http.get('/health');
      body = res.body;
      if (res.status === 503 && body!.projections.some((p) => p.state === 'degraded')) break;
    }
    expect(body!.status).toBe('degraded');
    const stuck = body!.projections.filter((p) => p.state === 'degraded');
    expect(stuck.length).toBeGreaterThan(0);
    for (const p of stuck) {
      expect(p.error).toEqual(expect.any(String));
      expect(p.eventsBehind).toBeGreaterThanOrEqual(1); // the event it cannot get past
      expect(p.secondsBehind).toBeGreaterThanOrEqual(0);
      expect(p.failures).toBeGreaterThanOrEqual(1);
    }
    // The others go on: they are running and up to date.
    expect(body!.projections.some((p) => p.state === 'running' && p.eventsBehind === 0)).toBe(true);
    const ready = await http.get('/health/ready').expect(503);
    expect(ready.body.ready).toBe(false);
    expect(ready.body.failing.map((f: { name: string }) => f.name)).toEqual(
      expect.arrayContaining(stuck.map((p) => p.name)),
    );
    await http.get('/health/live').expect(200);

    // Still stuck a while later (retried, never quietly "ok").
    await new Promise((r) => setTimeout(r, 1500));
    expect((await http.get('/health').expect(503)).body.status).toBe('degraded');
    for (const p of stuck)
      expect(logged.mock.calls.some(([line]) => String(line).includes(`projection ${p.name} stopped`))).toBe(true);
    logged.mockRestore();
  }, 60_000);
});
