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
