export * from './settlement-rules';
export * from './journal';
export * from './fee-schedule';
export * from './settlement-lines';
export * from './settlement';
