// Opens what we write in a real spreadsheet app, LibreOffice Calc (headless), when it is installed
// (Debian: apt-get install libreoffice-calc-nogui), and reads back what it saw.
import { spawnSync } from 'node:child_process';
import { Console } from 'node:console';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCsv } from './csv';
import { employeeSheet, type EmployeeSheetRow } from './employee-sheet';
import { writeXlsx } from './xlsx';

const available = spawnSync('soffice', ['--version'], { stdio: 'ignore', timeout: 30_000 }).status === 0;

const employees: EmployeeSheetRow[] = [
  { phone: '13800138000', name: '张三', department: ['生产部', '维修组'], roles: ['维修工', '班组长'], employeeNo: '0042' },
  { phone: '13900139000', name: '=HYPERLINK("http://evil.example","点我")' },
  { phone: '13700137000', name: ' 李\n四 & <王> "引号"', roles: ['客服'] },
];

if (available) {
  describe('LibreOffice Calc', () => {
    let dir: string;
    beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'tabular-lo-'))));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    /** The file as LibreOffice saw it, saved by LibreOffice as CSV (UTF-8, every text cell quoted). */
    const throughCalc = (name: string, bytes: Buffer, infilter?: string): string[][] => {
      writeFileSync(join(dir, name), bytes);
      const run = spawnSync(
        'soffice',
        [
          '--headless',
          ...(infilter ? [`--infilter=${infilter}`] : []),
          '--convert-to',
          'csv:Text - txt - csv (StarCalc):44,34,76,1',
          '--outdir',
          join(dir, 'out'),
          join(dir, name),
        ],
        { env: { ...process.env, HOME: dir }, timeout: 120_000 },
      );
      expect(run.status).toBe(0);
      return readCsv(readFileSync(join(dir, 'out', name.replace(/\.\w+$/, '.csv')))).map((r) => r.cells as string[]);
    };

    it.each(['shared', 'inline'] as const)(
      'opens our XLSX (%s strings): text cells stay text, formulas are not run, line breaks and specials survive',
      (strings) => {
        const seen = throughCalc(`employees-${strings}.xlsx`, employeeSheet.writeSheet(employees, 'xlsx', 'zh-CN', { strings }));
        expect(seen).toEqual([
          ['手机号', '姓名', '部门', '角色', '工号'],
          ['13800138000', '张三', '生产部/维修组', '维修工、班组长', '0042'],
          ['13900139000', '=HYPERLINK("http://evil.example","点我")', '', '', ''],
          ['13700137000', ' 李\n四 & <王> "引号"', '', '客服', ''],
        ]);
      },
    );

    it('opens our XLSX numbers, booleans and dates as such', () => {
      const seen = throughCalc(
        'typed.xlsx',
        writeXlsx(
          [
            ['n', 'b', 'd', 'dt'],
            [-1.25, true, new Date(Date.UTC(2024, 2, 5)), new Date(Date.UTC(2024, 2, 5, 8, 30))],
          ],
          { headerRows: 1 },
        ),
      );
      expect(seen).toEqual([
        ['n', 'b', 'd', 'dt'],
        ['-1.25', 'TRUE', '2024-03-05', '2024-03-05 08:30:00'],
      ]);
    });

    it('opens our CSV as UTF-8 with the formula guard in place, so the hostile cell is text', () => {
      const seen = throughCalc('employees.csv', employeeSheet.writeSheet(employees, 'csv', 'en'), 'CSV:44,34,76,1');
      expect(seen[2]).toEqual(['13900139000', `'=HYPERLINK("http://evil.example","点我")`, '', '', '']);
      expect(seen[1][2]).toBe('生产部/维修组');
    });
  });
} else {
  const reason =
    'LibreOffice check skipped: soffice is not installed (Debian: apt-get install --no-install-recommends libreoffice-calc-nogui)';
  // Printed on collection, straight to stderr: Jest drops the buffered console of files whose tests all skipped.
  new Console({ stdout: process.stderr, stderr: process.stderr }).warn(reason);
  describe('LibreOffice Calc', () => {
    it.skip(reason, () => undefined);
  });
}
