import type { Projection } from '@kuaige/projections';

/** The read models of devices, registered in PRODUCT_PROJECTIONS. */
export const DEVICES_PROJECTIONS: readonly Projection[] = [];
