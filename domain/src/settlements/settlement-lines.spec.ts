import { billableHalfHours, priceWorkOrder, workedMinutes, type PricingFacts, type PricingTerms } from './settlement-lines';
import { applyRate } from './settlement-rules';

const terms: PricingTerms = {
  labourRates: [
    { skillLevel: 'junior', hourlyFen: 8_001 },
    { skillLevel: 'senior', hourlyFen: 15_000 },
  ],
  travelBands: [
    { upToKm: 10, fen: 5_000 },
    { upToKm: 50, fen: 12_000 },
  ],
  platformFeeRateBp: 333,
  expertFeeRateBp: 1_000,
};
const facts = (over: Partial<PricingFacts> = {}): PricingFacts => ({
  parties: { equipmentUserId: 'user-co', manufacturerId: 'maker-co', providerId: 'prov-co' },
  timeline: [
    { type: 'WorkStarted', at: '2026-12-01T01:00:00.000Z' },
    { type: 'WorkPaused', at: '2026-12-01T02:00:00.000Z' },
    { type: 'WorkResumed', at: '2026-12-01T05:00:00.000Z' },
    { type: 'WorkCompleted', at: '2026-12-01T05:20:00.000Z' },
  ],
  engineerLevel: 'senior',
  distanceKm: 23.4,
  parts: [{ issueId: 'iss-1', partName: '主轴轴承', quantity: 2, unitCostFen: 4_550, valueFen: 9_100 }],
  expertFees: [{ helpId: 'h1', expertId: 'expert-1', feeFen: 20_000 }],
  warranty: null,
  ...over,
});

describe('pricing a work order', () => {
  it('bills worked time without pauses, rounded up to the half hour', () => {
    expect(workedMinutes(facts().timeline)).toBe(80);
    expect(billableHalfHours(80)).toBe(3);
    expect(billableHalfHours(60)).toBe(2);
    expect(billableHalfHours(0.1)).toBe(1);
  });

  it('prices labour by level, travel by band, parts at issue value, expert fees, and the platform fee on the provider', () => {
    const lines = priceWorkOrder(facts(), terms);
    const byId = Object.fromEntries(lines.map((l) => [l.lineId, l]));
    expect(byId['labour']).toMatchObject({
      kind: 'labour',
      quantity: 1.5,
      unitFen: 15_000,
      amountFen: 22_500,
      payer: 'equipment-user',
      payerId: 'user-co',
      payee: 'provider',
      payeeId: 'prov-co',
    });
    expect(byId['travel']).toMatchObject({ amountFen: 12_000, payer: 'equipment-user', payee: 'provider' });
    expect(byId['part:iss-1']).toMatchObject({ quantity: 2, unitFen: 4_550, amountFen: 9_100, payer: 'equipment-user' });
    expect(byId['expert:h1']).toMatchObject({ amountFen: 20_000, payer: 'equipment-user', payee: 'expert', payeeId: 'expert-1' });
    // 3.33 % of 43,600 fen is 1,451.88 fen: half-up gives 1,452.
    expect(byId['platform-fee']).toMatchObject({ amountFen: 1_452, payer: 'provider', payerId: 'prov-co', payee: 'platform' });
    expect(byId['platform-fee-expert']).toMatchObject({ amountFen: 2_000, payer: 'provider' });
    for (const l of lines) expect(Number.isInteger(l.amountFen)).toBe(true);
  });

  it('puts labour and parts on the manufacturer when in warranty; travel and expert stay with the user', () => {
    const lines = priceWorkOrder(facts({ warranty: 'in-warranty' }), terms);
    expect(lines.filter((l) => l.payer === 'manufacturer').map((l) => l.lineId)).toEqual(['labour', 'part:iss-1']);
    expect(lines.filter((l) => l.payer === 'equipment-user').map((l) => l.lineId)).toEqual(['travel', 'expert:h1']);
    // No manufacturer on the platform: the user pays everything.
    const orphan = priceWorkOrder(
      facts({ warranty: 'in-warranty', parties: { equipmentUserId: 'user-co', manufacturerId: null, providerId: 'prov-co' } }),
      terms,
    );
    expect(orphan.some((l) => l.payer === 'manufacturer')).toBe(false);
  });

  it('falls back to the lowest rate for an unlisted level, band 0 for an unknown distance, the last band beyond the bands', () => {
    const lines = priceWorkOrder(
      facts({
        engineerLevel: 'expert',
        distanceKm: null,
        timeline: [
          { type: 'WorkStarted', at: '2026-12-01T01:00:00.000Z' },
          { type: 'WorkCompleted', at: '2026-12-01T01:29:00.000Z' },
        ],
      }),
      terms,
    );
    // Half an hour at 80.01 yuan an hour is 40.005 yuan: 4,000.5 fen rounds half-up to 4,001.
    expect(lines.find((l) => l.lineId === 'labour')).toMatchObject({ unitFen: 8_001, quantity: 0.5, amountFen: 4_001 });
    expect(lines.find((l) => l.lineId === 'travel')?.amountFen).toBe(5_000);
    expect(priceWorkOrder(facts({ distanceKm: 500 }), terms).find((l) => l.lineId === 'travel')?.amountFen).toBe(12_000);
  });

  it('rounds rates half-up on the fen in exact arithmetic', () => {
    expect(applyRate(10_050, 500)).toBe(503); // 502.5 → 503
    expect(applyRate(10_049, 500)).toBe(502); // 502.45 → 502
    expect(applyRate(9_007_199_254_740_991, 9_999)).toBe(9_006_298_534_815_517);
    expect(applyRate(0, 500)).toBe(0);
  });
});
