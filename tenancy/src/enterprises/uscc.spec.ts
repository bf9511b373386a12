import { checkUscc, isValidUscc, usccCheckCharacter } from './uscc';

// Published on the National Enterprise Credit Information Publicity System and in annual reports.
const PUBLISHED = {
  '华为技术有限公司': '914403001922038216',
  '深圳市腾讯计算机系统有限公司': '91440300708461136T',
  '小米科技有限责任公司': '91110108551385082Q',
  '阿里巴巴（中国）有限公司': '91330100716105852F',
  '比亚迪股份有限公司': '91440300192317458F',
};
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

describe('USCC validation', () => {
  it.each(Object.entries(PUBLISHED))('accepts the published code of %s', (_name, code) => {
    expect(checkUscc(code)).toEqual({ valid: true });
  });

  it.each(Object.entries(PUBLISHED))('rejects every wrong check character for %s', (_name, code) => {
    const wrong = [...ALPHABET].filter((ch) => ch !== code[17]).map((ch) => code.slice(0, 17) + ch);
    expect(wrong).toHaveLength(30);
    for (const variant of wrong) expect(checkUscc(variant)).toMatchObject({ valid: false, rule: 'check' });
  });

  it('rejects a single mistyped body character (the check character catches it)', () => {
    const code = PUBLISHED['华为技术有限公司'];
    const typo = code.slice(0, 10) + (code[10] === '7' ? '8' : '7') + code.slice(11);
    expect(checkUscc(typo)).toMatchObject({ valid: false, rule: 'check' });
  });

  it('computes the check character from the first 17 characters', () => {
    for (const code of Object.values(PUBLISHED)) expect(usccCheckCharacter(code.slice(0, 17))).toBe(code[17]);
  });

  it('names the rule for a wrong length, a letter outside the alphabet and a non-numeric division code', () => {
    expect(checkUscc('91440300708461136')).toMatchObject({ valid: false, rule: 'length' });
    expect(checkUscc('91440300708461136I')).toMatchObject({ valid: false, rule: 'alphabet' });
    expect(checkUscc('91440300708461136t')).toMatchObject({ valid: false, rule: 'alphabet' });
    expect(checkUscc('91A40300708461136T')).toMatchObject({ valid: false, rule: 'division' });
    expect(isValidUscc('')).toBe(false);
  });
});
