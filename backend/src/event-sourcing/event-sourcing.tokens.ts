/** Injection tokens of the event-sourcing ports (the EVENT_STORE token lives with AggregateStreams). */
export const READ_MODEL_STORE = Symbol('READ_MODEL_STORE');
export const JOB_QUEUE = Symbol('JOB_QUEUE');
export const PROJECTIONS = Symbol('PROJECTIONS');
export const REACTIONS = Symbol('REACTIONS');
export const REACTION_DISPATCH = Symbol('REACTION_DISPATCH');
