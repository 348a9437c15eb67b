import {
  DynamicModule,
  Inject,
  Injectable,
  Logger,
  Module,
  OnApplicationBootstrap,
  OnApplicationShutdown,
  Optional,
} from '@nestjs/common';
import { CLOCK, COUNTRY_CODE, evaluationDayStream, nameBasedId } from '@chuangwen/contracts';
import type { Actor, Clock, EvaluationDayBegan, EventToAppend } from '@chuangwen/contracts';
import { EVENT_STORE, EventStore, WrongExpectedRevisionError } from '@chuangwen/event-store';
import { toDay } from '@chuangwen/scoring-engine';

export const EVALUATION_DAY_OPTIONS = Symbol('EvaluationDayOptions');
export interface EvaluationDayOptions {
  /** How often to look whether a new China day began (ms); 0 turns the timer off. */
  readonly checkIntervalMs: number;
}
const DEFAULT_OPTIONS: EvaluationDayOptions = { checkIntervalMs: 600_000 };

/** Configures the calendar for whichever module hosts scoring (global: ScoringModule is imported in several places). */
@Module({})
export class EvaluationCalendarModule {
  static forRoot(options: EvaluationDayOptions): DynamicModule {
    return {
      module: EvaluationCalendarModule,
      global: true,
      providers: [{ provide: EVALUATION_DAY_OPTIONS, useValue: options }],
      exports: [EVALUATION_DAY_OPTIONS],
    };
  }
}

const CALENDAR_ACTOR: Actor = { id: 'evaluation-calendar', roles: ['system'], jurisdiction: COUNTRY_CODE };

/** The event that opens `day`: its id derives from the day, so every instance appends the same one. */
export function evaluationDayBegan(day: string): EventToAppend<EvaluationDayBegan> {
  return {
    eventId: nameBasedId(`evaluation-day|${day}`),
    type: 'EvaluationDayBegan',
    version: 1,
    data: { day },
    metadata: {
      actor: CALENDAR_ACTOR,
      jurisdictionCode: COUNTRY_CODE,
      occurredAt: new Date(`${day}T00:00:00+08:00`).toISOString(),
      correlationId: `evaluation-day-${day}`,
      causationId: `evaluation-day-${day}`,
    },
  };
}

/**
 * Appends EvaluationDayBegan once per China day, so that the scoring projection re-evaluates what
 * time alone changes even on a day without other events. One stream per day, appended with
 * `no_stream`: a second instance, a restart or a retry finds the day already open and does nothing.
 */
@Injectable()
export class EvaluationDayScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('EvaluationDayScheduler');
  private timer?: NodeJS.Timeout;
  private lastOpened?: string;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Optional() @Inject(EVALUATION_DAY_OPTIONS) private readonly options: EvaluationDayOptions = DEFAULT_OPTIONS,
  ) {}

  onApplicationBootstrap(): void {
    if (this.options.checkIntervalMs <= 0) return;
    this.timer = setInterval(
      () => void this.tick().catch((e) => this.log.error(`evaluation day check failed: ${(e as Error).message}`)),
      this.options.checkIntervalMs,
    );
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Opens today unless it is open already; returns the day when this call appended its event. */
  async tick(): Promise<string | undefined> {
    const day = toDay(this.clock.now());
    if (day === this.lastOpened) return undefined;
    const stream = evaluationDayStream(day);
    if ((await this.store.readStream(stream, { maxCount: 1 })).length > 0) {
      this.lastOpened = day;
      return undefined;
    }
    try {
      await this.store.append(stream, [evaluationDayBegan(day)], { expectedRevision: 'no_stream' });
      this.lastOpened = day;
      return day;
    } catch (e) {
      if (!(e instanceof WrongExpectedRevisionError)) throw e;
      this.lastOpened = day;
      return undefined;
    }
  }
}
