const { SqliteEventStore } = require('/work/main/dist/libs/event-store/src');
const { evolveFacts, emptyFacts } = require('/work/main/dist/services/scoring/src/facts/evolve-facts');
const { encodeEntry } = require('/work/main/dist/services/scoring/src/facts/fact-log');
const { toDay, internDay } = require('/work/main/dist/libs/scoring-engine/src');
(async () => {
  const events = new SqliteEventStore({ file: process.argv[2] + '/events.db' });
  let t = Date.now(); const all = []; let after = -1;
  for (;;) { const page = await events.readHistory({ after, maxCount: 5000 }); if (!page.length) break; after = page[page.length - 1].position; for (const e of page) all.push(e); }
  console.log('read', all.length, Date.now() - t, 'ms');
  const facts = new Map();
  t = Date.now();
  for (const e of all) { if (!e.data.communityCode) continue; let f = facts.get(e.data.communityCode); if (!f) facts.set(e.data.communityCode, f = emptyFacts()); evolveFacts(f, e); }
  console.log('evolve only', Date.now() - t, 'ms');
  const per = {};
  const facts2 = new Map();
  for (const e of all) { if (!e.data.communityCode) continue; let f = facts2.get(e.data.communityCode); if (!f) facts2.set(e.data.communityCode, f = emptyFacts()); const t0 = process.hrtime.bigint(); evolveFacts(f, e); const d = Number(process.hrtime.bigint() - t0); const p = (per[e.type] ??= [0, 0]); p[0] += d; p[1]++; }
  for (const [k, [ns, c]] of Object.entries(per)) console.log(k.padEnd(32), c, (ns / c / 1000).toFixed(2), 'us/ev', (ns / 1e6).toFixed(0), 'ms');
  t = Date.now(); let n = 0;
  for (const e of all) { n += internDay(toDay(e.recordedAt)).length; }
  console.log('toDay', Date.now() - t, 'ms');
  t = Date.now(); const logs = [];
  for (const e of all) { if (!e.data.communityCode) continue; logs.push(encodeEntry(e, e.position, '2025-01-01')); }
  console.log('encode', Date.now() - t, 'ms');
})();
(async () => {
  await new Promise(r => setTimeout(r, 100));
})();
