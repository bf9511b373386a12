import type { Command, Decider } from '../event-sourcing/decider';
import type { DomainEvent } from '../event-sourcing/event';

/** Given/when/then for deciders in specs: given past events, when a command, then events or an error. */
export const specFor =
  <C extends Command, E extends DomainEvent, S>(decider: Decider<C, E, S>) =>
  (history: readonly E[]) => ({
    when: (command: C) => {
      const run = () => decider.decide(command, history.reduce(decider.evolve, decider.initialState()));
      return {
        then: (expected: readonly E[]) => expect(run()).toEqual(expected),
        thenThrows: (error: new (...args: never[]) => Error) => expect(run).toThrow(error),
        events: run,
      };
    },
  });
