/** An error value a spreadsheet formula left in a cell (`#N/A`, `#DIV/0!` ...). */
export interface FormulaError {
  readonly error: string;
}

/** What one cell holds once read: text, a number, a boolean, a formula's error, or nothing. */
export type CellValue = string | number | boolean | FormulaError | null;

/** A row that holds something, numbered as the spreadsheet shows it (1 = the first row). */
export interface RawRow {
  readonly number: number;
  readonly cells: readonly CellValue[];
}

export const isFormulaError = (value: unknown): value is FormulaError =>
  typeof value === 'object' && value !== null && typeof (value as FormulaError).error === 'string';

const pad = (n: number) => String(n).padStart(2, '0');

/** A date as spreadsheet apps show it and read it back from text: `2024-03-05`, or `2024-03-05 08:30:00` with a time (UTC fields). */
export const dateText = (date: Date): string => {
  const day = `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
  const ms = date.getTime() % 86_400_000;
  return ms === 0 ? day : `${day} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
};
