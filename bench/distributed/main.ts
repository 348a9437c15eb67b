import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { measureLag } from './lag';
import { measureMongoThroughput } from './mongo-throughput';
import { measureReplicaTakeover, measureTakeover, TakeoverResult, takeoverSvg } from './takeover';

/**
 * `npm run bench:distributed`: event-to-score lag through Kafka and MongoDB at a sustained load,
 * and the scoring projection's throughput on MongoDB. Needs KAFKA_BROKERS and MONGO_URL
 * (deploy/local/kafka/start.sh, deploy/local/ferretdb/start.sh). Prints a Markdown section.
 */
async function main(): Promise<void> {
  const kafka = process.env.KAFKA_BROKERS;
  const mongo = process.env.MONGO_URL;
  if (!kafka || !mongo) throw new Error('set KAFKA_BROKERS and MONGO_URL (see deploy/local)');
  const arg = (name: string, fallback: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
  const region = '620102'; // 城关区, 兰州: scored under the shipped 甘肃 standard
  if (process.argv.includes('--takeover')) return takeover(kafka, mongo, region, arg);
  const lag = await measureLag({ kafka, mongo, region, rate: arg('rate', 20), seconds: arg('seconds', 60) });
  const throughput = await measureMongoThroughput({ mongo, region, events: arg('events', 20000) });
  const date = new Date().toISOString().slice(0, 10);
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`;
  const md = [
    `### Distributed mode (${date}; ${machine})`,
    '',
    `Kafka ${kafka.includes('127.0.0.1') ? '3.9 (single KRaft node, local)' : kafka}, read models on ${mongo.includes('27018') || mongo.includes('29017') ? 'FerretDB 1.24 (SQLite backend)' : 'MongoDB'}; region 620102 (181 committees).`,
    '',
    '| measurement | load | result |',
    '|---|---|---|',
    `| event-to-score lag (POST answered by the activities process → the scoring process serves the community's figures with it) | ${lag.rate} activities/s for ${lag.seconds} s (${lag.sent} sent, ${lag.seen} seen) | p50 ${lag.p50} ms, p99 ${lag.p99} ms, max ${lag.max} ms |`,
    `| scoring projection rebuild on MongoDB | ${throughput.events} events (registry + facts) | ${throughput.eventsPerSecond} events/s (${throughput.seconds.toFixed(1)} s) |`,
    '',
  ].join('\n');
  mkdirSync(join(__dirname, '../../../bench/results'), { recursive: true });
  writeFileSync(join(__dirname, `../../../bench/results/distributed-${date}.md`), md);
  console.log(md);
}

/**
 * `-- --takeover`: lag over time around a SIGKILL of one of two consumer replicas, with kafkajs's
 * defaults (30 s session, 3 s heartbeat) and with ours (6 s, 1 s), then two activities replicas of
 * the platform itself; writes the chart docs/images/takeover.svg and bench/results/takeover-*.
 */
async function takeover(kafka: string, mongo: string, region: string, arg: (name: string, fallback: number) => number): Promise<void> {
  const load = loadavg().map((l) => l.toFixed(2)).join(' ');
  const shape = { rate: arg('rate', 20), killAt: arg('kill-at', 10), seconds: arg('seconds', 50) };
  const before = await measureReplicaTakeover({ kafka, ...shape, sessionMs: 30_000, heartbeatMs: 3000 });
  const now = await measureReplicaTakeover({ kafka, ...shape, sessionMs: 6000, heartbeatMs: 1000 });
  const service = await measureTakeover({ kafka, mongo, region, rate: arg('service-rate', 1), killAt: 20, seconds: 50 });
  const date = new Date().toISOString().slice(0, 10);
  const row = (what: string, r: TakeoverResult) => {
    const pre = r.points.filter((p) => p.at < 0).map((p) => p.lagMs).sort((a, b) => a - b);
    const post = r.points.filter((p) => p.at >= 0);
    return `| ${what} | ${pre[Math.floor(pre.length / 2)] ?? NaN} ms / ${pre[pre.length - 1] ?? NaN} ms | ${(r.worstAfterKillMs / 1000).toFixed(1)} s | ${post.filter((p) => p.lagMs >= 1000).length} of ${post.length} (${r.unseen} never) | ${r.recoveredAt.toFixed(1)} s |`;
  };
  const md = [
    `### Takeover after a SIGKILL (${date}; ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, load ${load} → ${loadavg().map((l) => l.toFixed(2)).join(' ')})`,
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
  writeFileSync(svg, takeoverSvg([
    { label: 'session 30 s, heartbeat 3 s (kafkajs defaults)', color: '#d62728', result: before },
    { label: 'session 6 s, heartbeat 1 s (the Kafka bus now)', color: '#1f77b4', result: now },
  ], `Lag around a SIGKILL of one of two consumer replicas (${date}, ${shape.rate} messages/s, 6 partitions)`));
  console.log(md);
  console.log(`chart: ${svg}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
