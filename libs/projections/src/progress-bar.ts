import type { RebuildProgress } from './projection-runner';

/** A one-line progress display for long jobs (seeding, rebuilds, benchmarks) on a terminal or a log. */
export function progressBar(
  label: string,
  stream: NodeJS.WriteStream = process.stderr,
): (done: number, total: number, extra?: string) => void {
  let lastDraw = 0;
  const started = Date.now();
  return (done, total, extra = '') => {
    const now = Date.now();
    const finished = done >= total;
    if (!finished && now - lastDraw < (stream.isTTY ? 200 : 2000)) return;
    lastDraw = now;
    const ratio = total > 0 ? Math.min(1, done / total) : 1;
    const width = 30;
    const filled = Math.round(ratio * width);
    const seconds = (now - started) / 1000;
    const rate = seconds > 0 ? Math.round(done / seconds) : 0;
    const eta = rate > 0 && !finished ? ` eta ${Math.ceil((total - done) / rate)}s` : '';
    const line = `${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(ratio * 100).toFixed(1)}% ${done}/${total} ${rate}/s${eta} ${extra}`;
    if (stream.isTTY) stream.write(`\r${line}${finished ? '\n' : ''}`);
    else stream.write(`${line}\n`);
  };
}

/** A throttled one-line count for work of unknown size (documents a replay loads). */
export function progressCount(
  label: string,
  stream: NodeJS.WriteStream = process.stderr,
): (done: number, extra?: string) => void {
  let lastDraw = 0;
  const started = Date.now();
  return (done, extra = '') => {
    const now = Date.now();
    if (now - lastDraw < (stream.isTTY ? 200 : 2000)) return;
    lastDraw = now;
    const line = `${label} ${done} ${Math.round(done / Math.max(0.001, (now - started) / 1000))}/s ${extra}`;
    stream.write(stream.isTTY ? `\r${line}` : `${line}\n`);
  };
}

/** A rebuild's progress: a bar over the log, then, for a replay, the count of documents loaded. */
export function rebuildProgress(label: string, extra: () => string = () => ''): (p: RebuildProgress) => void {
  const events = progressBar(label);
  const documents = progressCount(`${label} documents loaded`);
  return (p) => {
    if (p.documents === undefined)
      events(p.position, p.total, `${p.processed} events, ${Math.round(p.eventsPerSecond)}/s ${extra()}`);
    else documents(p.documents, extra());
  };
}
