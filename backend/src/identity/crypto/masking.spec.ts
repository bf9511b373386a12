import { maskEmail, maskMobile, maskName, maskResidentId } from './masking';

describe('maskMobile', () => {
  it.each([
    ['13812345678', '138****5678'],
    ['+86 138 1234 5678', '138****5678'],
    ['+1 415 555 2671', '****2671'],
    ['12345', '****'],
    ['', '****'],
  ])('%j → %j', (input, masked) => {
    expect(maskMobile(input)).toBe(masked);
  });
});

describe('maskResidentId', () => {
  it.each([
    ['110105194912310021', '110105********0021'],
    ['11010519491231002x', '110105********002X'],
    ['110105491231002', '110105*****1002'],
    ['AB1234567', '****'],
    ['', '****'],
  ])('%j → %j', (input, masked) => {
    expect(maskResidentId(input)).toBe(masked);
  });
});

describe('maskName', () => {
  it.each([
    ['张三', '张*'],
    ['张三丰', '张**'],
    ['欧阳娜娜', '欧阳**'],
    ['欧阳锋', '欧阳*'],
    ['司马', '司*'], // two characters: surname 司, given name 马
    ['诸葛孔明', '诸葛**'],
    ['阿沛·阿旺晋美', '阿*·****'],
    ['𠮷野家', '𠮷**'], // a character outside the BMP stays one character
    ['王', '*'],
    ['Zhang San', 'Z**** ***'],
    ['  李四 ', '李*'],
    ['', ''],
  ])('%j → %j', (input, masked) => {
    expect(maskName(input)).toBe(masked);
  });
});

describe('maskEmail', () => {
  it.each([
    ['zhangsan@example.com', 'z***@example.com'],
    ['z@example.com', 'z***@example.com'],
    ['"a@b"@example.com', '"***@example.com'],
    ['张三@例子.中国', '张***@例子.中国'],
    ['no-at-sign', '****'],
    ['@example.com', '****'],
    ['user@', '****'],
  ])('%j → %j', (input, masked) => {
    expect(maskEmail(input)).toBe(masked);
  });
});
