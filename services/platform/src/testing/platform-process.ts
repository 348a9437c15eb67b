import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Run from the sources (jest) or from dist/ (the benches): the repository root either way. */
const built = __filename.endsWith('.js');
export const ROOT = resolve(__dirname, built ? '../../../../..' : '../../../..');
export const MAIN = join(ROOT, 'dist/services/platform/src/main.js');

/** The topics of deploy/kafka-topics.txt under another prefix, with production's partition counts. */
export function productionTopics(prefix: string): { topic: string; partitions: number }[] {
  return readFileSync(join(ROOT, 'deploy/kafka-topics.txt'), 'utf8')
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .filter(([name]) => name?.startsWith('chuangwen.'))
    .map(([name, partitions]) => ({ topic: prefix + name.slice('chuangwen.'.length), partitions: Number(partitions) }));
}

/** The line main.ts prints once the HTTP server listens (with the port it got). */
const READY = /is serving on http:\/\/(?:[^/\s]+):(\d+)/;

export interface PlatformProcess {
  readonly name: string;
  readonly port: number;
  readonly child: ChildProcess;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  /** Resolves with the exit code and signal once it exited. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  url(path: string): string;
}

/**
 * Starts the built platform (`npm run build` first) as a child process on PORT=0 and resolves with
 * the port the system gave it, read from its ready line. No free port is chosen here and handed
 * over: another process on the machine could bind it in between (EADDRINUSE).
 */
export function startPlatformProcess(
  name: string,
  env: Record<string, string | undefined>,
  timeoutMs = 120_000,
): Promise<PlatformProcess> {
  const child = spawn(process.execPath, [MAIN], {
    env: { ...process.env, HOST: '127.0.0.1', ...env, PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) =>
    child.once('exit', (code, signal) => r({ code, signal })),
  );
  return new Promise((resolvePort, reject) => {
    const timer = setTimeout(() => fail(new Error(`${name} printed no ready line in ${timeoutMs} ms`)), timeoutMs);
    const fail = (e: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${e.message}\n${output.slice(-3000)}`));
    };
    const onData = (d: Buffer) => {
      output += d;
      const m = READY.exec(output);
      if (!m) return;
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      child.stdout!.on('data', (more) => (output += more));
      const port = Number(m[1]);
      resolvePort({
        name,
        port,
        child,
        output: () => output,
        exited,
        url: (path) => `http://127.0.0.1:${port}${path}`,
      });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (d) => (output += d));
    void exited.then(({ code, signal }) => fail(new Error(`${name} exited (${code ?? signal}) before it was ready`)));
  });
}

/** Sends `signal` and waits for the exit; resolves with how long it took. */
export async function stopPlatformProcess(
  p: PlatformProcess,
  signal: NodeJS.Signals = 'SIGTERM',
): Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }> {
  if (p.child.exitCode !== null || p.child.signalCode !== null) return { ...(await p.exited), ms: 0 };
  const started = Date.now();
  p.child.kill(signal);
  const result = await p.exited;
  return { ...result, ms: Date.now() - started };
}

/**
 * An open `GET /api/stream/scores`: the messages received so far, and whether the server ended it.
 */
export function openScoreStream(
  url: string,
  onMessage?: (message: string) => void,
): { messages: string[]; ended: Promise<void>; close(): void; text(): string } {
  const controller = new AbortController();
  const messages: string[] = [];
  let buffer = '';
  const ended = (async () => {
    const res = await fetch(url, { signal: controller.signal });
    if (res.status !== 200) throw new Error(`stream: ${res.status} ${await res.text()}`);
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        messages.push(buffer.slice(0, end));
        onMessage?.(buffer.slice(0, end));
        buffer = buffer.slice(end + 2);
      }
    }
  })();
  ended.catch(() => undefined);
  return { messages, ended, close: () => controller.abort(), text: () => messages.join('\n\n') };
}
