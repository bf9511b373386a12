// The event-store port and what every adapter and reader shares: recorded events, event-id digests, upcasting.
export * from './recorded-event';
export * from './event-store.port';
export * from './upcasting';
export * from './ids';
