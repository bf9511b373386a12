import type { DomainEvent } from './event';

// ---- Deciders: pure business rules of one aggregate ----------------------------------------------

/** A command: intent in the imperative, e.g. `DispatchWorkOrder`. */
export interface Command<Type extends string = string, Data extends object = Record<string, unknown>> {
  readonly type: Type;
  readonly data: Data;
}

/** The pure rules of one aggregate: decide what happens, and fold what happened into state. */
export interface Decider<C extends Command, E extends DomainEvent, S> {
  readonly initialState: () => S;
  readonly decide: (command: C, state: S) => E[];
  readonly evolve: (state: S, event: E) => S;
}

/** A command that is not allowed in the aggregate's current state. */
export class IllegalTransition extends Error {
  constructor(
    readonly state: string,
    readonly command: string,
  ) {
    super(`${command} is not allowed while ${state}`);
    this.name = 'IllegalTransition';
  }
}

/** A business rule refused the command; `rule` names it for the caller. */
export class RuleViolation extends Error {
  constructor(
    readonly rule: string,
    message: string,
  ) {
    super(message);
    this.name = 'RuleViolation';
  }
}
