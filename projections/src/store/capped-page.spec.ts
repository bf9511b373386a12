import { EmbeddedReadModelStore } from './embedded/embedded-read-model-store';
import { findCappedPage } from './capped-page';

describe('findCappedPage', () => {
  const store = new EmbeddedReadModelStore();
  const rows = store.collection<{ _id: string; n: number; region: string }>('capped');

  beforeAll(async () => {
    await rows.ensureIndexes([{ name: 'region_n', key: { region: 1, n: 1 } }]);
    await rows.bulkWrite(
      Array.from({ length: 57 }, (_, i) => ({ insertOne: { document: { _id: `r${String(i).padStart(2, '0')}`, n: i, region: i < 45 ? '44' : '45' } } })),
    );
  });

  const page = (filter: Record<string, unknown>, p: number, pageSize: number, cap: number) => findCappedPage(rows, filter, { sort: { n: 1 }, page: p, pageSize }, cap);

  it('counts exactly while the matches stay within the cap', async () => {
    const first = await page({ region: '44' }, 1, 10, 50);
    expect(first.items.map((r) => r.n)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(first).toMatchObject({ total: 45, totalExact: true });
  });

  it('reports a lower bound past the cap, and the rows of the page all the same', async () => {
    const first = await page({ region: '44' }, 1, 10, 20);
    expect(first).toMatchObject({ total: 20, totalExact: false });
    const deep = await page({ region: '44' }, 4, 10, 20);
    expect(deep.items.map((r) => r.n)).toEqual([30, 31, 32, 33, 34, 35, 36, 37, 38, 39]);
    expect(deep).toMatchObject({ total: 40, totalExact: false });
  });

  it('knows the total from a short last page without counting', async () => {
    const last = await page({ region: '44' }, 5, 10, 20);
    expect(last.items.map((r) => r.n)).toEqual([40, 41, 42, 43, 44]);
    expect(last).toMatchObject({ total: 45, totalExact: true });
  });

  it('counts an empty page past the end', async () => {
    expect(await page({ region: '45' }, 3, 10, 50)).toMatchObject({ items: [], total: 12, totalExact: true });
    expect(await page({ region: '46' }, 1, 10, 50)).toMatchObject({ items: [], total: 0, totalExact: true });
  });
});
