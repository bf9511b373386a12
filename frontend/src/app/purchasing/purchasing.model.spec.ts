import { describe, expect, it } from 'vitest';
import { rolesOf } from './purchasing.model';

describe('role keys of an approval level, as typed in the chain editor', () => {
  it('splits on commas (either width), enumeration commas and spaces, dropping empty entries', () => {
    expect(rolesOf('warehouse-manager, admin')).toEqual(['warehouse-manager', 'admin']);
    expect(rolesOf('warehouse-manager，admin、finance  buyer')).toEqual(['warehouse-manager', 'admin', 'finance', 'buyer']);
    expect(rolesOf(' , ')).toEqual([]);
  });
});
