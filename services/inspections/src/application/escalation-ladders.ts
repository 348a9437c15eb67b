import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, escalationLadderStream } from '@chuangwen/contracts';
import type {
  Actor,
  Clock,
  EscalationConfigEvent,
  EscalationLadderSet,
  EscalationStep,
  RecordedEvent,
} from '@chuangwen/contracts';
import { EVENT_STORE, EventStore } from '@chuangwen/event-store';
import { handleCommand } from '@chuangwen/commanding';
import { Ladder, ladderFor } from '../domain/escalation';
import { ladderDecider } from '../domain/ladder.decider';

/**
 * The offices' escalation ladders, each on its own stream (few, small): read from the event store,
 * so a ladder set is in force at the scheduler's next pass in every process, with no read model.
 */
@Injectable()
export class EscalationLadders {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async set(jurisdictionCode: string, steps: EscalationStep[], actor: Actor, correlationId: string) {
    const now = this.clock.now();
    const result = await handleCommand(
      this.store,
      escalationLadderStream(jurisdictionCode),
      ladderDecider({ actor, now }),
      { type: 'SetEscalationLadder', data: { jurisdictionCode, steps } },
      { actor, correlationId, now },
      {
        jurisdictionOf: (e: EscalationConfigEvent) => e.data.jurisdictionCode,
      },
    );
    return { jurisdictionCode, events: result.events.map((e) => e.type), position: result.position };
  }

  /** The ladder an office set itself, if any. */
  async own(code: string): Promise<readonly EscalationStep[] | undefined> {
    const events = (await this.store.readStream(escalationLadderStream(code))) as RecordedEvent<EscalationLadderSet>[];
    return events.filter((e) => e.type === 'EscalationLadderSet').pop()?.data.steps;
  }

  /** The ladder in force for a community (or below an office): the nearest office's, else the default. */
  async effective(code: string, cache = new Map<string, readonly EscalationStep[] | null>()): Promise<Ladder> {
    const ladders = new Map<string, readonly EscalationStep[]>();
    for (const c of new Set([code.slice(0, 9), code.slice(0, 6), `${code.slice(0, 4)}00`, `${code.slice(0, 2)}0000`])) {
      if (!cache.has(c)) cache.set(c, (await this.own(c)) ?? null);
      const steps = cache.get(c);
      if (steps) ladders.set(c, steps);
    }
    return ladderFor(code, ladders);
  }
}
