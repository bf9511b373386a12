import type { Command, Decider, DomainEvent } from '@kuaige/domain';

// ---- Decider specifications (after emmett's DeciderSpecification) --------------------------------
// given(past events).when(command).then(new events) — or .thenThrows(ErrorType). The decider runs as
// the write side runs it: the history folded with evolve from the initial state, then decide.

type ErrorType<X extends Error> = abstract new (...args: never[]) => X;

export interface DeciderThen<E extends DomainEvent> {
  /** The command produces exactly these events (deep equality; Jest's asymmetric matchers allowed). */
  then(expected: readonly E[]): void;
  /** The command is refused with this error type; `check` may look closer at the error. */
  thenThrows<X extends Error>(type: ErrorType<X>, check?: (error: X) => void): void;
  /** The events the command produces, for the rare spec that needs to look at them itself. */
  events(): E[];
}

export interface DeciderGiven<C extends Command, E extends DomainEvent> {
  when(command: C): DeciderThen<E>;
}

/** `const given = deciderSpec(account)` — then `given([registered]).when(login).then([succeeded])`. */
export const deciderSpec =
  <C extends Command, E extends DomainEvent, S>(decider: Decider<C, E, S>) =>
  (history: readonly E[]): DeciderGiven<C, E> => ({
    when: (command) => {
      const run = () => decider.decide(command, history.reduce(decider.evolve, decider.initialState()));
      return {
        then: (expected) => expect(run()).toEqual(expected),
        thenThrows: (type, check) => {
          let events: E[];
          try {
            events = run();
          } catch (error) {
            expect(error).toBeInstanceOf(type);
            check?.(error as InstanceType<typeof type>);
            return;
          }
          throw new Error(`expected ${type.name}, but the command produced ${JSON.stringify(events)}`);
        },
        events: run,
      };
    },
  });
