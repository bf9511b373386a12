import { describe, expect, it } from 'vitest';
import { coordinateOf, formValueOf, listParams, parametersOf, qrOutcome, requestFormLink, submissionOf, warrantyState } from './device-logic';
import { sortParam } from './device-list-page';
import { labelPrintPage } from './device-detail-page';
import type { Device } from './devices.model';

const device: Device = {
  id: 'd1',
  number: 'SN-1',
  name: '五轴加工中心',
  model: 'VMC-850',
  type: 'cnc-machine',
  spec: '',
  parameters: [{ name: '主轴转速', value: '12000', unit: 'rpm' }],
  images: [],
  project: null,
  manufacturedOn: '2025-06-01',
  soldOn: '2026-01-15',
  warrantyMonths: 12,
  warrantyEndsOn: '2027-01-15',
  warrantyDaysLeft: 45,
  countyCode: '440305',
  address: '南山区科技园 1 号',
  lat: 22.54,
  lng: 113.95,
  status: 'active',
  registrantId: 'm1',
  ownerId: 'o1',
  manufacturerId: 'm1',
  publicRequests: false,
  qrToken: 'q'.repeat(22),
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
};

describe('device pages’ logic', () => {
  it('tells where a warranty stands by its days left', () => {
    expect(warrantyState(null)).toBe('none');
    expect(warrantyState(-1)).toBe('expired');
    expect(warrantyState(0)).toBe('ending');
    expect(warrantyState(30)).toBe('ending');
    expect(warrantyState(31)).toBe('active');
  });

  it('sends only the filters that are set, with the page', () => {
    expect(listParams({ type: 'elevator', status: '', project: '', region: '4403', q: '', sort: '-warrantyEndsOn', page: 2, pageSize: 50 })).toEqual({
      type: 'elevator',
      region: '4403',
      sort: '-warrantyEndsOn',
      page: 2,
      pageSize: 50,
    });
  });

  it('turns a table header into the API’s sort key', () => {
    expect(sortParam({ active: 'warranty', direction: 'asc' })).toBe('warrantyEndsOn');
    expect(sortParam({ active: 'number', direction: 'desc' })).toBe('-number');
    expect(sortParam({ active: 'number', direction: '' })).toBe('');
    expect(sortParam({ active: 'status', direction: 'asc' })).toBe('');
  });

  it('drops blank parameter rows and reads coordinates', () => {
    expect(parametersOf([{ name: ' 功率 ', value: '15', unit: 'kW ' }, { name: '', value: '', unit: 'x' }])).toEqual([{ name: '功率', value: '15', unit: 'kW' }]);
    expect(coordinateOf('')).toBeNull();
    expect(coordinateOf(' 22.5 ')).toBe(22.5);
    expect(coordinateOf('north')).toBeNull();
  });

  it('builds a registration with the number, an edit without it; coordinates only as a pair', () => {
    const value = { ...formValueOf(null), number: ' SN-9 ', name: ' 空压机 ', model: 'GA', type: 'air-compressor', countyCode: '440305', address: '一号厂房', lat: 22.5, lng: null };
    const registration = submissionOf(value, [], [], 'register');
    expect(registration).toEqual(expect.objectContaining({ number: 'SN-9', name: '空压机', coordinates: null, project: null, manufacturedOn: null, warrantyMonths: 12 }));
    expect('soldOn' in registration).toBe(false);
    const edit = submissionOf({ ...formValueOf(device), lat: 22.54, lng: 113.95 }, device.parameters.map((p) => ({ ...p })), [], 'edit');
    expect('number' in edit).toBe(false);
    expect(edit.coordinates).toEqual({ lat: 22.54, lng: 113.95 });
    expect(edit.parameters).toEqual(device.parameters);
  });

  it('opens the request form for a device the user sees, else the public form, else sign-in or not found', () => {
    expect(qrOutcome(true, 'd1', false)).toBe('open-request-form');
    expect(qrOutcome(true, 'd1', true)).toBe('open-request-form');
    expect(qrOutcome(true, null, true)).toBe('public-form');
    expect(qrOutcome(false, null, true)).toBe('public-form');
    expect(qrOutcome(false, null, false)).toBe('sign-in');
    expect(qrOutcome(true, null, false)).toBe('not-found');
    expect(requestFormLink('d1')).toEqual({ path: ['/work-orders/new'], queryParams: { device: 'd1', channel: 'qr' } });
  });

  it('prints the label at its size, with the title escaped', () => {
    const page = labelPrintPage('<?xml version="1.0"?>\n<svg width="60mm"></svg>', 'SN-1 <五轴>');
    expect(page).toContain('<title>SN-1 &lt;五轴&gt;</title>');
    expect(page).toContain('@page{size:60mm 40mm');
    expect(page).toContain('<body><svg width="60mm"></svg></body>');
    expect(page).not.toContain('<?xml');
  });
});
