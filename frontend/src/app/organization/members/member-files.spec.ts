import { describe, expect, it } from 'vitest';
import { base64Of } from './member-files';

describe('member import file', () => {
  it('encodes the bytes as plain base64, including non-ASCII CSV content', async () => {
    const csv = '姓名,手机号\n张三,13800138000\n';
    const encoded = await base64Of(new Blob([csv], { type: 'text/csv' }));
    expect(new TextDecoder().decode(Uint8Array.from(atob(encoded), (c) => c.charCodeAt(0)))).toBe(csv);
  });

  it('encodes files larger than one chunk', async () => {
    const bytes = new Uint8Array(100_000).map((_, i) => i % 251);
    const encoded = await base64Of(new Blob([bytes]));
    expect(Uint8Array.from(atob(encoded), (c) => c.charCodeAt(0))).toEqual(bytes);
  });
});
