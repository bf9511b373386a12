// The employee sheet of ORG-7: the columns an enterprise admin fills in to import staff, and gets back on export.
import { normalizeMobile } from '../identity/crypto';
import { listOf, visibleText } from './columns';
import { defineSheet, invalid, type RowOfSheet, type Violation } from './sheet';

const NAME_MAX = 30;
const DEPARTMENT_SEGMENT_MAX = 50;
const DEPARTMENT_DEPTH_MAX = 10;
const ROLE_NAME_MAX = 30;
const ROLES_MAX = 20;
const EMPLOYEE_NO_MAX = 32;

const name = visibleText('Name (姓名)');
const employeeNo = visibleText('Employee no. (工号)');
const roles = listOf({ label: 'Role (角色)', separators: /[、,，;；]/, maxItems: ROLES_MAX, maxItemLength: ROLE_NAME_MAX });

/** `生产部/维修组` → ['生产部', '维修组']: a department path from the enterprise's top level down. */
export const parseDepartmentPath = (text: string): string[] | Violation => {
  // A slash at either end is a slip of the pen, not an unnamed department.
  const segments = text
    .replace(/^[/／]+|[/／]+$/g, '')
    .split(/[/／]/)
    .map((s) => s.trim());
  if (segments.some((s) => s === ''))
    return invalid('department-format', 'Department (部门) is a path of names separated by "/", such as 生产部/维修组, with no empty name');
  if (segments.length > DEPARTMENT_DEPTH_MAX)
    return invalid('too-deep', `Department (部门) is at most ${DEPARTMENT_DEPTH_MAX} levels deep`);
  for (const segment of segments) {
    if ([...segment].length > DEPARTMENT_SEGMENT_MAX)
      return invalid('too-long', `Department (部门): "${segment.slice(0, 40)}" is longer than ${DEPARTMENT_SEGMENT_MAX} characters`);
    const visible = visibleText('Department (部门)')(segment);
    if (typeof visible !== 'string') return visible;
  }
  return segments;
};

export const employeeSheet = defineSheet({
  sheetName: { 'zh-CN': '员工', en: 'Employees' },
  columns: [
    {
      key: 'phone',
      header: { 'zh-CN': '手机号', en: 'Phone' },
      aliases: ['手机', '手机号码', 'Mobile', 'Phone number', 'Mobile number'],
      required: true,
      unique: true,
      maxLength: 20,
      width: 16,
      // NFKC: numbers typed with a Chinese input method come in full-width digits (１３８…, ＋８６).
      parse: (text: string) =>
        normalizeMobile(text.normalize('NFKC')) ??
        invalid('phone-format', 'Phone (手机号) must be a mainland China mobile number: 11 digits starting with 1, optionally after +86'),
    },
    { key: 'name', header: { 'zh-CN': '姓名', en: 'Name' }, required: true, maxLength: NAME_MAX, width: 14, parse: name },
    {
      key: 'department',
      header: { 'zh-CN': '部门', en: 'Department' },
      maxLength: DEPARTMENT_DEPTH_MAX * (DEPARTMENT_SEGMENT_MAX + 1),
      width: 24,
      parse: parseDepartmentPath,
      write: (path: string[]) => path.join('/'),
    },
    {
      key: 'roles',
      header: { 'zh-CN': '角色', en: 'Role' },
      aliases: ['Roles'],
      width: 24,
      parse: roles,
      write: (list: string[], language) => list.join(language === 'zh-CN' ? '、' : ', '),
    },
    {
      key: 'employeeNo',
      header: { 'zh-CN': '工号', en: 'Employee no.' },
      aliases: ['Employee number', 'Employee No', '员工编号'],
      unique: true,
      maxLength: EMPLOYEE_NO_MAX,
      width: 14,
      parse: employeeNo,
    },
  ],
});

/** One employee as the sheet holds it: phone in its 11-digit form, department as a path, role names. */
export type EmployeeSheetRow = RowOfSheet<typeof employeeSheet>;
