export * from './histogram';
export * from './measures';
export * from './order-facts';
export * from './cost-measures';
