export * from './notification.events';
export * from './notification.commands';
export * from './notification';
