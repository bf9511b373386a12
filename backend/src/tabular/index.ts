// CSV and XLSX import/export on our own code (node:zlib and Buffer only); see README.md.
export {
  decodeCsv,
  neutralizeFormula,
  parseCsv,
  readCsv,
  restoreFormula,
  writeCsv,
  type CsvCell,
  type CsvReadOptions,
  type CsvWriteOptions,
} from './csv';
export { TabularFileError } from './errors';
export { dateText, isFormulaError, type CellValue, type FormulaError, type RawRow } from './raw-sheet';
export { calendarDate, integer, listOf, visibleText, type ListRule } from './columns';
export {
  DEFAULT_MAX_BYTES,
  DEFAULT_MAX_ROWS,
  defineSheet,
  detectFormat,
  invalid,
  MEDIA_TYPES,
  type ColumnSpec,
  type RowOf,
  type RowOfSheet,
  type SheetDefinition,
  type SheetError,
  type SheetFormat,
  type SheetLanguage,
  type SheetReadOptions,
  type SheetReadResult,
  type SheetRow,
  type SheetWriteOptions,
  type Violation,
} from './sheet';
export {
  columnIndex,
  columnName,
  dateToSerial,
  readXlsx,
  serialToDate,
  writeXlsx,
  type XlsxCell,
  type XlsxReadOptions,
  type XlsxSheetData,
  type XlsxWriteOptions,
} from './xlsx';
export { DEFAULT_ZIP_LIMITS, readZip, writeZip, type ZipArchive, type ZipEntry, type ZipEntryInput, type ZipReadLimits } from './zip';
export { employeeSheet, parseDepartmentPath, type EmployeeSheetRow } from './employee-sheet';
export { XlsxSheetStream, type XlsxStreamOptions } from './xlsx-stream';
export { ZipStreamWriter, type ZipEntryWriter } from './zip-stream';
