import { normalizeMobile } from './cn-identifiers';

/** Masks for showing personal data to staff who need to recognise it, not to read it. */

// A fixed run of stars where the length itself would tell something.
const HIDDEN = '****';

/** What a read shows in place of a value whose person was erased ("deleted"); the masks pass it through. */
export const ERASED_MARKER = '已删除';

/** `138****5678`; other numbers keep only their last 4 digits; too short to mask safely: `****`. */
export const maskMobile = (input: string): string => {
  if (input === ERASED_MARKER) return input;
  const mobile = normalizeMobile(input);
  if (mobile !== null) return `${mobile.slice(0, 3)}****${mobile.slice(7)}`;
  const digits = String(input ?? '').replace(/\D/g, '');
  return digits.length >= 7 ? `${HIDDEN}${digits.slice(-4)}` : HIDDEN;
};

/** `110105********123X`: the region (first 6) and last 4 of a 15- or 18-character ID; anything else fully hidden. */
export const maskResidentId = (input: string): string => {
  if (input === ERASED_MARKER) return input;
  const id = String(input ?? '')
    .trim()
    .toUpperCase();
  if (!/^[0-9]{15}$|^[0-9]{17}[0-9X]$/.test(id)) return HIDDEN;
  return `${id.slice(0, 6)}${'*'.repeat(id.length - 10)}${id.slice(-4)}`;
};

// Compound surnames (复姓) of the Hundred Family Surnames still in use; the whole surname stays visible.
const COMPOUND_SURNAMES = new Set(
  (
    '欧阳 太史 端木 上官 司马 东方 独孤 南宫 万俟 闻人 夏侯 诸葛 尉迟 公羊 赫连 澹台 皇甫 宗政 濮阳 公冶 太叔 申屠 ' +
    '公孙 慕容 仲孙 钟离 长孙 宇文 司徒 鲜于 司空 闾丘 子车 亓官 司寇 巫马 公西 颛孙 壤驷 公良 漆雕 乐正 宰父 ' +
    '谷梁 拓跋 夹谷 轩辕 令狐 段干 百里 呼延 东郭 南门 羊舌 微生 梁丘 左丘 西门 第五 南荣 东里 即墨 达奚'
  ).split(' '),
);
// Kept as typed: the middle dot of transliterated and minority names, and spaces.
const SEPARATOR = /^[\s·•・]$/u;

/** `张*`, `欧阳**`, `阿*·****`: the surname stays, every other character becomes `*`. */
export const maskName = (input: string): string => {
  if (input === ERASED_MARKER) return input;
  const chars = Array.from(String(input ?? '').trim()); // code points: rare characters are surrogate pairs
  if (chars.length <= 1) return chars.length === 0 ? '' : '*';
  const keep = chars.length >= 3 && COMPOUND_SURNAMES.has(chars[0] + chars[1]) ? 2 : 1;
  return chars.map((c, i) => (i < keep || SEPARATOR.test(c) ? c : '*')).join('');
};

/** `z***@example.com`: the first character of the local part and the domain; malformed: `****`. */
export const maskEmail = (input: string): string => {
  const email = String(input ?? '').trim();
  const at = email.lastIndexOf('@');
  if (at < 1 || at === email.length - 1) return HIDDEN;
  return `${Array.from(email)[0]}***${email.slice(at)}`;
};
