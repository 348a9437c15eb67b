const { SqliteEventStore } = require('/work/main/dist/libs/event-store/src');
const { toDay, activityKey, participantsKey } = require('/work/main/dist/libs/scoring-engine/src');
(async () => {
  const events = new SqliteEventStore({ file: process.argv[2] + '/events.db' });
  const all = []; let after = -1;
  for (;;) { const page = await events.readHistory({ after, maxCount: 5000 }); if (!page.length) break; after = page[page.length - 1].position; for (const e of page) if (e.type === 'ActivityHeld') all.push(e); }
  for (let r = 0; r < 2; r++) {
  let t = process.hrtime.bigint(); let n = 0;
  for (const e of all) n += +toDay(e.data.heldAt).slice(0, 4);
  console.log('toDay+year', Number(process.hrtime.bigint() - t) / all.length, 'ns');
  t = process.hrtime.bigint(); const keys = [];
  for (const e of all) keys.push(activityKey(e.data.kind, e.data.scale, 2024), participantsKey(e.data.kind, 2024));
  console.log('keys', Number(process.hrtime.bigint() - t) / all.length, 'ns');
  const maps = new Map(); t = process.hrtime.bigint(); let i = 0;
  for (const e of all) { let m = maps.get(e.data.communityCode); if (!m) maps.set(e.data.communityCode, m = Object.create(null)); const k = keys[i]; i += 2; m[k] = (m[k] ?? 0) + 1; }
  console.log('bump', Number(process.hrtime.bigint() - t) / all.length, 'ns');
  }
})();
