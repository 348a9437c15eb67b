import 'reflect-metadata';
import { execFileSync, fork } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { measure, measurementsFile, type Measurements } from './measure';
import { DOCS_FILE, parseOptions, RESULTS_DIR } from './options';
import { prepare } from './prepare';
import { machine, markdown, updateDocs, type Run } from './report';

/**
 * `npm run bench` (= bench:national): the scoring engine on the national division tree.
 * Seeds the tree and a generated fact log into `--data` (reused when the options match), then, in
 * a child process, rebuilds the scoring projection, appends single events live, samples queries
 * and the naive baseline; writes bench/results/national-<date>.json and, for a national run (or
 * with --docs), the generated part of docs/benchmarks.md. `--prepare-only` stops after the data.
 */
const log = (line: string) => console.log(`[bench] ${line}`);
const uptime = () => execFileSync('uptime', { encoding: 'utf8' }).trim();

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const o = parseOptions(argv);
  if (argv.includes('--phase=measure')) return measure(o, log);
  const started = uptime();
  log(`start: ${started}`);
  const manifest = await prepare(o, log);
  if (argv.includes('--prepare-only')) return;
  const child = fork(__filename, [...argv.filter((a) => a !== '--fresh'), '--phase=measure'], {
    execArgv: process.execArgv,
    stdio: 'inherit',
  });
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  if (code !== 0) throw new Error(`measuring phase failed (exit ${code})`);
  const measurements = JSON.parse(readFileSync(measurementsFile(o.data), 'utf8')) as Measurements;
  const date = new Date().toISOString().slice(0, 10);
  const run: Run = {
    date,
    machine: machine(),
    load: { start: started, end: uptime() },
    options: {
      events: o.events,
      ...(o.region ? { region: o.region } : {}),
      batch: o.batch,
      window: o.window,
      incremental: o.incremental,
      samples: o.samples,
      'scan-samples': o.scanSamples,
    },
    manifest,
    measurements,
  };
  mkdirSync(RESULTS_DIR, { recursive: true });
  const out = join(RESULTS_DIR, `national-${o.region || 'cn'}-${o.events}-${date}.json`);
  writeFileSync(out, JSON.stringify(run, null, 2));
  const md = markdown(run);
  console.log(`\n${md}\n`);
  log(`results: ${out}`);
  if (!o.region || argv.includes('--docs')) {
    updateDocs(DOCS_FILE, md);
    log(`updated ${DOCS_FILE}`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
