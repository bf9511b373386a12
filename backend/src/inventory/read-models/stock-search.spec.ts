import { EmbeddedReadModelStore } from '@kuaige/projections';
import { buildAbility, ENTERPRISE_ADMIN_ROLE } from '@kuaige/tenancy';
import type { Actor } from '../../tenancy/api/authorization';
import { STOCK_LEVELS, stockLevelsProjection } from './inventory.projections';
import { ListStockLevelsHandler, STOCK_TOTAL_CAP, stockLevelList } from './inventory.queries';
import { codeKeysOf, nameKeysOf, stockSearchFilter } from './stock-search';

describe('the search keys of a stock level', () => {
  it('index prefixes of the code and of its sequence, upper case', () => {
    expect(codeKeysOf('BRG01-0007')).toEqual(['B', 'BR', 'BRG', 'BRG0', 'BRG01', 'BRG01-', 'BRG01-0', 'BRG01-00', 'BRG01-000', 'BRG01-0007', '0', '00', '000', '0007']);
  });

  it('index Han bigrams and latin words with their prefixes, lower case', () => {
    expect(nameKeysOf('深沟球轴承 SKF')).toEqual(['深沟', '沟球', '球轴', '轴承', 's', 'sk', 'skf']);
    expect(nameKeysOf('阀')).toEqual(['阀']);
  });

  it('find rows by a code prefix, a scanned code, a sequence, a latin word or Han text, through an index', async () => {
    const store = new EmbeddedReadModelStore();
    const rows = store.collection<{ _id: string; partCode: string; codeKeys: string[]; nameKeys: string[] }>('stock_levels');
    await rows.ensureIndexes([{ name: 'by_code_keys', key: { codeKeys: 1 } }, { name: 'by_name_keys', key: { nameKeys: 1 } }]);
    const part = (id: string, partCode: string, name: string) => ({ _id: id, partCode, codeKeys: codeKeysOf(partCode), nameKeys: nameKeysOf(name) });
    await rows.bulkWrite([part('a', 'BRG01-0007', '深沟球轴承 SKF'), part('b', 'BRG01-0012', '圆锥滚子轴承'), part('c', 'BLT-0007', '同步带')].map((document) => ({ insertOne: { document } })));
    const ids = async (q: string) => (await rows.find(stockSearchFilter(q), { sort: { _id: 1 } })).map((r) => r._id);
    expect(await ids('brg01-00')).toEqual(['a', 'b']);
    expect(await ids('BRG01-0007')).toEqual(['a']);
    expect(await ids('0007')).toEqual(['a', 'c']);
    expect(await ids('skf')).toEqual(['a']);
    expect(await ids('轴承')).toEqual(['a', 'b']);
    expect(await ids('球轴承')).toEqual(['a']);
    expect(await ids('滚珠')).toEqual([]);
    const plan = rows.query(stockSearchFilter('轴承'), { sort: { _id: 1 } }).plan;
    expect(plan.kind).not.toBe('collection-scan');
  });
});

describe('a page of stock levels', () => {
  const actor = {
    userId: 'U1',
    enterpriseId: 'E1',
    operatorNode: null,
    ability: buildAbility({
      user: { id: 'U1' },
      memberships: [{ kind: 'enterprise', enterpriseId: 'E1', roles: ['admin'] }],
      activeEnterpriseId: 'E1',
      roles: new Map([['admin', ENTERPRISE_ADMIN_ROLE]]),
    }),
  } as unknown as Actor;

  it('counts exactly up to the cap, then says the total is a lower bound; finds a scanned code and a name', async () => {
    const store = new EmbeddedReadModelStore();
    const levels = store.collection(STOCK_LEVELS);
    await levels.ensureIndexes(stockLevelsProjection.indexes, { scoped: true, arrayFields: stockLevelsProjection.arrayFields ?? [] });
    const rows = Array.from({ length: STOCK_TOTAL_CAP + 5 }, (_, i) => {
      const partCode = `BRG-${String(i).padStart(5, '0')}`;
      const warehouseId = i < 30 ? 'W1' : 'W2';
      return { _id: `${warehouseId}:P${i}`, warehouseId, partId: `P${i}`, partCode, partName: i === 7 ? '圆锥滚子轴承' : '深沟球轴承', categoryPath: ['BRG'], available: 1, low: false, codeKeys: codeKeysOf(partCode), nameKeys: nameKeysOf(i === 7 ? '圆锥滚子轴承' : '深沟球轴承'), scope: { tenants: ['E1'], regions: [] } };
    });
    for (let i = 0; i < rows.length; i += 2000) await levels.bulkWrite(rows.slice(i, i + 2000).map((document) => ({ insertOne: { document } })));
    const handler = new ListStockLevelsHandler(store);
    const all = await handler.execute(stockLevelList(actor, {}, { page: 1, pageSize: 20 }));
    expect(all).toEqual(expect.objectContaining({ total: STOCK_TOTAL_CAP, totalExact: false }));
    expect(all.items.map((r) => r.partCode)).toEqual(rows.slice(0, 20).map((r) => r.partCode));
    expect(all.items[0]).not.toHaveProperty('codeKeys');
    const oneWarehouse = await handler.execute(stockLevelList(actor, { warehouseId: 'W1' }, { page: 2, pageSize: 20 }));
    expect(oneWarehouse).toEqual(expect.objectContaining({ total: 30, totalExact: true }));
    expect(oneWarehouse.items).toHaveLength(10);
    const scanned = await handler.execute(stockLevelList(actor, { q: 'brg-00007' }, { page: 1, pageSize: 20 }));
    expect(scanned.items.map((r) => r.partId)).toEqual(['P7']);
    const named = await handler.execute(stockLevelList(actor, { q: '圆锥' }, { page: 1, pageSize: 20 }));
    expect(named).toEqual(expect.objectContaining({ total: 1, totalExact: true }));
  });
});
