export * from './event-sourcing/event';
export * from './event-sourcing/decider';
export * from './identity';
export * from './tenancy';
export * from './blobs';
export * from './certification';
export * from './maintenance';
export * from './dispatch';
