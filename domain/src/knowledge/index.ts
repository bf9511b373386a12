export * from './knowledge-entry.events';
export * from './knowledge-entry.commands';
export * from './knowledge-entry';
export * from './search-tokens';
