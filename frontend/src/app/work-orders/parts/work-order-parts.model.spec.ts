import { describe, expect, it } from 'vitest';
import { costsVisible, shownLines, type PartUsedLine } from './work-order-parts.model';

const line = (change: Partial<PartUsedLine>): PartUsedLine => ({
  workOrderId: 'wo-1',
  warehouseId: 'van-1',
  warehouseName: '李工的车',
  warehouseKind: 'van',
  partId: 'p-1',
  partCode: 'BRG-0001',
  partName: '主轴轴承',
  unit: 'pcs',
  quantity: 2,
  pendingQuantity: 0,
  returnedQuantity: 0,
  unitCostFen: null,
  valueFen: null,
  ...change,
});

describe('parts used on a work order', () => {
  it('show what was fitted or waits for approval, not what came back in full', () => {
    const fitted = line({});
    const waiting = line({ warehouseId: 'store', quantity: 0, pendingQuantity: 1 });
    const returned = line({ partId: 'p-2', quantity: 0, returnedQuantity: 3 });
    expect(shownLines({ items: [fitted, waiting, returned], totalValueFen: null })).toEqual([fitted, waiting]);
  });

  it('show costs only when the backend sent them (readers of the stock ledger)', () => {
    expect(costsVisible({ items: [line({})], totalValueFen: null })).toBe(false);
    expect(costsVisible({ items: [line({ unitCostFen: 16000, valueFen: 32000 })], totalValueFen: 32000 })).toBe(true);
  });
});
