import { deciderSpec } from '@kuaige/testkit';
import { contactDataErasure } from './contact-data-erasure';

const at = '2026-12-01T08:00:00.000Z';

describe('Contact data erasure', () => {
  const given = deciderSpec(contactDataErasure);
  const erase = (subjects: string[]) => ({ type: 'EraseContactData', data: { ref: 'r1', subjects, reason: 'ticket 7', at } }) as const;

  it('records the subjects whose key is destroyed, once each, sorted', () => {
    given([]).when(erase(['contact:b', 'contact:a', 'contact:b'])).then([{ type: 'ContactDataErased', data: { ref: 'r1', subjects: ['contact:a', 'contact:b'], reason: 'ticket 7', at } }]);
  });

  it('records only what is new: nothing when every subject was erased before', () => {
    const first = { type: 'ContactDataErased', data: { ref: 'r1', subjects: ['contact:a'], reason: 'ticket 7', at } } as const;
    given([first]).when(erase(['contact:a'])).then([]);
    given([first]).when(erase([])).then([]);
    given([first]).when(erase(['contact:a', 'contact:a~2'])).then([{ type: 'ContactDataErased', data: { ref: 'r1', subjects: ['contact:a~2'], reason: 'ticket 7', at } }]);
  });
});
