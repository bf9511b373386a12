export * from './event-sourcing/event';
export * from './event-sourcing/event-store.port';
export * from './event-sourcing/decider';
export * from './event-sourcing/upcasting';
export * from './identity';
export * from './tenancy';
