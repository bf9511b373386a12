export * from './work-order.events';
export * from './work-order.commands';
export * from './work-order-rules';
export * from './work-order-number';
export * from './work-order';
export * from './processing-record-parts';
