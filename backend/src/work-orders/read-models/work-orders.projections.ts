import type { Projection } from '@kuaige/projections';

/** The read models of work-orders, registered in PRODUCT_PROJECTIONS. */
export const WORK_ORDERS_PROJECTIONS: readonly Projection[] = [];
