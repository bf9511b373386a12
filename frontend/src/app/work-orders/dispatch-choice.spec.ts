import { describe, expect, it } from 'vitest';
import { dispatchBody } from './dispatch-choice';
import type { Suggestion } from './work-order.model';

const ranked = (id: string, rank: number): Suggestion => ({ id, name: id, rank, score: 90 - rank, factors: [] });

describe('the dispatch the operator confirms', () => {
  it('follows the top suggestion without an override', () => {
    expect(dispatchBody(ranked('p1', 1), ranked('p1', 1), 'ignored')).toEqual({
      providerId: 'p1',
      suggestion: { rank: 1, suggestedProviderId: 'p1' },
      override: null,
    });
  });

  it('records the reason when another provider is chosen', () => {
    expect(dispatchBody(ranked('p3', 3), ranked('p1', 1), '  客户指定该服务商 ')).toEqual({
      providerId: 'p3',
      suggestion: { rank: 3, suggestedProviderId: 'p1' },
      override: { reason: '客户指定该服务商' },
    });
  });
});
