import { describe, expect, it } from 'vitest';
import { KNOWN_CODES } from './catalogue';
import { DEFAULT_SORT, STATUS_GROUPS, activeChips, dayOf, statusGroupOf, isoDay, listParams, queryFromParams, sortParam, sortState } from './work-order-filters';

describe('work-order list filters and the address', () => {
  it('read every filter of the contract from the query string', () => {
    const query = queryFromParams(
      {
        status: 'in-progress,completed',
        priority: 'urgent',
        deviceType: 'cnc-machine',
        faultType: 'electrical',
        region: '440305',
        from: '2026-11-01',
        to: '2026-11-30',
        q: ' 主轴 ',
        deviceId: 'd-1',
        queue: 'provider',
        sort: 'number',
        page: '2',
        pageSize: '50',
      },
      KNOWN_CODES,
    );
    expect(listParams(query)).toEqual({
      status: 'in-progress,completed',
      priority: 'urgent',
      deviceType: 'cnc-machine',
      faultType: 'electrical',
      region: '440305',
      from: '2026-11-01',
      to: '2026-11-30',
      q: '主轴',
      deviceId: 'd-1',
      queue: 'provider',
      sort: 'number',
      page: 2,
      pageSize: 50,
    });
  });

  it('drop what a hand-edited address gets wrong instead of sending it', () => {
    const query = queryFromParams(
      {
        status: 'in-progress,bogus',
        priority: 'asap',
        deviceType: 'toaster',
        region: '4403051',
        from: '1.11.2026',
        queue: 'all',
        sort: 'faultSummary',
        page: '-1',
        pageSize: '7',
      },
      KNOWN_CODES,
    );
    expect(listParams(query)).toEqual({ status: 'in-progress', sort: DEFAULT_SORT, page: 1, pageSize: 20 });
  });

  it('read the drill-through filters: parties, SLA, rework, a low score, the completion days', () => {
    const query = queryFromParams(
      {
        providerId: 'E-PRO',
        assigneeId: 'u_eng-1',
        requesterId: 'E-USER',
        manufacturerId: 'E-MAKER',
        sla: 'breached',
        reopened: 'true',
        rated: 'low',
        completedFrom: '2026-11-01',
        completedTo: '2026-11-30',
      },
      KNOWN_CODES,
    );
    expect(listParams(query)).toEqual({
      providerId: 'E-PRO',
      assigneeId: 'u_eng-1',
      requesterId: 'E-USER',
      manufacturerId: 'E-MAKER',
      sla: 'breached',
      reopened: 'true',
      rated: 'low',
      completedFrom: '2026-11-01',
      completedTo: '2026-11-30',
      sort: DEFAULT_SORT,
      page: 1,
      pageSize: 20,
    });
    expect(activeChips(query).map((c) => c.key)).toEqual(['providerId', 'assigneeId', 'requesterId', 'manufacturerId', 'sla', 'reopened', 'rated', 'completedFrom', 'completedTo']);
  });

  it('drop hand-edited drill-through values the backend would refuse', () => {
    const query = queryFromParams(
      { providerId: 'a b', assigneeId: '../etc', requesterId: 'x'.repeat(65), manufacturerId: '$ne', sla: 'late', reopened: 'yes', rated: 'bad', completedFrom: '2026-13', completedTo: 'today' },
      KNOWN_CODES,
    );
    expect(listParams(query)).toEqual({ sort: DEFAULT_SORT, page: 1, pageSize: 20 });
    expect(activeChips(query)).toEqual([]);
  });

  it('name the status sets of the drill-throughs as one group, in any order', () => {
    expect(statusGroupOf('in-progress,assigned,engineer-accepted')).toBe('inHand');
    expect(statusGroupOf([...STATUS_GROUPS.open].reverse().join(','))).toBe('open');
    expect(statusGroupOf('closed,completed,receipt-submitted,receipt-approved,reported')).toBe('done');
    expect(statusGroupOf('in-progress,assigned')).toBeNull();
  });

  it('send nothing for an empty filter, so the address says only what the user chose', () => {
    expect(Object.keys(listParams(queryFromParams({}, KNOWN_CODES))).sort()).toEqual(['page', 'pageSize', 'sort']);
  });

  it('carry a picked day as YYYY-MM-DD of the calendar it was picked on, and back', () => {
    expect(isoDay(new Date(2026, 0, 5, 23, 30))).toBe('2026-01-05');
    expect(isoDay(null)).toBeNull();
    expect(dayOf('2026-01-05')).toEqual(new Date(2026, 0, 5));
    expect(dayOf('')).toBeNull();
  });

  it('turn header clicks into the sort parameter and back', () => {
    expect(sortParam({ active: 'number', direction: 'asc' })).toBe('number');
    expect(sortParam({ active: 'updatedAt', direction: 'desc' })).toBe('-updatedAt');
    expect(sortParam({ active: 'submittedAt', direction: 'desc' })).toBeNull();
    expect(sortParam({ active: 'number', direction: '' })).toBeNull();
    expect(sortState('-updatedAt')).toEqual({ active: 'updatedAt', direction: 'desc' });
    expect(sortState('number')).toEqual({ active: 'number', direction: 'asc' });
  });
});
