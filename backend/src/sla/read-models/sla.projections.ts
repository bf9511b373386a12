import type { Projection } from '@kuaige/projections';

/** The read models of sla, registered in PRODUCT_PROJECTIONS. */
export const SLA_PROJECTIONS: readonly Projection[] = [];
