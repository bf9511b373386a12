import { describe, expect, it } from 'vitest';
import { highlightPieces } from './highlight';

describe('highlighting matched search terms', () => {
  it('marks overlapping bigrams as one run', () => {
    expect(highlightPieces('立式加工中心主轴异响排查', ['主轴', '轴异', '异响'])).toEqual([
      { text: '立式加工中心', mark: false },
      { text: '主轴异响', mark: true },
      { text: '排查', mark: false },
    ]);
  });

  it('marks latin terms whatever their case', () => {
    expect(highlightPieces('适用 VMC-850 机型', ['vmc-850'])).toEqual([
      { text: '适用 ', mark: false },
      { text: 'VMC-850', mark: true },
      { text: ' 机型', mark: false },
    ]);
  });

  it('marks a model number written with its separator when the query left it out', () => {
    expect(highlightPieces('VMC-850 主轴', ['vmc850'])).toEqual([
      { text: 'VMC-850', mark: true },
      { text: ' 主轴', mark: false },
    ]);
  });

  it('leaves a text without matches whole', () => {
    expect(highlightPieces('液压漏油', ['主轴'])).toEqual([{ text: '液压漏油', mark: false }]);
    expect(highlightPieces('', ['主轴'])).toEqual([]);
  });
});
