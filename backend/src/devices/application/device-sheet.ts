// The device sheet of DEV-1: the columns a manufacturer or equipment user fills in to register devices
// in bulk, and gets back on export. Cell rules here; the device decider checks each row again.
import { DEVICE_LIMITS, DEVICE_TYPES, isDeviceType, type DeviceParameter, type DeviceType } from '@kuaige/domain';
import { calendarDate, defineSheet, integer, invalid, visibleText, type RowOfSheet, type Violation } from '../../tabular';

const fold = (text: string) => text.normalize('NFKC').trim().toLowerCase();
const TYPE_BY_NAME = new Map<string, DeviceType>(
  Object.entries(DEVICE_TYPES).flatMap(([code, label]) => [code, label['zh-CN'], label.en].map((name) => [fold(name), code as DeviceType] as const)),
);

/** A catalogue type by its code or its name in either language (`数控机床`, `CNC machine`, `cnc-machine`). */
export const parseDeviceType = (text: string): DeviceType | Violation => {
  const type = TYPE_BY_NAME.get(fold(text));
  return type && isDeviceType(type)
    ? type
    : invalid('device-type', `Type (设备类型) is one of the catalogue's types, such as ${DEVICE_TYPES['cnc-machine']['zh-CN']} or air-compressor`);
};

/** `主轴转速:12000:rpm；功率:15:kW` → parameters (name, value, optional unit), separated by `;` or `；`. */
export const parseParameters = (text: string): DeviceParameter[] | Violation => {
  const items = text
    .split(/[;；]/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (items.length > DEVICE_LIMITS.parameters) return invalid('too-many', `Parameters (参数) lists at most ${DEVICE_LIMITS.parameters} parameters`);
  const parameters: DeviceParameter[] = [];
  for (const item of items) {
    const [name = '', value = '', unit = '', ...rest] = item.split(/[:：]/).map((s) => s.trim());
    if (name === '' || value === '' || rest.length > 0)
      return invalid('parameter-format', 'Parameters (参数) are written name:value:unit (unit optional), separated by ; — such as 主轴转速:12000:rpm；功率:15:kW');
    parameters.push({ name, value, unit });
  }
  return parameters;
};

const writeParameters = (parameters: readonly DeviceParameter[]) =>
  parameters.map((p) => [p.name, p.value, ...(p.unit ? [p.unit] : [])].join(':')).join('; ');

const coordinate = (label: string) => (text: string): number | Violation => {
  const n = Number(text.normalize('NFKC'));
  return Number.isFinite(n) && text.trim() !== '' ? n : invalid('number', `${label} is a number in decimal degrees, such as 22.54`);
};

const STATUS_LABELS = { active: { 'zh-CN': '在用', en: 'Active' }, idle: { 'zh-CN': '闲置', en: 'Idle' }, faulty: { 'zh-CN': '故障', en: 'Faulty' }, scrapped: { 'zh-CN': '报废', en: 'Scrapped' } } as const;

export const deviceSheet = defineSheet({
  sheetName: { 'zh-CN': '设备', en: 'Devices' },
  columns: [
    { key: 'number', header: { 'zh-CN': '设备编号', en: 'Number' }, aliases: ['编号', '出厂编号', 'Serial number', 'Device number'], required: true, unique: true, maxLength: 64, width: 18, parse: visibleText('Number (设备编号)') },
    { key: 'name', header: { 'zh-CN': '设备名称', en: 'Name' }, aliases: ['名称'], required: true, maxLength: DEVICE_LIMITS.name, width: 20, parse: visibleText('Name (设备名称)') },
    { key: 'model', header: { 'zh-CN': '型号', en: 'Model' }, aliases: ['规格型号'], required: true, maxLength: DEVICE_LIMITS.model, width: 14, parse: visibleText('Model (型号)') },
    {
      key: 'type',
      header: { 'zh-CN': '设备类型', en: 'Type' },
      aliases: ['类型', 'Device type'],
      required: true,
      maxLength: 60,
      width: 16,
      parse: parseDeviceType,
      write: (type: DeviceType, language) => DEVICE_TYPES[type][language],
    },
    { key: 'spec', header: { 'zh-CN': '规格', en: 'Specification' }, aliases: ['Spec'], maxLength: DEVICE_LIMITS.spec, width: 24, parse: visibleText('Specification (规格)') },
    { key: 'parameters', header: { 'zh-CN': '参数', en: 'Parameters' }, maxLength: 4000, width: 30, parse: parseParameters, write: writeParameters },
    { key: 'project', header: { 'zh-CN': '项目', en: 'Project' }, aliases: ['所属项目'], maxLength: DEVICE_LIMITS.project, width: 16, parse: visibleText('Project (项目)') },
    { key: 'manufacturedOn', header: { 'zh-CN': '生产日期', en: 'Manufactured on' }, aliases: ['出厂日期'], type: 'date', width: 12, parse: calendarDate('Manufactured on (生产日期)') },
    { key: 'soldOn', header: { 'zh-CN': '销售日期', en: 'Sold on' }, aliases: ['购买日期', '购置日期'], type: 'date', width: 12, parse: calendarDate('Sold on (销售日期)') },
    { key: 'warrantyMonths', header: { 'zh-CN': '保修月数', en: 'Warranty months' }, aliases: ['保修期（月）', '保修期(月)'], width: 10, parse: integer('Warranty months (保修月数)', 0, DEVICE_LIMITS.warrantyMonths) },
    {
      key: 'countyCode',
      header: { 'zh-CN': '区县代码', en: 'County code' },
      aliases: ['行政区划代码', 'Division code'],
      required: true,
      maxLength: 6,
      width: 10,
      parse: (text: string) => (/^\d{6}$/.test(text.normalize('NFKC')) ? text.normalize('NFKC') : invalid('county-code', 'County code (区县代码) is the 6-digit GB/T 2260 code, such as 440305')),
    },
    { key: 'address', header: { 'zh-CN': '地址', en: 'Address' }, aliases: ['安装地址', '详细地址'], required: true, maxLength: DEVICE_LIMITS.address, width: 30, parse: visibleText('Address (地址)') },
    { key: 'lat', header: { 'zh-CN': '纬度', en: 'Latitude' }, aliases: ['Lat'], width: 10, parse: coordinate('Latitude (纬度)') },
    { key: 'lng', header: { 'zh-CN': '经度', en: 'Longitude' }, aliases: ['Lng', 'Lon'], width: 10, parse: coordinate('Longitude (经度)') },
    // Export only (an import ignores them: the status is set on the device, the warranty end computed).
    {
      key: 'status',
      header: { 'zh-CN': '状态', en: 'Status' },
      width: 8,
      parse: (text: string) => text,
      write: (status: string, language) => STATUS_LABELS[status as keyof typeof STATUS_LABELS]?.[language] ?? status,
    },
    { key: 'warrantyEndsOn', header: { 'zh-CN': '保修截止', en: 'Warranty ends on' }, width: 12, parse: (text: string) => text },
  ],
});

export type DeviceSheetRow = RowOfSheet<typeof deviceSheet>;
