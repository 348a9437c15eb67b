export interface CapturedOutput {
  /** Every chunk written since the capture began (or the last clear()), with its stream. */
  readonly chunks: { stream: 'out' | 'err'; text: string }[];
  text(): string;
  clear(): void;
  restore(): void;
}

/**
 * Keeps what this process writes to stdout and stderr, for suites that look into the platform's log
 * (a secret must never be in it, a warning must be). Standard output is kept, not echoed (Nest's debug
 * and route-mapping lines would fill the jest output); standard error is kept and still shown.
 */
export function captureOutput(): CapturedOutput {
  const chunks: CapturedOutput['chunks'] = [];
  const out = process.stdout.write;
  const err = process.stderr.write;
  process.stdout.write = ((chunk: string | Uint8Array) => (
    chunks.push({ stream: 'out', text: String(chunk) }),
    true
  )) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => (
    chunks.push({ stream: 'err', text: String(chunk) }),
    (err as (...a: unknown[]) => boolean).call(process.stderr, chunk, ...rest)
  )) as typeof process.stderr.write;
  return {
    chunks,
    text: () => chunks.map((c) => c.text).join(''),
    clear: () => void (chunks.length = 0),
    restore: () => {
      process.stdout.write = out;
      process.stderr.write = err;
    },
  };
}
