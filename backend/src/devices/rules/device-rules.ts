import { device } from '@kuaige/domain';
import { TENANCY_RULES } from '../../tenancy/rules/tenancy-rules';

/** The device decider with the platform's GB/T 2260 rules. */
export const devices = device(TENANCY_RULES);
