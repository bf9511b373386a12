import { writeCsv } from './csv';
import { employeeSheet, parseDepartmentPath, type EmployeeSheetRow } from './employee-sheet';
import { readXlsx, writeXlsx } from './xlsx';

const read = (rows: (string | number | null)[][]) =>
  employeeSheet.readSheet(writeCsv(rows.map((r) => r.map((c) => (c === null ? null : String(c))))));
const errorsOf = (rows: (string | number | null)[][]) => read(rows).errors.map((e) => [e.row, e.field, e.rule]);

describe('employeeSheet', () => {
  it('reads a Chinese sheet: phone to its 11-digit form, department as a path, roles split on 、 or commas', () => {
    const { rows, errors } = read([
      ['手机号', '姓名', '部门', '角色', '工号'],
      ['+86 138-0013-8000', '张三', '生产部/维修组', '维修工、班组长', 'E001'],
      ['13900139000', '李四', '', '', ''],
      ['008613700137000', '王五', '/销售部／华南区/', '销售, 客服，销售', null],
      ['＋８６　１３６００１３６０００', '赵六', '', '', ''],
    ]);
    expect(errors).toEqual([]);
    expect(rows).toEqual([
      {
        row: 2,
        values: { phone: '13800138000', name: '张三', department: ['生产部', '维修组'], roles: ['维修工', '班组长'], employeeNo: 'E001' },
      },
      { row: 3, values: { phone: '13900139000', name: '李四' } },
      { row: 4, values: { phone: '13700137000', name: '王五', department: ['销售部', '华南区'], roles: ['销售', '客服'] } },
      { row: 5, values: { phone: '13600136000', name: '赵六' } },
    ]);
  });

  it('reads English headers in another order, and the usual other names for a column', () => {
    const { rows, errors } = read([
      ['Employee no.', 'Roles', 'Name', 'Mobile'],
      ['7', 'Technician', 'Li Lei', '13800138000'],
    ]);
    expect(errors).toEqual([]);
    expect(rows[0].values).toEqual({ phone: '13800138000', name: 'Li Lei', roles: ['Technician'], employeeNo: '7' });
  });

  it('names the field and the rule of each refusal', () => {
    expect(
      errorsOf([
        ['手机号', '姓名', '部门', '角色', '工号'],
        ['12345', '张三', '', '', ''],
        ['', '李四', '', '', ''],
        ['13800138000', '', '', '', ''],
        ['13800138000', '王五', '', '', ''],
        ['+86 138 0013 8000', '赵六', '', '', ''],
        ['13900139000', '名'.repeat(31), '', '', ''],
        ['13900139001', 'admin\u202E', '', '', ''],
        ['13900139002', '钱七', '生产部//维修组', '', ''],
        ['13900139003', '孙八', Array.from({ length: 11 }, (_, i) => `d${i}`).join('/'), '', ''],
        ['13900139004', '周九', '部'.repeat(51), '', ''],
        ['13900139005', '吴十', '', '、，', ''],
        ['13900139006', '郑一', '', '角'.repeat(31), ''],
        ['13900139007', '冯二', '', Array.from({ length: 21 }, (_, i) => `r${i}`).join('、'), ''],
        ['13900139008', '陈三', '', '', 'E1'],
        ['13900139009', '褚四', '', '', 'E1'],
        ['13900139010', '卫五', '', '', 'x'.repeat(33)],
      ]),
    ).toEqual([
      [2, 'phone', 'phone-format'],
      [3, 'phone', 'required'],
      [4, 'name', 'required'],
      // row 4 is refused for its name, but its phone still counts: fixing the name leaves row 5 a duplicate
      [5, 'phone', 'duplicate-in-file'],
      [6, 'phone', 'duplicate-in-file'],
      [7, 'name', 'too-long'],
      [8, 'name', 'visible-characters'],
      [9, 'department', 'department-format'],
      [10, 'department', 'too-deep'],
      [11, 'department', 'too-long'],
      [12, 'roles', 'list-format'],
      [13, 'roles', 'too-long'],
      [14, 'roles', 'too-many'],
      [16, 'employeeNo', 'duplicate-in-file'],
      [17, 'employeeNo', 'too-long'],
    ]);
  });

  it('says which row a duplicate phone repeats, after normalizing both', () => {
    const { errors } = read([
      ['手机号', '姓名'],
      ['13800138000', '甲'],
      ['+8613800138000', '乙'],
    ]);
    expect(errors).toEqual([
      { row: 3, field: 'phone', column: 'A', rule: 'duplicate-in-file', message: 'Phone (手机号) is the same as in row 2' },
    ]);
  });

  it('requires the phone and name columns', () => {
    expect(errorsOf([['部门'], ['生产部']])).toEqual([
      [1, 'phone', 'missing-column'],
      [1, 'name', 'missing-column'],
    ]);
  });

  it('reads a phone that a spreadsheet turned into a number', () => {
    const { rows } = employeeSheet.readSheet(
      writeXlsx([
        ['手机号', '姓名'],
        [13800138000, '张三'],
      ]),
    );
    expect(rows[0].values.phone).toBe('13800138000');
  });

  it('writes Chinese and English sheets that read back to the same employees, in both formats', () => {
    const employees: EmployeeSheetRow[] = [
      { phone: '13800138000', name: '张三', department: ['生产部', '维修组'], roles: ['维修工', '班组长'], employeeNo: 'E001' },
      { phone: '13900139000', name: '=HYPERLINK("x")' },
    ];
    for (const format of ['csv', 'xlsx'] as const) {
      for (const language of ['zh-CN', 'en'] as const) {
        const bytes = employeeSheet.writeSheet(employees, format, language);
        const back = employeeSheet.readSheet(bytes, format);
        expect(back.errors).toEqual([]);
        expect(back.rows.map((r) => r.values)).toEqual(employees);
      }
    }
    const noRoles = employeeSheet.writeSheet([{ phone: '13800138000', name: '张三', roles: [] }], 'xlsx', 'zh-CN');
    expect(readXlsx(noRoles).rows[1].cells).toEqual(['13800138000', '张三']);
    const zh = employeeSheet.writeSheet(employees, 'csv', 'zh-CN').toString('utf8');
    expect(zh.split('\r\n').slice(0, 2)).toEqual([
      '\uFEFF手机号,姓名,部门,角色,工号',
      '13800138000,张三,生产部/维修组,维修工、班组长,E001',
    ]);
    expect(employeeSheet.writeSheet(employees, 'csv', 'en').toString('utf8')).toContain(
      'Phone,Name,Department,Role,Employee no.\r\n13800138000,张三,生产部/维修组,"维修工, 班组长",E001',
    );
  });
});

describe('the employee sheet as a file', () => {
  it('names its XLSX tab in the language of the headers', () => {
    expect(readXlsx(employeeSheet.writeSheet([], 'xlsx', 'zh-CN')).name).toBe('员工');
    expect(readXlsx(employeeSheet.writeSheet([], 'xlsx', 'en')).name).toBe('Employees');
  });
});

describe('parseDepartmentPath', () => {
  it('splits on half- and full-width slashes and trims each name', () => {
    expect(parseDepartmentPath('生产部 / 维修组')).toEqual(['生产部', '维修组']);
    expect(parseDepartmentPath('总部')).toEqual(['总部']);
    expect(parseDepartmentPath('a／b/c')).toEqual(['a', 'b', 'c']);
    expect(parseDepartmentPath('/')).toEqual({ rule: 'department-format', message: expect.any(String) });
  });
});
