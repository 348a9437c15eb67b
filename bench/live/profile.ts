import 'reflect-metadata';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { drive } from './load';
import { startPlatform } from './platform';

/**
 * `node dist/bench/live/profile.js [--main=<main.js>] [--seconds=12] [--connections=32]`: the built
 * platform under `node --cpu-prof` and the bench's load, and where its main thread's time went, by
 * area (each sample counted for the first area, in the order below, that a frame of its stack is in).
 * The figures of docs/benchmarks.md ("The main thread's time per command") come from it.
 * `--top=N` also lists the N functions with the most self time, and the N projections (by their
 * `apply`/`settle` frames) with the most time inclusive of what they call.
 */
const AREAS: [string, (f: Frame) => boolean][] = [
  ['garbage collection', (f) => f.functionName === '(garbage collector)'],
  ['idle', (f) => f.functionName === '(idle)'],
  [
    'event store (decide, append, group commit, tail)',
    (f) => /dist\/libs\/(event-store|commanding)|execute-activity-command/.test(f.url),
  ],
  [
    'projections and read store',
    (f) =>
      /dist\/libs\/(projections|read-store|scoring-engine)|dist\/services\/[^/]+\/src\/(scorecards|activity-tallies|rollups|.*projection)/.test(
        f.url,
      ),
  ],
  ['auth guard and JWT', (f) => /auth\.guard|token-verifier|jose/.test(f.url)],
  [
    'validation pipe (class-validator, class-transformer)',
    (f) => /class-validator|class-transformer|validation\.pipe/.test(f.url),
  ],
  [
    'express, router, body parser, helmet, Nest',
    (f) =>
      /node_modules\/(express|router|body-parser|raw-body|helmet|@nestjs|type-is|parseurl|on-finished|iconv-lite|finalhandler|qs)|dist\/libs\/http|controller/.test(
        f.url,
      ),
  ],
  [
    'node HTTP and sockets',
    (f) => /node:(_http|net|internal\/streams|events|stream)|writev/.test(`${f.url} ${f.functionName}`),
  ],
];

interface Frame {
  functionName: string;
  url: string;
}
interface Profile {
  nodes: { id: number; callFrame: Frame; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

async function main(): Promise<void> {
  const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
  const seconds = Number(arg('seconds') ?? 12);
  const main = resolve(arg('main') ?? join(__dirname, '../../services/platform/src/main.js'));
  const dir = mkdtempSync(join(tmpdir(), 'cw-prof-'));
  const platform = await startPlatform({
    label: 'profiled',
    main,
    region: '620102',
    tokens: 16,
    nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${dir}`],
  });
  let result;
  try {
    await drive(platform, { connections: 8, seconds: 3, mix: 'activities', quiet: true });
    result = await drive(platform, { connections: Number(arg('connections') ?? 32), seconds, mix: 'activities' });
  } finally {
    await platform.stop();
  }
  const file = readdirSync(dir)
    .map((f) => join(dir, f))
    .sort((a, b) => statSync(b).size - statSync(a).size)[0];
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  rmSync(dir, { recursive: true, force: true });
  const node = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const totals = new Map<string, number>();
  const selfTime = new Map<string, number>();
  const inProjection = new Map<string, number>();
  const where = (f: Frame) => `${f.functionName || '(anonymous)'} ${f.url.replace(/^.*\/(dist|node_modules)\//, '')}`;
  let total = 0;
  let t = profile.startTime;
  const from = profile.endTime - seconds * 1e6; // the measured load only, not start-up and warm-up
  profile.samples.forEach((sample, i) => {
    t += profile.timeDeltas[i];
    if (t < from) return;
    const frames: Frame[] = [];
    for (let id: number | undefined = sample; id !== undefined; id = parent.get(id))
      frames.push(node.get(id)!.callFrame);
    const area = AREAS.find(([, test]) => frames.some(test))?.[0] ?? 'other';
    totals.set(area, (totals.get(area) ?? 0) + profile.timeDeltas[i]);
    selfTime.set(where(frames[0]), (selfTime.get(where(frames[0])) ?? 0) + profile.timeDeltas[i]);
    const projection = frames.find(
      (f) => /projection|activity-tallies|scorecards\//.test(f.url) && /^(apply|settle)/.test(f.functionName),
    );
    if (projection)
      inProjection.set(where(projection), (inProjection.get(where(projection)) ?? 0) + profile.timeDeltas[i]);
    total += profile.timeDeltas[i];
  });
  console.log(
    `${result.commandsPerSecond} commands/s, p99 ${result.p99} ms, ${result.cpuMsPerCommand} ms CPU a command (${result.ok} ok)\n`,
  );
  console.log('| area | share | ms of the main thread a command |\n|---|---|---|');
  for (const [area, us] of [...totals].sort((a, b) => b[1] - a[1]))
    console.log(`| ${area} | ${((us / total) * 100).toFixed(1)} % | ${(us / 1000 / result.ok).toFixed(3)} |`);
  const top = Number(arg('top') ?? 0);
  for (const [title, table] of [
    ['function (self time)', selfTime],
    ['projection (apply/settle, inclusive)', inProjection],
  ] as const) {
    if (!top) break;
    console.log(`\n| ${title} | share | ms a command |\n|---|---|---|`);
    for (const [name, us] of [...table].sort((a, b) => b[1] - a[1]).slice(0, top))
      console.log(`| ${name} | ${((us / total) * 100).toFixed(1)} % | ${(us / 1000 / result.ok).toFixed(3)} |`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
