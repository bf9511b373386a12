import { calendarDate, integer, listOf, visibleText } from './columns';
import { defineSheet } from './sheet';
import { writeXlsx } from './xlsx';

describe('shared cell rules', () => {
  it('visibleText refuses control, zero-width and direction characters', () => {
    const rule = visibleText('Name');
    expect(rule('张三')).toBe('张三');
    for (const hidden of ['a\u0000', 'a\u200Bb', 'admin\u202E', 'x\u2028y'])
      expect(rule(hidden)).toEqual({ rule: 'visible-characters', message: expect.any(String) });
  });

  it('listOf splits, trims, drops empties and repeats, and bounds the items', () => {
    const rule = listOf({ label: 'Role', separators: /[、,]/, maxItems: 2, maxItemLength: 3 });
    expect(rule(' a 、b,a, ')).toEqual(['a', 'b']);
    expect(rule('、,')).toMatchObject({ rule: 'list-format' });
    expect(rule('a,b,c')).toMatchObject({ rule: 'too-many' });
    expect(rule('abcd')).toMatchObject({ rule: 'too-long' });
    expect(rule('a\u200B')).toMatchObject({ rule: 'visible-characters' });
  });

  it('calendarDate reads the usual ways of writing a date and refuses days the calendar lacks', () => {
    const rule = calendarDate('Installed on');
    for (const text of [
      '2024-03-05',
      '2024/3/5',
      '2024.3.5',
      '2024年3月5日',
      '２０２４年３月５日',
      '2024-03-05 08:30:00',
      '2024-3-5T08:30',
    ])
      expect(rule(text)).toBe('2024-03-05');
    expect(rule('2024-02-29')).toBe('2024-02-29');
    for (const text of ['2023-02-29', '2024-13-01', '5/3/2024', 'next week', '45356', '1899-12-31']) {
      expect(rule(text)).toEqual({ rule: 'date-format', message: 'Installed on is a date such as 2024-03-05' });
    }
  });

  it('calendarDate takes XLSX date cells in a date column', () => {
    const sheet = defineSheet({
      columns: [{ key: 'on', header: { 'zh-CN': '日期', en: 'Date' }, type: 'date', parse: calendarDate('Date (日期)') }],
    });
    const { rows } = sheet.readSheet(
      writeXlsx([['日期'], [new Date(Date.UTC(2024, 2, 5))], [new Date(Date.UTC(2024, 2, 5, 9))], ['2024/3/6']]),
    );
    expect(rows.map((r) => r.values.on)).toEqual(['2024-03-05', '2024-03-05', '2024-03-06']);
  });

  it('integer reads whole numbers in range, with full-width digits and thousands separators', () => {
    const rule = integer('Count', 0, 100_000);
    expect(['42', '+42', '４２', '12,345'].map(rule)).toEqual([42, 42, 42, 12345]);
    expect(rule('1.5')).toMatchObject({ rule: 'integer' });
    expect(rule('12,34')).toMatchObject({ rule: 'integer' });
    expect(rule('-1')).toEqual({ rule: 'out-of-range', message: 'Count is from 0 to 100000' });
    expect(rule('100001')).toMatchObject({ rule: 'out-of-range' });
  });
});
