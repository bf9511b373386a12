import { aggregate } from 'mingo';
import type { Pipeline, ReadModelDocument } from '../read-model-store.port';
import { compareValues } from './bson-order';
import { MINGO_OPTIONS } from './document-predicate';

// ---- Aggregation pipelines on embedded rows, with the rewrites MongoDB parity needs ---------------
//
// mingo 7 differs from MongoDB in two stages, so they are rewritten into the equivalents MongoDB's
// documentation gives for them:
// - $bucket: mingo puts a value equal to an inner boundary into the bucket below and emits empty
//   buckets; MongoDB's bucket is [lower, upper) and only non-empty buckets are emitted.
// - $count: mingo answers { n: 0 } when nothing reaches it; MongoDB answers no document.

/** A pipeline MongoDB would reject while running it. */
export class PipelineError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PipelineError';
  }
}

type Stage = Record<string, unknown>;

// Marks documents that fell outside every bucket of a $bucket without a default.
const OUT_OF_RANGE = '\u0000kuaige:$bucket:out-of-range';

/**
 * Runs the pipeline on documents the caller owns (copies: mingo may modify its input in place).
 * `lookup` resolves other collections for $lookup / $graphLookup.
 */
export function runPipeline(
  documents: ReadModelDocument[],
  pipeline: Pipeline,
  lookup: (name: string) => Record<string, unknown>[],
): Record<string, unknown>[] {
  const options = { ...MINGO_OPTIONS, collectionResolver: lookup };
  let current: Record<string, unknown>[] = documents;
  let pending: Stage[] = [];
  for (const stage of pipeline) {
    const bucket = bucketSpec(stage);
    if (!bucket) {
      pending.push(...rewriteCount(stage));
      continue;
    }
    current = aggregate(current, [...pending, ...bucketStages(bucket)], options);
    pending = [];
    if (current.some((d) => d['_id'] === OUT_OF_RANGE)) {
      throw new PipelineError('$bucket: a groupBy value is outside the boundaries and no default was specified');
    }
  }
  return pending.length > 0 || current === documents ? aggregate(current, pending, options) : current;
}

interface BucketSpec {
  readonly groupBy: unknown;
  readonly boundaries: readonly unknown[];
  readonly default?: unknown;
  readonly output?: unknown;
}

function bucketSpec(stage: Stage): BucketSpec | null {
  const spec = stage['$bucket'];
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) return null;
  const { boundaries } = spec as { boundaries?: unknown };
  if (!Array.isArray(boundaries) || boundaries.length < 2 || boundaries.some((b, i) => i > 0 && compareValues(boundaries[i - 1], b) >= 0)) {
    throw new PipelineError('$bucket: boundaries must be at least two values in ascending order');
  }
  return spec as BucketSpec;
}

function bucketStages(spec: BucketSpec): Stage[] {
  const { groupBy, boundaries } = spec;
  const branches = boundaries.slice(0, -1).map((lower, i) => ({
    case: { $and: [{ $gte: [groupBy, { $literal: lower }] }, { $lt: [groupBy, { $literal: boundaries[i + 1] }] }] },
    then: { $literal: lower },
  }));
  const fallback = 'default' in spec ? spec.default : OUT_OF_RANGE;
  const accumulators = typeof spec.output === 'object' && spec.output !== null ? spec.output : { count: { $sum: 1 } };
  return [{ $group: { _id: { $switch: { branches, default: { $literal: fallback } } }, ...accumulators } }, { $sort: { _id: 1 } }];
}

function rewriteCount(stage: Stage): Stage[] {
  const count = stage['$count'];
  if (typeof count !== 'string') return [stage];
  return [{ $group: { _id: null, [count]: { $sum: 1 } } }, { $project: { _id: 0 } }];
}
