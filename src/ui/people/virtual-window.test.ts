import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { visibleRows } from './virtual-window.ts';

describe('visibleRows', () => {
  it('renders the rows in view plus overscan at the top of the list', () => {
    // 600 px / 72 px = 8.33 → 9 rows touch the viewport, +1 for a partly scrolled row, +4 overscan below.
    expect(visibleRows({ scrollTop: 0, viewportHeight: 600, rowHeight: 72, count: 10_000, overscan: 4 })).toEqual({ start: 0, end: 14 });
  });
  it('starts overscan rows above the first visible row when scrolled', () => {
    // scrollTop 7200 / 72 = row 100 at the top.
    expect(visibleRows({ scrollTop: 7200, viewportHeight: 600, rowHeight: 72, count: 10_000, overscan: 4 })).toEqual({ start: 96, end: 114 });
  });
  it('stops at the end of the list', () => {
    expect(visibleRows({ scrollTop: 719_500, viewportHeight: 600, rowHeight: 72, count: 10_000, overscan: 4 })).toEqual({ start: 9989, end: 10_000 });
  });
  it('renders nothing for an empty list', () => {
    expect(visibleRows({ scrollTop: 0, viewportHeight: 600, rowHeight: 72, count: 0, overscan: 4 })).toEqual({ start: 0, end: 0 });
  });
  it('property: the range stays within the list and covers every row that is in view', () => {
    fc.assert(
      fc.property(fc.nat(20_000), fc.nat(2_000_000), fc.integer({ min: 1, max: 2000 }), fc.integer({ min: 1, max: 200 }), fc.nat(10), (count, scrollTop, viewportHeight, rowHeight, overscan) => {
        const { start, end } = visibleRows({ scrollTop, viewportHeight, rowHeight, count, overscan });
        expect(0 <= start && start <= end && end <= count).toBe(true);
        for (let row = 0; row < count; row++) {
          const inView = row * rowHeight < scrollTop + viewportHeight && (row + 1) * rowHeight > scrollTop;
          if (inView) expect(row >= start && row < end).toBe(true);
          if (row * rowHeight > scrollTop + viewportHeight) break;
        }
      }),
      { numRuns: 200 },
    );
  });
});
