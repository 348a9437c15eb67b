import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { CatchUpResult, measureCatchUp, writeBacklog } from './catch-up';
import { Cluster, communitiesOf, post } from './cluster';
import { LagResult, measureLag } from './lag';
import { measureMongoThroughput, ThroughputResult } from './mongo-throughput';
import { measureStoreAlone, StoreAloneResult } from './store-alone';
import { measureReplicaTakeover, measureTakeover, TakeoverResult, takeoverSvg } from './takeover';

/**
 * `npm run bench:distributed`: through Kafka and MongoDB, as in production (an activities process
 * with the relay, a scoring process): the event-to-scorecard lag at sustained loads, the catch-up
 * of a scoring process over a backlog, and the scoring projection's rebuild on MongoDB. Needs
 * KAFKA_BROKERS and MONGO_URL (deploy/local/kafka/start.sh, deploy/local/ferretdb/start.sh).
 * Flags: --rates=10,100,500 --seconds=30 --backlog=100000 (events; 0 skips) --events=20000
 * (rebuild; 0 skips) --alone=181 (documents for the database-alone ceiling; 0 skips) --region=620102.
 * Prints a Markdown section (also in bench/results/). `--takeover` instead measures the lag around a
 * SIGKILL of one of two consumer replicas (before/after the session settings) and draws
 * docs/images/takeover.svg.
 */
