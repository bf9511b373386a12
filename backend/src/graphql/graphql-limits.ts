import {
  GraphQLError,
  Kind,
  type FragmentDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { ConfigError } from '../config/config';

/** What one GraphQL request may ask for, read once from the environment at start-up. */
export interface GraphqlLimits {
  /** Deepest nesting of selections, fragments expanded (GRAPHQL_MAX_DEPTH). */
  readonly maxDepth: number;
  /** Aliased fields in one operation (GRAPHQL_MAX_ALIASES): aliases are how one field is asked for many times. */
  readonly maxAliases: number;
  /** Cost: fields selected by one operation, every fragment spread counted again (GRAPHQL_MAX_FIELDS). */
  readonly maxFields: number;
  /** Characters of the document (GRAPHQL_MAX_DOCUMENT_CHARS), refused before it is parsed. */
  readonly maxDocumentChars: number;
  /** Requests per minute and client address to /graphql (GRAPHQL_REQUESTS_PER_MINUTE). */
  readonly requestsPerMinute: number;
}

type Env = Record<string, string | undefined>;

const integer = (env: Env, name: string, fallback: number, min: number, max: number): number => {
  const v = env[name]?.trim();
  if (v === undefined || v === '') return fallback;
  if (!/^\d{1,9}$/.test(v) || Number(v) < min || Number(v) > max) throw new ConfigError(name, `must be an integer from ${min} to ${max}`, v);
  return Number(v);
};

/**
 * Defaults leave room for the console's queries and for GraphiQL's introspection query (depth 13,
 * a few hundred fields) and refuse the abuse of issue #7 (28,000 aliases of one field).
 */
export const loadGraphqlLimits = (env: Env = process.env): GraphqlLimits => ({
  maxDepth: integer(env, 'GRAPHQL_MAX_DEPTH', 15, 2, 100),
  maxAliases: integer(env, 'GRAPHQL_MAX_ALIASES', 30, 0, 10_000),
  maxFields: integer(env, 'GRAPHQL_MAX_FIELDS', 500, 10, 100_000),
  maxDocumentChars: integer(env, 'GRAPHQL_MAX_DOCUMENT_CHARS', 20_000, 100, 1_000_000),
  requestsPerMinute: integer(env, 'GRAPHQL_REQUESTS_PER_MINUTE', 600, 1, 1_000_000),
});

interface Tally {
  fields: number;
  aliases: number;
  depth: number;
}

/**
 * Walks one operation with its fragments expanded and stops as soon as a limit is passed, so that
 * a document built to explode (fragments spreading fragments) costs no more than the limit to check.
 * Fragment cycles are left to graphql-js's NoFragmentCyclesRule; here a cycle just ends the walk.
 */
const tally = (context: ValidationContext, root: SelectionSetNode, limits: GraphqlLimits): Tally => {
  const t: Tally = { fields: 0, aliases: 0, depth: 0 };
  const over = () => t.fields > limits.maxFields || t.aliases > limits.maxAliases || t.depth > limits.maxDepth;
  const walk = (set: SelectionSetNode, depth: number, path: ReadonlySet<string>): void => {
    for (const selection of set.selections) {
      if (over()) return;
      if (selection.kind === Kind.FIELD) {
        t.fields += 1;
        if (selection.alias) t.aliases += 1;
        if (selection.selectionSet) {
          t.depth = Math.max(t.depth, depth + 1);
          walk(selection.selectionSet, depth + 1, path);
        }
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        walk(selection.selectionSet, depth, path);
      } else {
        const name = selection.name.value;
        const fragment: FragmentDefinitionNode | null | undefined = context.getFragment(name);
        if (!fragment || path.has(name)) continue;
        walk(fragment.selectionSet, depth, new Set([...path, name]));
      }
    }
  };
  walk(root, 0, new Set());
  return t;
};

const refusal = (message: string, rule: string) => new GraphQLError(message, { extensions: { code: 'GRAPHQL_VALIDATION_FAILED', rule } });

/**
 * One validation rule for depth, aliases and cost; graphql-js runs it with the standard rules. It also
 * refuses an operation type the schema lacks (graphql-js 16 leaves that to execution, which answers
 * INTERNAL_SERVER_ERROR).
 */
export const graphqlLimitRule =
  (limits: GraphqlLimits): ValidationRule =>
  (context) => ({
    OperationDefinition(node) {
      if (!context.getSchema().getRootType(node.operation)) {
        context.reportError(refusal(`this API has no ${node.operation} operations`, 'known-operation-type'));
        return;
      }
      const t = tally(context, node.selectionSet, limits);
      if (t.depth > limits.maxDepth) context.reportError(refusal(`the query nests deeper than ${limits.maxDepth} levels`, 'max-depth'));
      else if (t.aliases > limits.maxAliases) context.reportError(refusal(`the query uses more than ${limits.maxAliases} aliases`, 'max-aliases'));
      else if (t.fields > limits.maxFields) context.reportError(refusal(`the query selects more than ${limits.maxFields} fields`, 'max-fields'));
    },
  });
