// Files a real spreadsheet app wrote. __fixtures__/libreoffice-7.4-employees.xlsx is LibreOffice Calc
// 7.4 (Debian 12) opening libreoffice-7.4-employees.source.csv and saving it as "Excel 2007-365":
//   soffice --headless --infilter=CSV:44,34,76,1 --convert-to xlsx:"Calc MS Excel 2007 XML" <source.csv>
// It holds what users' files hold: phones turned into numbers, rich-text runs (one font per script),
// a formula with its cached value, dates as serials with a date style, a blank row, LibreOffice's extra
// parts (docProps) and attributes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { employeeSheet } from './employee-sheet';
import { defineSheet } from './sheet';
import { readXlsx } from './xlsx';

const fixture = readFileSync(join(__dirname, '__fixtures__', 'libreoffice-7.4-employees.xlsx'));

describe('an XLSX LibreOffice Calc wrote', () => {
  it('reads cell for cell: numbers, joined rich-text runs, a formula by its value, a text line break, the blank row skipped', () => {
    const sheet = readXlsx(fixture);
    expect(sheet.name).toBe('libreoffice-7.4-employees.sourc'); // the file's name, cut to the 31 characters a sheet name may have
    expect(sheet.rows).toEqual([
      { number: 1, cells: ['手机号', '姓名', '部门', '角色', '工号', '入职日期', '备注'] },
      { number: 2, cells: [13800138000, '张三', '生产部/维修组', '维修工、班组长', 'E001', 45356, 2] },
      { number: 3, cells: ['+86 139 0013 9000', '李四', '销售部', '销售', 42, 45291, '多行\n备注'] },
      { number: 5, cells: [13700137000, '王五'] },
    ]);
  });

  it('reads as the employee sheet, the extra columns ignored', () => {
    const { rows, errors } = employeeSheet.readSheet(fixture);
    expect(errors).toEqual([]);
    expect(rows).toEqual([
      {
        row: 2,
        values: { phone: '13800138000', name: '张三', department: ['生产部', '维修组'], roles: ['维修工', '班组长'], employeeNo: 'E001' },
      },
      // LibreOffice read "0042" as the number 42; the sheet can only report what the file holds
      { row: 3, values: { phone: '13900139000', name: '李四', department: ['销售部'], roles: ['销售'], employeeNo: '42' } },
      { row: 5, values: { phone: '13700137000', name: '王五' } },
    ]);
  });

  it('gives a declared date column its dates', () => {
    const hires = defineSheet({
      columns: [
        { key: 'name', header: { 'zh-CN': '姓名', en: 'Name' } },
        { key: 'since', header: { 'zh-CN': '入职日期', en: 'Hired on' }, type: 'date' },
      ],
    });
    expect(hires.readSheet(fixture).rows.map((r) => r.values)).toEqual([
      { name: '张三', since: '2024-03-05' },
      { name: '李四', since: '2023-12-31' },
      { name: '王五' },
    ]);
  });
});
