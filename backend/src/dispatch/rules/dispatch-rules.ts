import { NATIONAL } from '@kuaige/tenancy';
import type { DivisionCheck } from '@kuaige/domain';
import { divisionTree } from '../../tenancy/division-data';

/** GB/T 2260 codes the provider-profile decider accepts as service regions ('CN' for nationwide). */
export const isDivision: DivisionCheck = (code) => code === NATIONAL || divisionTree().has(code);
