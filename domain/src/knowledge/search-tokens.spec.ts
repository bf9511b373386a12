import { matchedTerms, queryTerms, requiredTerms, searchTokens } from './search-tokens';

describe('search tokens for Chinese and latin text', () => {
  it('stores neighbouring Han characters as pairs and lone ones alone', () => {
    expect(searchTokens('主轴异响')).toEqual(['主轴', '轴异', '异响']);
    expect(searchTokens('泵 漏')).toEqual(['泵', '漏']);
  });

  it('stores latin words and model numbers lower-cased, also without separators and by their parts', () => {
    expect(searchTokens('VMC-850 报警 ALM401')).toEqual(['报警', 'vmc-850', 'vmc850', 'vmc', '850', 'alm401']);
    // Full-width forms, as Chinese input methods type them, read as their ASCII twins.
    expect(searchTokens('ＶＭＣ－８５０')).toEqual(searchTokens('vmc-850'));
  });

  it('reads a query as terms: a model number matches written with or without its separator', () => {
    expect(queryTerms('VMC-850 主轴')).toEqual([['主轴'], ['vmc-850', 'vmc850']]);
  });

  it('asks for every term of a short query and three in five of a longer one', () => {
    expect([1, 2, 3, 4, 5, 7].map(requiredTerms)).toEqual([1, 2, 2, 3, 3, 5]);
  });

  it('names the query terms a text holds', () => {
    const tokens = new Set(searchTokens('主轴运转时有异响'));
    expect(matchedTerms(queryTerms('主轴异响'), tokens)).toEqual(['主轴', '异响']);
    // One shared character is no match: 主电机 and 主轴 share 主 only.
    expect(matchedTerms(queryTerms('主轴'), new Set(searchTokens('主电机过热')))).toEqual([]);
  });
});
