export * from './china-public-holidays';
export * from './business-calendar';
export * from './sla-targets';
export * from './sla.events';
export * from './sla.commands';
export * from './sla';
