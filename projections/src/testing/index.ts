// Test support shared by the projector's tests and the benchmarks; not used by the product.
export * from './maintenance-fixture';
export * from './faulty-store';
