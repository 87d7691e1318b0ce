import { describe, expect, it } from 'vitest';
import { formatBenchTable, ratio } from './table.ts';

describe('formatBenchTable', () => {
  it('aligns columns, counting full-width characters as two', () => {
    const out = formatBenchTable([
      { name: 'feed 取込', figure: '5,000 rec/s', baseline: '500 rec/s', ratio: '×10.00' },
      { name: 'pull', figure: '1 s', baseline: '', ratio: '' },
    ]).split('\n');
    expect(out).toHaveLength(4);
    expect(out[2]).toBe('| feed 取込 | 5,000 rec/s | 500 rec/s           | ×10.00 |');
    expect(out[3]).toBe('| pull      | 1 s         |                     |        |');
  });
  it('gives an empty ratio without a baseline', () => {
    expect(ratio(10, 0)).toBe('');
    expect(ratio(10, 4)).toBe('×2.50');
  });
});
