import { describe, expect, it } from 'vitest';
import { DEFAULT_PAGE_SIZE, pageNumber, pageSizeOf } from './paging';

describe('page and page size from the address', () => {
  it('reads positive page numbers and falls back to 1 for anything else', () => {
    expect(pageNumber('3')).toBe(3);
    for (const bad of [undefined, null, '', '0', '-2', '1.5', 'x']) expect(pageNumber(bad)).toBe(1);
  });

  it('accepts only the offered page sizes, so a hand-edited address cannot ask for a huge page', () => {
    expect(pageSizeOf('50')).toBe(50);
    for (const bad of [undefined, '7', '100000', 'all']) expect(pageSizeOf(bad)).toBe(DEFAULT_PAGE_SIZE);
  });
});
