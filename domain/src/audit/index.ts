export * from './security.events';
