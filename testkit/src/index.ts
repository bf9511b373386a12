// Test kits for spec files (lint refuses them in product code). The projection kit has its own entry,
// `@kuaige/testkit/projections`, so that decider specs do not load the read side.
export * from './decider-specification';
export * from './recorded-events';
