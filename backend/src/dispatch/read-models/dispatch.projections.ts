import type { Projection } from '@kuaige/projections';

/** The read models of dispatch, registered in PRODUCT_PROJECTIONS. */
export const DISPATCH_PROJECTIONS: readonly Projection[] = [];
