/**
 * A child process for the SIGKILL test (sqlite-event-store.spec.ts): appends to the store at
 * argv[2] from many concurrent writers without end, and prints `ack <eventId>` for each append
 * once it is acknowledged. The test kills it with SIGKILL mid-stream and reopens the file: every
 * acknowledged event must be there.
 */
import { randomUUID } from 'node:crypto';
import { SqliteEventStore } from './sqlite-event-store';

const store = new SqliteEventStore({ file: process.argv[2] });
const writers = Number(process.argv[3] ?? 16);

async function writer(w: number): Promise<never> {
  for (let n = 0; ; n++) {
    const eventId = randomUUID();
    const metadata = {
      actor: { id: 'crash', roles: [], jurisdiction: '000000' },
      jurisdictionCode: '000000',
      occurredAt: new Date().toISOString(),
      correlationId: eventId,
      causationId: eventId,
    };
    await store.append(`crash-${w}`, [{ eventId, type: 'Counted', version: 1, data: { w, n }, metadata }], {
      expectedRevision: n === 0 ? 'no_stream' : n - 1,
    });
    process.stdout.write(`ack ${eventId}\n`);
  }
}

for (let w = 0; w < writers; w++) void writer(w);
