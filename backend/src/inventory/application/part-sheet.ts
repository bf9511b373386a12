// The parts sheet of INV-1: the columns a catalogue is imported from and exported to. Cell rules here;
// the part decider checks each row again. Prices are written in yuan with at most two decimals and
// read digit by digit into integer fen — never through a floating-point number.
import { INVENTORY_LIMITS, PART_CODE_PATTERN, PART_CODE_RULE, PART_UNITS, type PartSupplier, type PartUnit } from '@kuaige/domain';
import { defineSheet, integer, invalid, listOf, visibleText, type RowOfSheet, type Violation } from '../../tabular';

const fold = (text: string) => text.normalize('NFKC').trim().toLowerCase();
const UNIT_BY_NAME = new Map<string, PartUnit>(
  Object.entries(PART_UNITS).flatMap(([code, label]) => [code, label['zh-CN'], label.en].map((name) => [fold(name), code as PartUnit] as const)),
);

export const parseUnit = (text: string): PartUnit | Violation =>
  UNIT_BY_NAME.get(fold(text)) ?? invalid('unit', `Unit (单位) is one of ${Object.entries(PART_UNITS).map(([code, l]) => `${l['zh-CN']} (${code})`).join(', ')}`);

/** `12.5` yuan → 1250 fen, exactly; at most two decimals. */
export const yuanToFen = (text: string): number | null => {
  const m = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(text.normalize('NFKC').trim().replace(/^[¥￥]/, ''));
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
};

export const fenToYuan = (fen: number): string => `${Math.trunc(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;

/** `人本轴承:12.50；SKF:18` → suppliers with integer-fen prices. */
export const parseSuppliers = (text: string): PartSupplier[] | Violation => {
  const items = text
    .split(/[;；]/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (items.length > INVENTORY_LIMITS.suppliers) return invalid('too-many', `Suppliers (供应商) lists at most ${INVENTORY_LIMITS.suppliers} suppliers`);
  const suppliers: PartSupplier[] = [];
  for (const item of items) {
    const [name = '', price = '', ...rest] = item.split(/[:：]/).map((s) => s.trim());
    const priceFen = yuanToFen(price);
    if (name === '' || priceFen === null || rest.length > 0)
      return invalid('supplier-format', 'Suppliers (供应商) are written name:price in yuan (at most 2 decimals), separated by ; — such as 人本轴承:12.50；SKF:18');
    if (priceFen > INVENTORY_LIMITS.unitCostFen) return invalid('out-of-range', `Suppliers (供应商): a price is at most ${fenToYuan(INVENTORY_LIMITS.unitCostFen)} yuan`);
    suppliers.push({ name, priceFen });
  }
  return suppliers;
};

export const partSheet = defineSheet({
  sheetName: { 'zh-CN': '配件', en: 'Parts' },
  columns: [
    {
      key: 'code',
      header: { 'zh-CN': '配件编码', en: 'Code' },
      aliases: ['编码', 'Part code'],
      unique: true,
      maxLength: 19,
      width: 14,
      parse: (text: string) => (PART_CODE_PATTERN.test(text.normalize('NFKC').trim()) ? text.normalize('NFKC').trim() : invalid('part-code', `Code (配件编码): ${PART_CODE_RULE}; leave it empty for the next free code`)),
    },
    { key: 'categoryCode', header: { 'zh-CN': '分类代码', en: 'Category code' }, aliases: ['分类', 'Category'], required: true, maxLength: 12, width: 10, parse: (text: string) => text.normalize('NFKC').trim().toUpperCase() },
    { key: 'name', header: { 'zh-CN': '名称', en: 'Name' }, aliases: ['配件名称'], required: true, maxLength: INVENTORY_LIMITS.name, width: 20, parse: visibleText('Name (名称)') },
    { key: 'model', header: { 'zh-CN': '型号', en: 'Model' }, aliases: ['规格型号'], maxLength: INVENTORY_LIMITS.model, width: 14, parse: visibleText('Model (型号)') },
    { key: 'spec', header: { 'zh-CN': '规格', en: 'Specification' }, aliases: ['Spec'], maxLength: INVENTORY_LIMITS.spec, width: 20, parse: visibleText('Specification (规格)') },
    { key: 'maker', header: { 'zh-CN': '生产厂家', en: 'Maker' }, aliases: ['厂家', '品牌', 'Manufacturer'], maxLength: INVENTORY_LIMITS.maker, width: 14, parse: visibleText('Maker (生产厂家)') },
    {
      key: 'unit',
      header: { 'zh-CN': '单位', en: 'Unit' },
      aliases: ['计量单位'],
      required: true,
      maxLength: 20,
      width: 8,
      parse: parseUnit,
      write: (unit: PartUnit, language) => PART_UNITS[unit][language],
    },
    { key: 'safetyStock', header: { 'zh-CN': '安全库存', en: 'Safety stock' }, aliases: ['最低库存'], width: 10, parse: integer('Safety stock (安全库存)', 0, INVENTORY_LIMITS.safetyStock) },
    {
      key: 'suppliers',
      header: { 'zh-CN': '供应商及单价', en: 'Suppliers and prices' },
      aliases: ['供应商', 'Suppliers'],
      maxLength: 2000,
      width: 30,
      parse: parseSuppliers,
      write: (suppliers: readonly PartSupplier[]) => suppliers.map((s) => `${s.name}:${fenToYuan(s.priceFen)}`).join('; '),
    },
    {
      key: 'compatibleModels',
      header: { 'zh-CN': '适用机型', en: 'Compatible models' },
      aliases: ['适用设备型号'],
      maxLength: 4000,
      width: 24,
      parse: listOf({ label: 'Compatible models (适用机型)', separators: /[;；,，]/, maxItems: INVENTORY_LIMITS.compatibleModels, maxItemLength: INVENTORY_LIMITS.model }),
      write: (models: readonly string[]) => models.join('; '),
    },
  ],
});

export type PartSheetRow = RowOfSheet<typeof partSheet>;