async function main(): Promise<void> {
  const kafka = process.env.KAFKA_BROKERS;
  const mongo = process.env.MONGO_URL;
  if (!kafka || !mongo) throw new Error('set KAFKA_BROKERS and MONGO_URL (see deploy/local)');
  const flag = (name: string, fallback: string) =>
    process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback;
  const region = flag('region', '620102'); // 城关区, 兰州: scored under the shipped 甘肃 standard
  if (process.argv.includes('--takeover'))
    return takeover(kafka, mongo, region, (name, fallback) => Number(flag(name, String(fallback))));
  const rates = flag('rates', '10,100,500').split(',').filter(Boolean).map(Number);
  const seconds = Number(flag('seconds', '30'));
  const backlog = Number(flag('backlog', '100000'));
  const rebuildEvents = Number(flag('events', '20000'));
  const aloneDocuments = Number(flag('alone', '181'));
  const load = () =>
    loadavg()
      .map((l) => l.toFixed(2))
      .join(' ');
  const loads: string[] = [`start ${load()}`];

  const lags: LagResult[] = [];
  let communities = 0;
  if (rates.length > 0) {
    const cluster = new Cluster({ kafka, mongo, region });
    try {
      await cluster.prepare();
      const activitiesPort = await cluster.start('activities,relay');
      await cluster.start('scoring');
      const token = (
        (await post(activitiesPort, '/api/auth/dev-token', {
          sub: 'bench',
          jurisdiction: region,
          roles: ['office'],
        })) as { token: string }
      ).token;
      const codes = await communitiesOf(activitiesPort, region);
      communities = codes.length;
      for (const rate of rates) {
        const l = await measureLag(cluster, { activitiesPort, token, communities: codes, rate, seconds });
        lags.push(l);
        loads.push(`after ${rate}/s ${load()}`);
        console.log(
          `lag at ${rate}/s: ${l.sent} acknowledged (${l.sentPerSecond}/s), ${l.seen} seen, p50 ${l.p50} ms, p99 ${l.p99} ms, max ${l.max} ms; load ${load()}`,
        );
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
      console.log(
        `catch-up: ${catchUp.events} events in ${catchUp.seconds.toFixed(1)} s, ${catchUp.eventsPerSecond}/s; load ${load()}`,
      );
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
    ...lags.map(
      (l) =>
        `| event-to-scorecard lag (201 from the activities process → the scoring process stored the community's facts with it) | ${l.rate} activities/s for ${l.seconds} s (autocannon; ${l.sent} acknowledged, ${l.sentPerSecond}/s; ${l.seen} seen) | p50 ${l.p50} ms, p99 ${l.p99} ms, max ${l.max} ms |`,
    ),
    ...(catchUp
      ? [
          `| scorecards catch-up (a scoring process starting on empty read models, backlog already on Kafka) | ${catchUp.events} messages (${catchUp.backlog} fact events + registry + standards) | ${catchUp.eventsPerSecond} events/s (${catchUp.seconds.toFixed(1)} s); activity tallies ${catchUp.tallies.events} in ${catchUp.tallies.seconds.toFixed(1)} s |`,
        ]
      : []),
    ...(alone
      ? [
          `| the database alone, without a projection (${alone.documents} documents of ${alone.documentBytes} B, one operation at a time) | findOne by _id · replaceOne by _id (conditional on _pos) · replacements in commands of 50 · inserts in commands of 1,000 · find $in 32 ids | ${alone.findOneById}/s · ${alone.replaceOneById}/s · ${alone.replaceIn50s} documents/s · ${alone.insertIn1000s} documents/s · ${alone.findIn32}/s |`,
        ]
      : []),
    ...(rebuild
      ? [
          `| scoring projection rebuild on MongoDB (replay, bulk load, indexes after) | ${rebuild.events} events (registry + facts) | ${rebuild.eventsPerSecond} events/s (${rebuild.seconds.toFixed(1)} s) |`,
        ]
      : []),
    '',
  ].join('\n');
  mkdirSync(join(__dirname, '../../../bench/results'), { recursive: true });
  writeFileSync(join(__dirname, `../../../bench/results/distributed-${date.slice(0, 19).replace(/:/g, '')}.md`), md);
  console.log(md);
}

async function takeover(
  kafka: string,
  mongo: string,
  region: string,
  arg: (name: string, fallback: number) => number,
): Promise<void> {
  const load = loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
  const shape = { rate: arg('rate', 20), killAt: arg('kill-at', 10), seconds: arg('seconds', 50) };
  const before = await measureReplicaTakeover({ kafka, ...shape, sessionMs: 30_000, heartbeatMs: 3000 });
  const now = await measureReplicaTakeover({ kafka, ...shape, sessionMs: 6000, heartbeatMs: 1000 });
  const service = await measureTakeover({
    kafka,
    mongo,
    region,
    rate: arg('service-rate', 1),
    killAt: 20,
    seconds: 50,
  });
  const date = new Date().toISOString().slice(0, 10);
  const row = (what: string, r: TakeoverResult) => {
    const pre = r.points
      .filter((p) => p.at < 0)
      .map((p) => p.lagMs)
      .sort((a, b) => a - b);
    const post = r.points.filter((p) => p.at >= 0);
    return `| ${what} | ${pre[Math.floor(pre.length / 2)] ?? NaN} ms / ${pre[pre.length - 1] ?? NaN} ms | ${(r.worstAfterKillMs / 1000).toFixed(1)} s | ${post.filter((p) => p.lagMs >= 1000).length} of ${post.length} (${r.unseen} never) | ${r.recoveredAt.toFixed(1)} s |`;
  };
  const md = [
    `### Takeover after a SIGKILL (${date}; ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, load ${load} → ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')})`,
    '',
    `| two replicas in one group, one SIGKILLed | lag before the kill: p50 / max | worst lag after the kill | after the kill, waited ≥ 1 s | under 1 s again for good, after the kill |`,
    '|---|---|---|---|---|',
    row(`Kafka bus replicas, session 30 s, heartbeat 3 s (kafkajs defaults, before), ${shape.rate} msg/s`, before),
    row(`Kafka bus replicas, session 6 s, heartbeat 1 s (now), ${shape.rate} msg/s`, now),
    row(`activities service replicas (SERVICES=activities) on FerretDB, now, ${service.rate} activity/s`, service),
    '',
  ].join('\n');
  const out = join(__dirname, '../../../bench/results');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, `takeover-${date}.json`), JSON.stringify({ before, now, service }, null, 1));
  writeFileSync(join(out, `takeover-${date}.md`), md);
  const svg = join(__dirname, '../../../docs/images/takeover.svg');
  writeFileSync(
    svg,
    takeoverSvg(
      [
        { label: 'session 30 s, heartbeat 3 s (kafkajs defaults)', color: '#d62728', result: before },
        { label: 'session 6 s, heartbeat 1 s (the Kafka bus now)', color: '#1f77b4', result: now },
      ],
      `Lag around a SIGKILL of one of two consumer replicas (${date}, ${shape.rate} messages/s, 6 partitions)`,
    ),
  );
  console.log(md);
  console.log(`chart: ${svg}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
