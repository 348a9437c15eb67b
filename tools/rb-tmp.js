require('/work/main/node_modules/reflect-metadata');
const { SqliteEventStore } = require('/work/main/dist/libs/event-store/src');
const { SqliteReadStore } = require('/work/main/dist/libs/read-store/src');
const { eventStoreSource, ProjectionRunner } = require('/work/main/dist/libs/projections/src');
const { scoringProjection } = require('/work/main/dist/services/scoring/src');
const fs = require('fs');
(async () => {
  const data = process.argv[2];
  const events = new SqliteEventStore({ file: data + '/events.db' });
  for (const s of ['', '-wal', '-shm']) fs.rmSync('/tmp/rb-read.db' + s, { force: true });
  const reads = new SqliteReadStore('/tmp/rb-read.db');
  const runner = new ProjectionRunner(scoringProjection(), eventStoreSource(events), reads, { batchSize: +(process.argv[3] || 5000) });
  const t = Date.now(); let phase = {};
  await runner.rebuild((p) => { const k = p.documents === undefined ? 'events' : 'docs'; if (!phase[k]) { phase[k] = Date.now() - t; console.log(k, 'start at', phase[k]); } });
  console.log('total', Date.now() - t, 'ms');
  await runner.stop(); await reads.close(); await events.close();
})();
