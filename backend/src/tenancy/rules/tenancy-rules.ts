import type { TenancyRules } from '@kuaige/domain';
import { checkUscc, jurisdictionOf, levelOfCode } from '@kuaige/tenancy';
import { divisionTree } from '../division-data';

/** Tenancy's pure division and USCC rules, handed to the tenancy deciders (domain cannot import them). */
export const TENANCY_RULES: TenancyRules = { checkUscc, levelOfCode, jurisdictionOf, divisionExists: (code) => divisionTree().has(code) };
