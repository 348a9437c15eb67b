import type { EscalationConfigEvent, EscalationStep } from '@chuangwen/contracts';
import type { SetEscalationLadder } from './commands';
import { assertInScope, DecisionContext, today } from './context';
import { assertLadder } from './escalation';

/** An office's ladder, folded from its stream: the last one set. */
export interface LadderState {
  readonly steps?: readonly EscalationStep[];
}

export const initialLadder = (): LadderState => ({});

export const evolveLadder = (_: LadderState, e: EscalationConfigEvent): LadderState =>
  e.type === 'EscalationLadderSet' ? { steps: e.data.steps } : _;

/** Setting the same ladder again changes nothing; a new one replaces it (steps already taken stay taken). */
export function decideLadder(
  command: SetEscalationLadder,
  state: LadderState,
  ctx: DecisionContext,
): EscalationConfigEvent[] {
  const { jurisdictionCode } = command.data;
  assertInScope(jurisdictionCode, ctx, `the ladder of ${jurisdictionCode}`);
  const steps = command.data.steps.map(({ afterDays, level, supervised, bulletin }) => ({
    afterDays,
    level,
    supervised: !!supervised,
    bulletin: !!bulletin,
  }));
  assertLadder(jurisdictionCode, steps);
  if (JSON.stringify(state.steps) === JSON.stringify(steps)) return [];
  return [{ type: 'EscalationLadderSet', version: 1, data: { jurisdictionCode, steps, setOn: today(ctx) } }];
}

export const ladderDecider = (ctx: DecisionContext) => ({
  initialState: initialLadder,
  evolve: evolveLadder,
  decide: (command: SetEscalationLadder, state: LadderState) => decideLadder(command, state, ctx),
});
