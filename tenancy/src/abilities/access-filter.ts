import { rulesToCondition } from '@casl/ability/extra';
import type { Action, SubjectType } from '../permissions/catalogue';
import type { AppAbility } from './ability-builder';
import { assertSupportedConditions } from './conditions';

// ---- Row-level scoping: an ability's rules as one MongoDB filter ----------------------------------
//
// The same filter runs on both read-store adapters (embedded mingo and MongoDB), so it uses nothing but
// $or/$and/$nor over the rules' own conditions, which are restricted to the supported operators.

/** A MongoDB query filter (structurally the read-model store's Filter). */
export type MongoFilter = Record<string, unknown>;

/** Matches no row on either store: what a user without any rule for the subject gets. */
export const MATCH_NOTHING: MongoFilter = Object.freeze({ _id: { $in: [] } });

/**
 * The rows of `subjectType` on which `ability` allows `action`: the $or of the `can` rules, each
 * $and-ed with a $nor of every `cannot` rule above it; {} when unrestricted, MATCH_NOTHING when denied.
 */
export function accessibleFilter(ability: AppAbility, action: Action, subjectType: SubjectType): MongoFilter {
  const filter = rulesToCondition(
    ability.rulesFor(action, subjectType),
    (rule): MongoFilter => {
      const conditions = rule.conditions as MongoFilter;
      assertSupportedConditions(conditions);
      return rule.inverted ? { $nor: [conditions] } : conditions;
    },
    {
      and: (conditions: MongoFilter[]): MongoFilter => ({ $and: conditions }),
      or: (conditions: MongoFilter[]): MongoFilter => (conditions.length === 1 ? conditions[0]! : { $or: conditions }),
      empty: (): MongoFilter => ({}),
    },
  );
  return filter ?? MATCH_NOTHING;
}

/** Joins the access filter and the query's own filter under $and: spreading would let a key collide. */
export const scoped = (filter: MongoFilter, access: MongoFilter): MongoFilter => ({ $and: [access, filter] });
