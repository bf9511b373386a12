// Inputs that have broken servers before: encodings, injections, sizes and shapes a schema does not expect.
import fc from 'fast-check';

/** Strings a text field meets in the wild or from an attacker. */
export const HOSTILE_STRINGS: readonly string[] = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800', // lone high surrogate
  '\udfff', // lone low surrogate
  'x\ud83dy', // half of an emoji
  '\u202eevil.exe', // right-to-left override
  'مرحبا بالعالم', // right-to-left script
  '\u200b\u200c\u200d\u2060', // zero-width characters
  '\ufeff13812345678', // byte-order mark
  '𠀀𪚥𫝀𰻝', // 4-byte CJK (supplementary planes)
  '张三'.repeat(40),
  '😀👨‍👩‍👧‍👦🏳️‍🌈',
  'Ａ１２３', // full-width forms
  'e\u0301', // combining accent
  '{"$gt": ""}',
  '{"$where": "sleep(1000)"}',
  "'; DROP TABLE accounts; --",
  '" OR "1"="1',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '__proto__',
  'constructor.prototype',
  'constructor',
  '../../../etc/passwd',
  '..%2f..%2fetc%2fpasswd',
  '%00',
  '%ED%A0%80',
  '${7*7}',
  '{{7*7}}',
  '\r\nSet-Cookie: x=1',
  'null',
  'undefined',
  'NaN',
  'true',
  '-1',
  '0',
  '1e309',
  '99999999999999999999999',
  '13812345678',
  ' 13812345678 ',
  '+86 138 1234 5678',
  '123456',
  '00000000-0000-0000-0000-000000000000',
  'x'.repeat(256),
  'x'.repeat(10_000),
];

/** Keys that pollute prototypes or smuggle query operators when merged or spread carelessly. */
export const HOSTILE_KEYS: readonly string[] = ['__proto__', 'constructor', 'prototype', '$gt', '$where', '$set', 'isAdmin', 'role', '', '\ud800', 'x'.repeat(300)];

/** Values of the wrong type for any field. */
export const WRONG_TYPES: readonly unknown[] = [null, true, false, 0, -1, 1.5, 1e308, -0, [], [1, 2], {}, { $gt: '' }, ''];

/** Path segments that are not ids. */
export const BAD_IDS: readonly string[] = ['0', '-1', 'null', 'x'.repeat(300), '..', '%2e%2e', '%ED%A0%80', '%00', "1'OR'1'='1", '00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff', '%E2%80%AE', '%F0%A0%80%80'];

export const hostileString = (): fc.Arbitrary<string> =>
  fc.oneof({ arbitrary: fc.constantFrom(...HOSTILE_STRINGS), weight: 4 }, { arbitrary: fc.string({ unit: 'binary', maxLength: 40 }), weight: 1 }, { arbitrary: fc.string({ maxLength: 40 }), weight: 1 });

export const wrongType = (): fc.Arbitrary<unknown> => fc.oneof(fc.constantFrom(...WRONG_TYPES), fc.integer(), fc.double());

/** A value nested `depth` levels, as JSON text (JSON.stringify itself would recurse that deep). */
export const nestedJson = (depth: number, as: 'object' | 'array'): string =>
  as === 'array' ? `${'['.repeat(depth)}1${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

export const NESTING_DEPTHS: readonly number[] = [20, 200, 5_000];

/** Sizes that pass no sane field limit but fit in the body limit. */
export const hugeValue = (): fc.Arbitrary<unknown> =>
  fc.constantFrom<unknown>('x'.repeat(200_000), '张'.repeat(50_000), Array.from({ length: 20_000 }, () => 'x'), Array.from({ length: 5_000 }, (_, i) => ({ i })));
