import { DomainError, type DomainErrorKind, type DomainEvent } from '@chuangwen/contracts';
import type { Decider } from '../decider';

/**
 * Given-when-then for deciders, after Emmett's DeciderSpecification:
 * `spec.given([past events]).when(command).then([new events])`, `.thenNothingHappens()`,
 * `.thenThrows('conflict', /awaits the community/)` (a DomainError of that kind, its message matching),
 * or `.thenThrows((error) => …)` to look at anything else about the error.
 */
export function deciderSpec<State, Cmd, Evt extends DomainEvent>(decider: Decider<State, Cmd, Evt>) {
  return {
    given: (events: Evt[]) => ({
      when: (command: Cmd) => {
        const run = () => decider.decide(command, events.reduce(decider.evolve, decider.initialState()));
        const thrown = (): unknown => {
          try {
            run();
          } catch (e) {
            return e;
          }
          throw new Error('expected the decider to throw, and it decided');
        };
        return {
          then: (expected: Evt[]) => expect(run()).toEqual(expected),
          thenNothingHappens: () => expect(run()).toEqual([]),
          /** For events with parts decided by the rules (flags, messages): check them one by one. */
          thenMatches: (check: (events: Evt[]) => void) => check(run()),
          thenThrows: (expected: DomainErrorKind | ((error: DomainError) => void), message?: RegExp) => {
            const error = thrown();
            if (typeof expected === 'function') return expected(error as DomainError);
            expect(error).toBeInstanceOf(DomainError);
            expect({ kind: (error as DomainError).kind, message: (error as DomainError).message }).toEqual({
              kind: expected,
              message: message ? expect.stringMatching(message) : expect.any(String),
            });
          },
        };
      },
    }),
  };
}
