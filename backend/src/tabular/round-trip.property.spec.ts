// Write → read gives back what was written, for arbitrary text (any code point, the characters CSV,
// XML and OOXML treat specially, Chinese) and rows, in both formats and at each layer.
import fc from 'fast-check';
import { readCsv, restoreFormula, writeCsv } from './csv';
import type { CellValue } from './raw-sheet';
import { employeeSheet, type EmployeeSheetRow } from './employee-sheet';
import { defineSheet } from './sheet';
import { readXlsx, writeXlsx } from './xlsx';

const SPECIAL = [
  '"',
  ',',
  ';',
  '\r',
  '\n',
  '\r\n',
  '\t',
  ' ',
  '=',
  '+',
  '-',
  '@',
  "'",
  '&',
  '<',
  '>',
  '_x0041_',
  '_x',
  '\uFEFF',
  '\u0000',
  '\u0001',
  '\u001F',
  '\uFFFE',
  '\u202E',
];
const unit = fc.oneof(
  { arbitrary: fc.constantFrom(...SPECIAL), weight: 3 },
  { arbitrary: fc.constantFrom('张', '三', '生产部', '维修组', '、', '，', '😀'), weight: 2 },
  { arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), weight: 3 },
);
const text = fc.string({ unit, maxLength: 12 });
const nonEmptyText = fc.string({ unit, minLength: 1, maxLength: 12 });

const RUNS = { numRuns: 300 };

describe('round trips', () => {
  it('CSV: rows of arbitrary text come back cell for cell, formula guard undone', () => {
    // Each row has a non-empty cell: a row of empty cells is a blank line, which readers skip.
    const row = fc.tuple(nonEmptyText, fc.array(text, { maxLength: 5 })).map(([first, rest]) => [first, ...rest]);
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 8 }), (rows) => {
        const back = readCsv(writeCsv(rows)).map((r) => r.cells.map((c) => restoreFormula(c as string)));
        expect(back).toEqual(rows);
      }),
      RUNS,
    );
  });

  it('XLSX: rows of text, numbers, booleans and gaps come back with their row numbers, in shared and inline strings', () => {
    const cell: fc.Arbitrary<CellValue> = fc.oneof(
      { arbitrary: text, weight: 4 },
      { arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }), weight: 2 },
      { arbitrary: fc.integer(), weight: 1 },
      { arbitrary: fc.boolean(), weight: 1 },
      { arbitrary: fc.constant(null), weight: 2 },
    );
    fc.assert(
      fc.property(
        fc.array(fc.array(cell, { maxLength: 6 }), { maxLength: 8 }),
        fc.constantFrom('shared' as const, 'inline' as const),
        (rows, strings) => {
          const expected = rows
            .map((cells, i) => {
              const trimmed = [...cells];
              while (trimmed.length > 0 && trimmed[trimmed.length - 1] === null) trimmed.pop();
              return { number: i + 1, cells: trimmed.map((c) => (Object.is(c, -0) ? 0 : c)) };
            })
            .filter((r) => r.cells.some((c) => c !== null && c !== ''));
          expect(readXlsx(writeXlsx(rows as (string | number | boolean | null)[][], { strings })).rows).toEqual(expected);
        },
      ),
      RUNS,
    );
  });

  it('a defined sheet: written rows read back as the same values, in both formats and both languages', () => {
    const sheet = defineSheet({
      columns: [
        { key: 'a', header: { 'zh-CN': '甲', en: 'A' } },
        { key: 'b', header: { 'zh-CN': '乙', en: 'B' } },
        { key: 'c', header: { 'zh-CN': '丙', en: 'C' } },
      ],
    });
    const values = fc.record({ a: text, b: text, c: text }, { requiredKeys: [] });
    fc.assert(
      fc.property(
        fc.array(values, { maxLength: 6 }),
        fc.constantFrom('csv' as const, 'xlsx' as const),
        fc.constantFrom('zh-CN' as const, 'en' as const),
        (rows, format, language) => {
          // What a reader gets: text trimmed and composed, empty cells absent, rows blank in every column skipped.
          const expected = rows
            .map((row) =>
              Object.fromEntries(
                Object.entries(row).flatMap(([k, v]) => (v.normalize('NFC').trim() === '' ? [] : [[k, v.normalize('NFC').trim()]])),
              ),
            )
            .filter((row) => Object.keys(row).length > 0);
          const read = sheet.readSheet(sheet.writeSheet(rows, format, language), format);
          expect(read.errors).toEqual([]);
          expect(read.rows.map((r) => r.values)).toEqual(expected);
        },
      ),
      RUNS,
    );
  });

  it('the employee sheet: any valid employees survive export and import, in both formats and both languages', () => {
    const HIDDEN = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Zl}\p{Zp}]/u;
    // Text as the sheet keeps it: composed, trimmed, visible, free of the characters that separate list items.
    const word = (max: number, forbidden: RegExp) =>
      fc
        .string({
          unit: fc.oneof(
            fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }),
            fc.constantFrom('张', '维修', ' ', '=', '+', '-', '@', "'", '"'),
          ),
          minLength: 1,
          maxLength: max,
        })
        .filter((t) => t === t.normalize('NFC').trim() && t !== '' && !HIDDEN.test(t) && !forbidden.test(t) && [...t].length <= max);
    const phone = fc.tuple(fc.constantFrom(...'3456789'), fc.stringMatching(/^[0-9]{9}$/)).map(([second, rest]) => `1${second}${rest}`);
    const employee: fc.Arbitrary<EmployeeSheetRow> = fc.record(
      {
        phone,
        name: word(30, /$^/),
        department: fc.array(word(12, /[/／]/), { minLength: 1, maxLength: 4 }),
        roles: fc.uniqueArray(word(12, /[、,，;；]/), { minLength: 1, maxLength: 4 }),
        employeeNo: word(32, /$^/),
      },
      { requiredKeys: ['phone', 'name'] },
    );
    const employees = fc.uniqueArray(employee, { selector: (e) => e.phone, maxLength: 6 }).filter((list) => {
      const numbers = list.flatMap((e) => (e.employeeNo === undefined ? [] : [e.employeeNo]));
      return new Set(numbers).size === numbers.length;
    });
    fc.assert(
      fc.property(
        employees,
        fc.constantFrom('csv' as const, 'xlsx' as const),
        fc.constantFrom('zh-CN' as const, 'en' as const),
        (list, format, language) => {
          const read = employeeSheet.readSheet(employeeSheet.writeSheet(list, format, language), format);
          expect(read.errors).toEqual([]);
          expect(read.rows.map((r) => r.values)).toEqual(list);
          expect(read.rows.map((r) => r.row)).toEqual(list.map((_, i) => i + 2));
        },
      ),
      { numRuns: 200 },
    );
  });
});
