import { describe, expect, it } from 'vitest';
import en from '../../../../public/i18n/en.json';
import zh from '../../../../public/i18n/zh-CN.json';

const keys = (tree: object, prefix = ''): string[] =>
  Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'object' && value !== null ? keys(value, `${prefix}${key}.`) : [`${prefix}${key}`],
  );

const params = (text: string): string[] => [...new Set([...text.matchAll(/{{\s*(\w+)\s*}}/g)].map((m) => m[1]!))].sort();

const lookup = (tree: object, key: string): string =>
  key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], tree) as string;

describe('translations', () => {
  it('have the same keys in Chinese and English, so no language shows a raw key', () => {
    expect(keys(en).sort()).toEqual(keys(zh).sort());
  });

  it('use the same parameters in both languages', () => {
    for (const key of keys(zh)) expect(params(lookup(en, key)), key).toEqual(params(lookup(zh, key)));
  });

  it('leave no text empty', () => {
    for (const key of keys(zh)) {
      expect(lookup(zh, key).trim(), `zh-CN ${key}`).not.toBe('');
      expect(lookup(en, key).trim(), `en ${key}`).not.toBe('');
    }
  });
});
