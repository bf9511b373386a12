import { deciderSpec } from '@kuaige/testkit';
import { personalDataErasure } from './personal-data-erasure';

const at = '2026-12-01T08:00:00.000Z';

describe('Personal data erasure', () => {
  const given = deciderSpec(personalDataErasure);
  const request = { type: 'ErasePersonalData', data: { userId: 'u1', requestedBy: 'self', reason: 'PIPL art. 47 request', at } } as const;
  const erased = { type: 'PersonalDataErased', data: request.data } as const;

  it('records who asked for the erasure, and when', () => {
    given([]).when(request).then([erased]);
    given([]).when({ type: 'ErasePersonalData', data: { ...request.data, requestedBy: 'operations', reason: 'ticket 42' } }).then([{ type: 'PersonalDataErased', data: { ...request.data, requestedBy: 'operations', reason: 'ticket 42' } }]);
  });

  it('erases once: a second request records nothing', () => {
    given([erased]).when({ type: 'ErasePersonalData', data: { ...request.data, at: '2026-12-02T08:00:00.000Z' } }).then([]);
  });
});
