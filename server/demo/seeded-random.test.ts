import { describe, expect, it } from 'vitest';
import { createSeededRandom } from './seeded-random.ts';

describe('createSeededRandom', () => {
  it('repeats the same sequence for the same seed and differs between seeds', () => {
    const a = createSeededRandom(42);
    const b = createSeededRandom(42);
    const c = createSeededRandom(43);
    const seqA = Array.from({ length: 5 }, () => a.next());
    const seqB = Array.from({ length: 5 }, () => b.next());
    const seqC = Array.from({ length: 5 }, () => c.next());
    expect(seqA).toEqual(seqB);
    expect(seqA).not.toEqual(seqC);
  });

  it('stays in range and covers it', () => {
    const r = createSeededRandom(7);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const x = r.next();
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
      const k = r.int(3, 6);
      expect(k).toBeGreaterThanOrEqual(3);
      expect(k).toBeLessThanOrEqual(6);
      seen.add(k);
    }
    expect([...seen].sort()).toEqual([3, 4, 5, 6]);
  });

  it('follows the weights roughly', () => {
    const r = createSeededRandom(1);
    let heavy = 0;
    for (let i = 0; i < 10000; i++) if (r.weighted([['a', 9], ['b', 1]] as const) === 'a') heavy++;
    expect(heavy).toBeGreaterThan(8700);
    expect(heavy).toBeLessThan(9300);
  });

  it('samples exactly count distinct elements', () => {
    const r = createSeededRandom(5);
    const items = Array.from({ length: 100 }, (_, i) => i);
    const s = r.sample(items, 30);
    expect(s).toHaveLength(30);
    expect(new Set(s).size).toBe(30);
    expect(r.sample(items, 500)).toHaveLength(100);
    expect(items).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });

  it('refuses empty picks and reversed ranges', () => {
    const r = createSeededRandom(1);
    expect(() => r.pick([])).toThrow(RangeError);
    expect(() => r.int(5, 4)).toThrow(RangeError);
  });
});
