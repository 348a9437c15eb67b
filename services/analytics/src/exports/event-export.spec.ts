import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventToAppend } from '@chuangwen/contracts';
import { EventStore } from '@chuangwen/event-store';
import { SqliteEventStore } from '@chuangwen/event-store/sqlite';
import { exportEvents } from './event-export';
import { jurisdictionPrefix, matcher } from './event-filter';
import { csvCell, EVENT_CSV_COLUMNS } from './event-format';

const event = (type: string, code: string, occurredAt: string, data: unknown = { n: 1 }): EventToAppend => ({
  eventId: randomUUID(),
  type,
  version: 1,
  data,
  metadata: {
    actor: { id: 'u', roles: ['office'], jurisdiction: '620000' },
    jurisdictionCode: code,
    occurredAt,
    correlationId: 'c',
    causationId: 'c',
  },
});

/** Counts the pages an export asks for: the proof that it reads lazily. */
class CountingStore {
  pages = 0;
  constructor(private readonly inner: EventStore) {}
  headPosition = () => this.inner.headPosition();
  readAll: EventStore['readAll'] = (o) => {
    this.pages++;
    return this.inner.readAll(o);
  };
}

describe('event exports', () => {
  let dir: string;
  let store: SqliteEventStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cw-export-'));
    store = new SqliteEventStore({ file: join(dir, 'events.db') });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const collect = async (chunks: AsyncIterable<string>) => {
    let out = '';
    for await (const c of chunks) out += c;
    return out;
  };

  it('turns codes into prefixes, and filters by type, jurisdiction and either clock', () => {
    expect(jurisdictionPrefix('620000')).toBe('62');
    expect(jurisdictionPrefix('620100')).toBe('6201');
    expect(jurisdictionPrefix('620102001000')).toBe('620102001');
    expect(jurisdictionPrefix('000000')).toBe('');
    const e = {
      ...event('ActivityHeld', '620102001001', '2025-03-01T02:00:00Z'),
      streamId: 's',
      revision: 0,
      position: 1,
      recordedAt: '2026-01-05T00:00:00Z',
    };
    expect(matcher({ types: ['ActivityHeld'], jurisdiction: '620100' })(e)).toBe(true);
    expect(matcher({ types: ['SurveyRecorded'] })(e)).toBe(false);
    expect(matcher({ jurisdiction: '620200' })(e)).toBe(false);
    expect(matcher({ from: '2025-01-01', to: '2025-12-31', time: 'occurred' })(e)).toBe(true);
    expect(matcher({ from: '2025-01-01', to: '2025-12-31' })(e)).toBe(false); // recorded in 2026
    // Days are China time: 2025-03-01T02:00Z is 10:00 on 1 March in Beijing, so `to=2025-03-01` excludes it.
    expect(matcher({ to: '2025-03-01', time: 'occurred' })(e)).toBe(false);
    expect(matcher({ to: '2025-03-02', time: 'occurred' })(e)).toBe(true);
  });

  it('quotes CSV cells per RFC 4180', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"\n')).toBe('"say ""hi""\n"');
    expect(csvCell({ t: '讲堂, 一' })).toBe('"{""t"":""讲堂, 一""}"');
    expect(csvCell(undefined)).toBe('');
  });

  it('exports exactly the matching events as NDJSON and CSV, in log order', async () => {
    for (let i = 0; i < 50; i++) {
      const code = i % 2 ? '620102001001' : '620202001001';
      await store.append(
        `s-${i % 5}`,
        [
          event(i % 3 ? 'ActivityHeld' : 'SurveyRecorded', code, '2025-05-01T00:00:00Z', {
            i,
            title: `第${i}次, "讲座"`,
          }),
        ],
        { expectedRevision: 'any' },
      );
    }
    const ndjson = await collect(
      exportEvents(store, {
        format: 'ndjson',
        pageSize: 7,
        filter: { types: ['ActivityHeld'], jurisdiction: '620100' },
      }),
    );
    const lines = ndjson
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const expected = [...Array(50).keys()].filter((i) => i % 2 === 1 && i % 3 !== 0);
    expect(lines.map((l) => l.data.i)).toEqual(expected);
    expect(lines[0]).toMatchObject({
      type: 'ActivityHeld',
      version: 1,
      metadata: { jurisdictionCode: '620102001001', actor: { id: 'u' } },
    });

    const csv = await collect(
      exportEvents(store, { format: 'csv', pageSize: 7, filter: { types: ['ActivityHeld'], jurisdiction: '620100' } }),
    );
    const rows = csv.split('\r\n').filter(Boolean);
    expect(rows[0]).toBe(EVENT_CSV_COLUMNS.join(','));
    expect(rows).toHaveLength(expected.length + 1);
    // The data cell is JSON (quotes escaped as \") inside a CSV cell (quotes doubled).
    const dataCell = rows[1].slice(rows[1].indexOf(',"{') + 1);
    expect(JSON.parse(dataCell.slice(1, -1).replace(/""/g, '"'))).toEqual({ i: 1, title: '第1次, "讲座"' });
  });

  it('reads the store a page at a time as the consumer pulls, and stops at the head it began with', async () => {
    for (let i = 0; i < 100; i++)
      await store.append(`s-${i}`, [event('ActivityHeld', '620102001001', '2025-05-01T00:00:00Z')], {
        expectedRevision: 'no_stream',
      });
    const counting = new CountingStore(store);
    const chunks = exportEvents(counting as unknown as EventStore, { format: 'ndjson', pageSize: 10 });
    const first = await chunks.next();
    expect(first.value.trim().split('\n')).toHaveLength(10);
    expect(counting.pages).toBe(1); // one page in memory, not the range
    await store.append('late', [event('ActivityHeld', '620102001001', '2025-05-01T00:00:00Z')], {
      expectedRevision: 'no_stream',
    });
    let rest = 0;
    for await (const c of { [Symbol.asyncIterator]: () => chunks }) rest += c.trim().split('\n').length;
    expect(rest).toBe(90); // the late event is after the snapshot's head
    expect(counting.pages).toBe(10);
  });
});
