export * from './purchasing-rules';
export * from './approval-chain';
export * from './purchase-request';
export * from './purchase-order';
export * from './stock-threshold';
