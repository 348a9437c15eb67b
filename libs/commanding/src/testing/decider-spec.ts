import type { DomainEvent } from '@chuangwen/contracts';
import type { Decider } from '../decider';

/**
 * Given-when-then for deciders, after Emmett's DeciderSpecification:
 * `spec.given([past events]).when(command).then([new events])` or `.thenThrows(matcher)`.
 */
export function deciderSpec<State, Cmd, Evt extends DomainEvent>(decider: Decider<State, Cmd, Evt>) {
  return {
    given: (events: Evt[]) => ({
      when: (command: Cmd) => {
        const run = () => decider.decide(command, events.reduce(decider.evolve, decider.initialState()));
        return {
          then: (expected: Evt[]) => expect(run()).toEqual(expected),
          thenNothingHappens: () => expect(run()).toEqual([]),
          /** For events with parts decided by the rules (flags, messages): check them one by one. */
          thenMatches: (check: (events: Evt[]) => void) => check(run()),
          // eslint-disable-next-line @typescript-eslint/no-explicit-any -- specs read the domain error's fields directly
          thenThrows: (check: (error: any) => void) => {
            let thrown: unknown;
            try {
              run();
            } catch (e) {
              thrown = e;
            }
            expect(thrown).toBeDefined();
            check(thrown);
          },
        };
      },
    }),
  };
}
