/**
 * A pass run every `intervalMs` (never two at once: a tick while one runs joins it), stopped by
 * `stop`, which waits for the pass under way. `intervalMs` ≤ 0: only explicit ticks (tests).
 */
export class PassLoop<T> {
  private running?: Promise<T>;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly intervalMs: number,
    private readonly pass: () => Promise<T>,
    private readonly onError: (e: Error) => void,
  ) {}

  start(): void {
    if (this.intervalMs <= 0 || this.timer) return;
    this.timer = setInterval(() => void this.tick().catch(this.onError), this.intervalMs);
    this.timer.unref();
  }

  tick(): Promise<T> {
    this.running ??= this.pass().finally(() => (this.running = undefined));
    return this.running;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }
}
