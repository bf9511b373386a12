// Cell rules that several sheets share (employees now; devices and parts next).
import { invalid, type Violation } from './sheet';

/**
 * Controls, format characters (bidi overrides, zero-width joiners, BOM), lone surrogates, private use
 * and line/paragraph separators: in a name they forge another name or hide a difference (the same set
 * identity refuses in display names).
 */
const HIDDEN_OR_REORDERING = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Zl}\p{Zp}]/u;

/** The text itself, unless it holds characters that draw nothing or reorder the text (`visible-characters`). */
export const visibleText =
  (label: string) =>
  (text: string): string | Violation =>
    HIDDEN_OR_REORDERING.test(text)
      ? invalid('visible-characters', `${label} must not contain control, zero-width or text-direction characters`)
      : text;

export interface ListRule {
  readonly label: string;
  /** Characters that separate items. */
  readonly separators: RegExp;
  readonly maxItems: number;
  readonly maxItemLength: number;
}

/**
 * The distinct, trimmed, non-empty items of a separated list, in order; refused when there are none
 * (`list-format`), too many (`too-many`), or one is too long (`too-long`) or holds hidden characters.
 */
export const listOf =
  (rule: ListRule) =>
  (text: string): string[] | Violation => {
    const items = [
      ...new Set(
        text
          .split(rule.separators)
          .map((s) => s.trim())
          .filter((s) => s !== ''),
      ),
    ];
    if (items.length === 0) return invalid('list-format', `${rule.label} lists no names`);
    if (items.length > rule.maxItems) return invalid('too-many', `${rule.label} lists at most ${rule.maxItems} names`);
    for (const item of items) {
      if ([...item].length > rule.maxItemLength)
        return invalid('too-long', `${rule.label}: "${item.slice(0, 40)}" is longer than ${rule.maxItemLength} characters`);
      if (HIDDEN_OR_REORDERING.test(item))
        return invalid('visible-characters', `${rule.label} must not contain control, zero-width or text-direction characters`);
    }
    return items;
  };

const isCalendarDate = (y: number, m: number, d: number): boolean => {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
};

/**
 * A calendar date as `2024-03-05`, from the ways people and spreadsheets write one: `2024-03-05`,
 * `2024/3/5`, `2024.3.5`, `2024年3月5日`, with a time after it ignored (declare the column `type: 'date'`
 * so XLSX date cells arrive in the first form). Anything else, or a day the calendar lacks, is `date-format`.
 */
export const calendarDate =
  (label: string) =>
  (text: string): string | Violation => {
    const m = /^(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})\s*日?(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/.exec(
      text.normalize('NFKC'),
    );
    const [y, mo, d] = m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [0, 0, 0];
    if (!m || y < 1900 || !isCalendarDate(y, mo, d)) return invalid('date-format', `${label} is a date such as 2024-03-05`);
    return `${m[1]}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  };

/** A whole number from `min` to `max` (`integer`, `out-of-range`); full-width digits and thousands separators read too. */
export const integer =
  (label: string, min: number, max: number) =>
  (text: string): number | Violation => {
    const digits = text.normalize('NFKC').replace(/(?<=\d),(?=\d{3}\b)/g, '');
    if (!/^[-+]?\d+$/.test(digits)) return invalid('integer', `${label} is a whole number`);
    const n = Number(digits);
    if (n < min || n > max) return invalid('out-of-range', `${label} is from ${min} to ${max}`);
    return n;
  };
