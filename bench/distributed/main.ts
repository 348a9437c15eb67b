import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { measureLag } from './lag';
import { measureMongoThroughput } from './mongo-throughput';

/**
 * `npm run bench:distributed`: event-to-scorecard lag through Kafka and MongoDB at a sustained load
 * (topics with production's partition counts),
 * and the scoring projection's throughput on MongoDB. Needs KAFKA_BROKERS and MONGO_URL
 * (deploy/local/kafka/start.sh, deploy/local/ferretdb/start.sh). Prints a Markdown section.
 */
async function main(): Promise<void> {
  const kafka = process.env.KAFKA_BROKERS;
  const mongo = process.env.MONGO_URL;
  if (!kafka || !mongo) throw new Error('set KAFKA_BROKERS and MONGO_URL (see deploy/local)');
  const arg = (name: string, fallback: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
  const region = '620102'; // 城关区, 兰州: scored under the shipped 甘肃 standard
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
    `| event-to-scorecard lag (POST answered by the activities process → the scoring process's live stream announces the community's scorecard committed at or past the activity's position) | ${lag.rate} activities/s for ${lag.seconds} s (${lag.sent} sent, ${lag.seen} seen) | p50 ${lag.p50} ms, p99 ${lag.p99} ms, max ${lag.max} ms |`,
    `| scoring projection rebuild on MongoDB | ${throughput.events} events (registry + facts) | ${throughput.eventsPerSecond} events/s (${throughput.seconds.toFixed(1)} s) |`,
    '',
  ].join('\n');
  mkdirSync(join(__dirname, '../../../bench/results'), { recursive: true });
  writeFileSync(join(__dirname, `../../../bench/results/distributed-${date}.md`), md);
  console.log(md);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
