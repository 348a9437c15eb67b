import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { drive, LoadResult, Mix } from './load';
import { RunningPlatform, startFloor, startPlatform } from './platform';

const ROOT = resolve(__dirname, '../../..');
const MAIN = resolve(__dirname, '../../services/platform/src/main.js');
const DOCS = join(ROOT, 'docs/benchmarks.md');
const START = '<!-- bench:live:start -->';
const END = '<!-- bench:live:end -->';

/**
 * `npm run bench:live`: the embedded platform's live write path. Starts the built platform on a fresh
 * data directory seeded with 城关区 (181 committees, scored under the shipped 甘肃 standard), mints
 * office tokens and drives `POST /api/activities` with autocannon at 1, 8, 32 and 128 concurrent
 * clients, each answer waiting for read-your-writes. Prints commands/s and p50/p99 per level.
 *
 *   --connections=1,8,32,128   --seconds=20   --mix=activities|mixed (one in four a problem recorded)
 *   --baseline=<main.js>       another build (e.g. of main) measured side by side, level by level,
 *                              so a busy machine slows both alike; several as name=<main.js>,…
 *   --floor=express,nest       also the floor under the platform, measured alike: express alone, and
 *                              NestJS with the platform's pipe and the real DTO (floor-server.ts)
 *   --docs                     rewrites the generated block of docs/benchmarks.md
 */
async function main(): Promise<void> {
  const arg = (name: string) =>
    process.argv
      .find((a) => a.startsWith(`--${name}=`))
      ?.split('=')
      .slice(1)
      .join('=');
  const levels = (arg('connections') ?? '1,8,32,128').split(',').map(Number);
  const seconds = Number(arg('seconds') ?? 20);
  const mix = (arg('mix') ?? 'activities') as Mix;
  const baseline = arg('baseline');
  const region = '620102';
  const load = { start: uptime(), end: '' };
  const platforms: RunningPlatform[] = [];
  const results: LoadResult[] = [];
  // Interrupted (Ctrl-C, a closed pipe): the platforms started must not outlive the bench.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGPIPE'] as const) {
    process.once(signal, () => void Promise.all(platforms.map((p) => p.stop())).finally(() => process.exit(130)));
  }
  try {
    for (const [i, b] of (baseline ? baseline.split(',') : []).entries()) {
      const [label, main] = b.includes('=') ? b.split('=') : [i === 0 ? 'baseline' : `baseline ${i + 1}`, b];
      platforms.push(await startPlatform({ label, main: resolve(main), region, tokens: 16 }));
    }
    platforms.push(await startPlatform({ label: 'this build', main: MAIN, region, tokens: 16 }));
    for (const kind of arg('floor')?.split(',') ?? []) platforms.push(await startFloor(kind as 'express' | 'nest'));
    // JIT and page cache warm before the first figure.
    for (const p of platforms) await drive(p, { connections: 8, seconds: 3, mix, quiet: true });
    for (const connections of levels) {
      for (const p of platforms) {
        const r = await drive(p, { connections, seconds, mix });
        results.push(r);
        console.error(
          `${p.label}, ${connections} clients: ${r.commandsPerSecond} commands/s, p50 ${r.p50} ms, p99 ${r.p99} ms, ${r.cpuMsPerCommand} ms CPU a command (${r.ok} ok, ${r.failed} failed)`,
        );
      }
    }
  } finally {
    await Promise.all(platforms.map((p) => p.stop()));
  }
  load.end = uptime();
  const md = markdown({ date: new Date().toISOString().slice(0, 10), seconds, mix, baseline, load, results });
  mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
  writeFileSync(join(ROOT, `bench/results/live-${new Date().toISOString().replace(/[:.]/g, '-')}.md`), md);
  if (process.argv.includes('--docs')) writeDocs(md);
  console.log(md);
}

const uptime = () => execFileSync('uptime', { encoding: 'utf8' }).trim();

function machine(): string {
  const info = existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '';
  const cpu = /model name\s*:\s*(.+)/.exec(info)?.[1]?.trim() ?? cpus()[0]?.model ?? 'unknown';
  return `${cpu}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB RAM, Node ${process.version}`;
}

function markdown(run: {
  date: string;
  seconds: number;
  mix: Mix;
  baseline?: string;
  load: { start: string; end: string };
  results: LoadResult[];
}): string {
  const floor = process.argv.find((a) => a.startsWith('--floor='));
  const args = [
    `--seconds=${run.seconds}`,
    run.mix !== 'activities' ? `--mix=${run.mix}` : '',
    run.baseline ? `--baseline=${run.baseline}` : '',
    floor ?? '',
  ]
    .filter(Boolean)
    .join(' ');
  const rows = run.results.map((r) => {
    const target =
      r.connections === 32 && !r.platform.endsWith('(floor)')
        ? r.commandsPerSecond >= 2000 && r.p99 < 100
          ? 'met'
          : '**missed**'
        : '';
    // Cores that 2,000 commands/s would take at this cost, the platform's and the load generator's together.
    const cores = (((r.cpuMsPerCommand + r.loadCpuMsPerRequest) * 2000) / 1000).toFixed(1);
    return `| ${r.platform} | ${r.connections} | ${r.commandsPerSecond.toLocaleString('en')} | ${r.p50} | ${r.p99} | ${r.max} | ${r.cpuMsPerCommand} | ${r.loadCpuMsPerRequest} | ${cores} | ${r.ok.toLocaleString('en')} / ${r.failed} | ${target} |`;
  });
  return [
    `Run of ${run.date}: \`npm run bench:live -- ${args}\``,
    '',
    `- Machine: ${machine()}; the platform (one process) and autocannon share it.`,
    `- Load: \`uptime\` at start: ${run.load.start}; at end: ${run.load.end}.`,
    `- Commands: ${run.mix === 'mixed' ? 'three in four `POST /api/activities`, one in four `POST /api/problems`' : '`POST /api/activities`'}, each a new stream in a random committee of 城关区, ${run.seconds} s per level; an answer is counted once read-your-writes let it go.`,
    `- CPU: the platform process's (all its threads) per answered command, autocannon's per request sent; at that cost 2,000 commands/s would take the cores shown, of the machine's ${cpus().length}.`,
    '',
    '| build | clients | commands/s | p50 ms | p99 ms | max ms | platform CPU ms a command | autocannon CPU ms a request | cores for 2,000/s | ok / failed | target (32 clients: ≥ 2,000/s, p99 < 100 ms) |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

function writeDocs(md: string): void {
  const text = readFileSync(DOCS, 'utf8');
  const block = `${START}\n${md}\n${END}`;
  const i = text.indexOf(START);
  const j = text.indexOf(END);
  writeFileSync(
    DOCS,
    i >= 0 && j > i
      ? text.slice(0, i) + block + text.slice(j + END.length)
      : `${text.trimEnd()}\n\n## Live write path (embedded)\n\n${block}\n`,
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
