import { describe, expect, it } from 'vitest';
import { feeScheduleDraftOf, feeScheduleForm } from './fee-schedules-page';
import { bodyOf } from './settlement-step-dialog';

const blank = { text: '', decision: 'dismissed' as const, amount: '', method: 'bank-transfer', title: '', taxNumber: '', email: '' };

describe('settlement forms', () => {
  it('send each step the body its route takes, amounts in fen', () => {
    expect(bodyOf('dispute', { ...blank, text: ' 距离不足 5 公里 ' })).toEqual({ reason: '距离不足 5 公里' });
    expect(bodyOf('answer', { ...blank, text: '按导航距离' })).toEqual({ answer: '按导航距离' });
    expect(bodyOf('arbitrate', { ...blank, decision: 'upheld', amount: '30.5', text: '核减' })).toEqual({ decision: 'upheld', adjustedAmountFen: 3050, note: '核减' });
    expect(bodyOf('arbitrate', { ...blank, amount: '30.5', text: '驳回' })).toEqual({ decision: 'dismissed', note: '驳回' });
    expect(bodyOf('pay', { ...blank, method: 'alipay' })).toEqual({ method: 'alipay' });
    expect(bodyOf('invoice', { ...blank, title: '某公司', taxNumber: '91440300MA5G9X8K1B' })).toEqual({ title: '某公司', taxNumber: '91440300MA5G9X8K1B' });
  });

  it('turn the fee schedule editor’s yuan and percentages into fen and basis points, or nothing while one is not', () => {
    const form = feeScheduleForm();
    form.controls.effectiveFrom.setValue('2027-01-01');
    form.controls.labourRates.controls.forEach((row, i) => row.controls.hourly.setValue(['80', '100', '150.5', '200'][i]!));
    form.controls.travelBands.controls[0]!.controls.price.setValue('50');
    form.controls.travelBands.controls[1]!.controls.price.setValue('120');
    form.controls.platformFee.setValue('5%');
    expect(feeScheduleDraftOf(form, 'node-4403')).toEqual({
      operatorNodeId: 'node-4403',
      effectiveFrom: '2027-01-01',
      labourRates: [
        { skillLevel: 'junior', hourlyFen: 8000 },
        { skillLevel: 'intermediate', hourlyFen: 10000 },
        { skillLevel: 'senior', hourlyFen: 15050 },
        { skillLevel: 'expert', hourlyFen: 20000 },
      ],
      travelBands: [
        { upToKm: 10, fen: 5000 },
        { upToKm: 30, fen: 12000 },
      ],
      platformFeeRateBp: 500,
      expertFeeRateBp: 0,
      note: '',
    });
    form.controls.platformFee.setValue('120%');
    expect(feeScheduleDraftOf(form, 'node-4403')).toBeNull();
  });
});
