import { MingoError } from 'mingo/util';
import { PipelineError, runPipeline } from './aggregation-pipeline';

const docs = () => [
  { _id: 'a', v: 1 },
  { _id: 'b', v: 2 },
  { _id: 'c', v: 9 },
];
const noLookup = () => [];

describe('aggregation pipelines (embedded)', () => {
  it('puts a value equal to a boundary into the bucket it starts', () => {
    expect(runPipeline(docs(), [{ $bucket: { groupBy: '$v', boundaries: [0, 2, 10] } }], noLookup)).toEqual([
      { _id: 0, count: 1 },
      { _id: 2, count: 2 },
    ]);
  });

  it('fails like MongoDB when a value falls outside the buckets and there is no default', () => {
    expect(() => runPipeline(docs(), [{ $bucket: { groupBy: '$v', boundaries: [0, 5] } }], noLookup)).toThrow(PipelineError);
    expect(() => runPipeline(docs(), [{ $bucket: { groupBy: '$v', boundaries: [5, 0] } }], noLookup)).toThrow(PipelineError);
  });

  it('runs stages after a $bucket on its output', () => {
    expect(
      runPipeline(
        docs(),
        [{ $match: { v: { $lt: 5 } } }, { $bucket: { groupBy: '$v', boundaries: [0, 5] } }, { $project: { _id: 0, count: 1 } }],
        noLookup,
      ),
    ).toEqual([{ count: 2 }]);
  });

  it('joins another collection with $lookup', () => {
    const lookup = (name: string) => (name === 'owners' ? [{ _id: 'o1', of: 'a' }] : []);
    expect(
      runPipeline(docs().slice(0, 1), [{ $lookup: { from: 'owners', localField: '_id', foreignField: 'of', as: 'owners' } }], lookup),
    ).toEqual([{ _id: 'a', v: 1, owners: [{ _id: 'o1', of: 'a' }] }]);
  });

  it('refuses server-side JavaScript', () => {
    expect(() => runPipeline(docs(), [{ $match: { $where: 'true' } }], noLookup)).toThrow(MingoError);
  });
});
