import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { CatchUpResult, measureCatchUp, writeBacklog } from './catch-up';
import { Cluster, communitiesOf, post } from './cluster';
import { LagResult, measureLag } from './lag';
import { measureMongoThroughput, ThroughputResult } from './mongo-throughput';
import { measureStoreAlone, StoreAloneResult } from './store-alone';

/**
 * `npm run bench:distributed`: through Kafka and MongoDB, as in production (an activities process
 * with the relay, a scoring process): the event-to-scorecard lag at sustained loads, the catch-up
 * of a scoring process over a backlog, and the scoring projection's rebuild on MongoDB. Needs
 * KAFKA_BROKERS and MONGO_URL (deploy/local/kafka/start.sh, deploy/local/ferretdb/start.sh).
 * Flags: --rates=10,100,500 --seconds=30 --backlog=100000 (events; 0 skips) --events=20000
 * (rebuild; 0 skips) --alone=181 (documents for the database-alone ceiling; 0 skips) --region=620102.
 * Prints a Markdown section (also in bench/results/).
 */
async function main(): Promise<void> {
  const kafka = process.env.KAFKA_BROKERS;
  const mongo = process.env.MONGO_URL;
  if (!kafka || !mongo) throw new Error('set KAFKA_BROKERS and MONGO_URL (see deploy/local)');
  const flag = (name: string, fallback: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback;
  const region = flag('region', '620102'); // 城关区, 兰州: scored under the shipped 甘肃 standard
  const rates = flag('rates', '10,100,500').split(',').filter(Boolean).map(Number);
  const seconds = Number(flag('seconds', '30'));
  const backlog = Number(flag('backlog', '100000'));
  const rebuildEvents = Number(flag('events', '20000'));
  const aloneDocuments = Number(flag('alone', '181'));
  const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');
  const loads: string[] = [`start ${load()}`];

  const lags: LagResult[] = [];
  let communities = 0;
  if (rates.length > 0) {
    const cluster = new Cluster({ kafka, mongo, region });
    try {
      await cluster.prepare();
      const activitiesPort = await cluster.start('activities,relay');
      await cluster.start('scoring');
      const token = ((await post(activitiesPort, '/api/auth/dev-token', { sub: 'bench', jurisdiction: region, roles: ['office'] })) as { token: string }).token;
      const codes = await communitiesOf(activitiesPort, region);
      communities = codes.length;
      for (const rate of rates) {
        const l = await measureLag(cluster, { activitiesPort, token, communities: codes, rate, seconds });
        lags.push(l);
        loads.push(`after ${rate}/s ${load()}`);
        console.log(`lag at ${rate}/s: ${l.sent} acknowledged (${l.sentPerSecond}/s), ${l.seen} seen, p50 ${l.p50} ms, p99 ${l.p99} ms, max ${l.max} ms; load ${load()}`);
      }
    } finally {
      await cluster.close();
    }
  }

  let catchUp: (CatchUpResult & { backlog: number }) | undefined;
  if (backlog > 0) {
    const cluster = new Cluster({ kafka, mongo, region });
    try {
      await cluster.prepare();
      const written = await writeBacklog(cluster, backlog);
      const activitiesPort = await cluster.start('activities,relay');
      catchUp = { ...(await measureCatchUp(cluster, { activitiesPort })), backlog: written };
      console.log(`catch-up: ${catchUp.events} events in ${catchUp.seconds.toFixed(1)} s, ${catchUp.eventsPerSecond}/s; load ${load()}`);
      loads.push(`after catch-up ${load()}`);
    } finally {
      await cluster.close();
    }
  }

  let rebuild: ThroughputResult | undefined;
  if (rebuildEvents > 0) {
    rebuild = await measureMongoThroughput({ mongo, region, events: rebuildEvents });
    loads.push(`after rebuild ${load()}`);
  }

  let alone: StoreAloneResult | undefined;
  if (aloneDocuments > 0) {
    console.log('the database alone: findOne, replaceOne, bulk replacements, inserts, $in (5 s each)');
    alone = await measureStoreAlone({ mongo, documents: aloneDocuments });
    loads.push(`after the database alone ${load()}`);
  }

  const date = new Date().toISOString();
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}; load average ${loads.join(', ')}`;
  const md = [
    `### Distributed mode (${date.slice(0, 16).replace('T', ' ')} UTC; ${machine})`,
    '',
    `Kafka ${kafka.includes('127.0.0.1') ? '(single KRaft node, local)' : kafka}, read models on ${mongo.includes('27018') || mongo.includes('29017') ? 'FerretDB 1.24 (SQLite backend)' : 'MongoDB'}; region ${region} (${communities || 'its'} communities).`,
    '',
    '| measurement | load | result |',
    '|---|---|---|',
    ...lags.map((l) => `| event-to-scorecard lag (201 from the activities process → the scoring process stored the community's facts with it) | ${l.rate} activities/s for ${l.seconds} s (autocannon; ${l.sent} acknowledged, ${l.sentPerSecond}/s; ${l.seen} seen) | p50 ${l.p50} ms, p99 ${l.p99} ms, max ${l.max} ms |`),
    ...(catchUp ? [`| scorecards catch-up (a scoring process starting on empty read models, backlog already on Kafka) | ${catchUp.events} messages (${catchUp.backlog} fact events + registry + standards) | ${catchUp.eventsPerSecond} events/s (${catchUp.seconds.toFixed(1)} s); activity tallies ${catchUp.tallies.events} in ${catchUp.tallies.seconds.toFixed(1)} s |`] : []),
    ...(alone ? [`| the database alone, without a projection (${alone.documents} documents of ${alone.documentBytes} B, one operation at a time) | findOne by _id · replaceOne by _id (conditional on _pos) · replacements in commands of 50 · inserts in commands of 1,000 · find $in 32 ids | ${alone.findOneById}/s · ${alone.replaceOneById}/s · ${alone.replaceIn50s} documents/s · ${alone.insertIn1000s} documents/s · ${alone.findIn32}/s |`] : []),
    ...(rebuild ? [`| scoring projection rebuild on MongoDB (replay, bulk load, indexes after) | ${rebuild.events} events (registry + facts) | ${rebuild.eventsPerSecond} events/s (${rebuild.seconds.toFixed(1)} s) |`] : []),
    '',
  ].join('\n');
  mkdirSync(join(__dirname, '../../../bench/results'), { recursive: true });
  writeFileSync(join(__dirname, `../../../bench/results/distributed-${date.slice(0, 19).replace(/:/g, '')}.md`), md);
  console.log(md);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
