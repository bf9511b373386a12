export * from './expert-help.events';
export * from './expert-help.commands';
export * from './expert-help-rules';
export * from './expert-help';
export * from './expert-profile';
