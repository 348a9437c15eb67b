import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import type { Measurements } from './measure';
import type { Manifest } from './prepare';

export interface Run {
  readonly date: string;
  readonly machine: { cpu: string; cores: number; ramGiB: number; node: string };
  readonly load: { start: string; end: string };
  readonly options: Record<string, unknown>;
  readonly manifest: Manifest;
  readonly measurements: Measurements;
}

export function machine(): Run['machine'] {
  const info = existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '';
  const cpu = /model name\s*:\s*(.+)/.exec(info)?.[1]?.trim() ?? cpus()[0]?.model ?? 'unknown';
  return { cpu, cores: cpus().length, ramGiB: Math.round(totalmem() / 2 ** 30), node: process.version };
}

const TARGETS = { rebuild: 100_000, scorecardP99: 5, rankingP99: 50, stateMiB: 2048 };
const verdict = (ok: boolean) => (ok ? 'met' : '**missed**');

/** The generated part of the docs section: figures against targets, the baseline beside them. */
export function markdown(run: Run): string {
  const { rebuild: r, incremental: inc, queries: q } = run.measurements;
  const m = run.manifest;
  const facts = Object.values(m.counts).reduce((a, b) => a + b, 0);
  const ms = (l: { p50: number; p99: number }) => `p50 ${l.p50} ms, p99 ${l.p99} ms`;
  const rows = [
    [
      `full rebuild (from zero, all events)${r.reused ? ', measured by the previous run of this data' : ''}`,
      `≥ ${TARGETS.rebuild.toLocaleString('en')} events/s`,
      `${r.eventsPerSecond.toLocaleString('en')} events/s (${r.events.toLocaleString('en')} events in ${r.seconds} s)`,
      verdict(r.eventsPerSecond >= TARGETS.rebuild),
    ],
    [
      'projection state (read store on disk)',
      '< 2 GiB',
      `${r.readModelMiB.toLocaleString('en')} MiB`,
      verdict(r.readModelMiB < TARGETS.stateMiB),
    ],
    [
      'peak RSS of the measuring process',
      '—',
      `${r.peakRssMiB.toLocaleString('en')} MiB after the rebuild, ${run.measurements.peakRssMiB.toLocaleString('en')} MiB at the end`,
      '',
    ],
    [
      'incremental: one event appended → committed',
      '—',
      `${ms(inc.apply)} (${inc.events} events; ${inc.documentsTouched.mean} documents written per event, max ${inc.documentsTouched.max})`,
      '',
    ],
    [
      "a community's scorecard (`communityScorecards`)",
      'p99 < 5 ms',
      ms(q.scorecard),
      verdict(q.scorecard.p99 < TARGETS.scorecardP99),
    ],
    [
      "a district's ranking of its streets (`rankings(district, 'street')`)",
      'p99 < 50 ms',
      ms(q.districtRanking),
      verdict(q.districtRanking.p99 < TARGETS.rankingP99),
    ],
    [
      "national top 100 communities (`rankings('000000', 'community')`)",
      'p99 < 50 ms',
      ms(q.nationalTop100),
      verdict(q.nationalTop100.p99 < TARGETS.rankingP99),
    ],
    [
      'baseline: scorecard recomputed from the raw events, indexed',
      '—',
      `${ms(q.baselineIndexed)} (${q.baselineIndexed.samples} samples, ${q.baselineIndexed.meanEvents} events per community; index built in ${q.baselineIndexed.indexSeconds} s; totals ${q.baselineAgrees ? 'equal' : '**differ from**'} the served ones)`,
      '',
    ],
    [
      'baseline: the same with a full scan of the log',
      '—',
      `${ms(q.baselineScan)} (${q.baselineScan.samples} samples)`,
      '',
    ],
  ];
  return [
    `Run of ${run.date}: \`npm run bench -- ${Object.entries(run.options)
      .map(([k, v]) => `--${k}=${v}`)
      .join(' ')}\``,
    '',
    `- Machine: ${run.machine.cpu}, ${run.machine.cores} cores, ${run.machine.ramGiB} GiB RAM, Node ${run.machine.node}; SQLite event store and read store on local disk.`,
    `- Load: other work ran on the machine at the same time. \`uptime\` at start: ${run.load.start}; at end: ${run.load.end}.`,
    `- Data: region ${m.region || 'the whole country'}: ${m.registryEvents.toLocaleString('en')} JurisdictionRegistered events (${m.communities.toLocaleString('en')} communities), 3 StandardPublished, ${facts.toLocaleString('en')} fact events over 730 days (seed ${m.seed}); seeding took ${m.seconds.seed.toFixed(0)} s, generating ${m.seconds.generate.toFixed(0)} s.`,
    `- Fact events by type: ${Object.entries(m.counts)
      .sort(([, a], [, b]) => b - a)
      .map(([t, n]) => `${t} ${n.toLocaleString('en')}`)
      .join(', ')}.`,
    '',
    '| measurement | target | measured | |',
    '|---|---|---|---|',
    ...rows.map((cells) => `| ${cells.join(' | ')} |`),
    '',
    `Read model by collection: ${Object.entries(r.collections)
      .map(([c, s]) => `${c} ${s.rows.toLocaleString('en')} rows / ${s.MiB} MiB`)
      .join('; ')}.`,
  ].join('\n');
}

const START = '<!-- bench:national:start -->';
const END = '<!-- bench:national:end -->';

/** Replaces the generated block of docs/benchmarks.md (creating the file or the section if missing). */
export function updateDocs(file: string, generated: string): void {
  const block = `${START}\n${generated}\n${END}`;
  if (!existsSync(file)) {
    writeFileSync(
      file,
      `# Benchmarks\n\nMeasured figures, each with the command that produced it, the machine and the load it ran under. Speed goals live here (and in \`bench/\`), never as timed assertions in tests.\n\n## Scoring at national scale\n\n${block}\n`,
    );
    return;
  }
  const text = readFileSync(file, 'utf8');
  const a = text.indexOf(START);
  const b = text.indexOf(END);
  if (a >= 0 && b > a) writeFileSync(file, text.slice(0, a) + block + text.slice(b + END.length));
  else writeFileSync(file, `${text.trimEnd()}\n\n## Scoring at national scale\n\n${block}\n`);
}
