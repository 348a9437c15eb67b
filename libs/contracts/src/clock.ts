/** Time is injected everywhere (deadlines, windows), so tests can hold and move it. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export class ManualClock implements Clock {
  constructor(private current: Date = new Date('2025-01-01T00:00:00.000Z')) {}
  now(): Date {
    return new Date(this.current);
  }
  set(to: Date | string): void {
    this.current = new Date(to);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

/** Dependency-injection token for the Clock. */
export const CLOCK = Symbol('Clock');
