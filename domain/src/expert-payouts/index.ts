export * from './expert-payout.events';
export * from './expert-payout.commands';
export * from './withdrawal-rules';
export * from './expert-payout';
