// Whatever bytes arrive, reading them ends in rows and errors or in a TabularFileError (a 400 naming
// the file and the rule) — never in another exception, which would be a 500.
import fc from 'fast-check';
import { employeeSheet } from './employee-sheet';
import { TabularFileError } from './errors';
import { writeZip } from './zip';

const readsOrRefuses = (bytes: Uint8Array) => {
  try {
    const { rows, errors } = employeeSheet.readSheet(bytes);
    expect(Array.isArray(rows) && Array.isArray(errors)).toBe(true);
  } catch (error) {
    if (!(error instanceof TabularFileError)) throw error;
    expect(error.rule).toMatch(/^[a-z0-9-]+$/);
  }
};

const valid = employeeSheet.writeSheet(
  [
    { phone: '13800138000', name: '张三', department: ['生产部', '维修组'], roles: ['维修工'], employeeNo: 'E1' },
    { phone: '13900139000', name: 'Li Lei' },
  ],
  'xlsx',
  'zh-CN',
);

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG = 'http://schemas.openxmlformats.org/package/2006/relationships';
const SHEET = `<worksheet xmlns="${MAIN}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>手机号</t></is></c><c r="B1" t="s"><v>0</v></c></row><row r="2"><c r="A2"><v>13800138000</v></c><c r="B2" t="inlineStr"><is><r><t>张</t></r><r><t>三</t></r></is></c><c r="C2" t="b"><v>1</v></c></row></sheetData></worksheet>`;
const STRINGS = `<sst xmlns="${MAIN}"><si><t>姓名</t></si></sst>`;
/** A package whose ZIP is sound (CRCs right), so the XML readers get the mutated text. */
const packageOf = (sheet: string, strings: string) =>
  writeZip([
    {
      name: '_rels/.rels',
      data: `<Relationships xmlns="${PKG}"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    },
    {
      name: 'xl/workbook.xml',
      data: `<workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets><sheet name="s" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: `<Relationships xmlns="${PKG}"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
    },
    { name: 'xl/worksheets/sheet1.xml', data: sheet },
    { name: 'xl/sharedStrings.xml', data: strings },
  ]);

/** Text with some characters replaced, dropped or inserted (XML's own characters among them). */
const mutated = (text: string) =>
  fc
    .array(
      fc.record({
        at: fc.nat({ max: text.length }),
        drop: fc.nat({ max: 3 }),
        insert: fc.string({
          unit: fc.constantFrom(
            '<',
            '>',
            '/',
            '"',
            "'",
            '=',
            '&',
            ';',
            '#',
            'x',
            '1',
            'A',
            ' ',
            'r',
            'c',
            't',
            'v',
            's',
            '!',
            '?',
            '-',
            '\u0000',
            '张',
          ),
          maxLength: 4,
        }),
      }),
      { minLength: 1, maxLength: 4 },
    )
    .map((edits) => edits.reduce((s, e) => s.slice(0, e.at) + e.insert + s.slice(e.at + e.drop), text));

describe('hostile input', () => {
  it('arbitrary bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), readsOrRefuses), { numRuns: 500 });
  });

  it('arbitrary text as CSV', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => readsOrRefuses(Buffer.from(text, 'utf8'))),
      { numRuns: 500 },
    );
  });

  it('a workbook with bytes overwritten or cut off', () => {
    const edit = fc.record({ at: fc.nat({ max: valid.length - 1 }), value: fc.integer({ min: 0, max: 255 }) });
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 6 }), fc.nat({ max: valid.length }), (edits, cut) => {
        const bytes = Buffer.from(valid);
        for (const { at, value } of edits) bytes[at] = value;
        readsOrRefuses(bytes);
        readsOrRefuses(valid.subarray(0, cut));
      }),
      { numRuns: 500 },
    );
  });

  it('a sound archive holding mangled sheet and shared-string XML', () => {
    fc.assert(
      fc.property(mutated(SHEET), mutated(STRINGS), (sheet, strings) => readsOrRefuses(packageOf(sheet, strings))),
      { numRuns: 500 },
    );
  });
});
