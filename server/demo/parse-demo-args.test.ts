import { describe, expect, it } from 'vitest';
import { DemoDataError } from './demo-error.ts';
import { parseDemoArgs, tokyoDate } from './parse-demo-args.ts';

// 15:30 UTC is already the next day (00:30) in Tokyo.
const NOW = new Date('2026-11-25T15:30:00Z');

describe('parseDemoArgs', () => {
  it('defaults to 300 people, seed 1, the Tokyo date and data/demo', () => {
    expect(tokyoDate(NOW)).toBe('2026-11-26');
    expect(parseDemoArgs([], NOW)).toEqual({ options: { size: 300, seed: 1, today: '2026-11-26' }, outDir: 'data/demo' });
  });

  it('reads both --name value and --name=value', () => {
    expect(parseDemoArgs(['--size', '12000', '--seed=42', '--today', '2027-01-05', '--out=/tmp/x'], NOW)).toEqual({
      options: { size: 12000, seed: 42, today: '2027-01-05' },
      outDir: '/tmp/x',
    });
  });

  it('rejects unknown flags, missing values, non-integers and impossible dates', () => {
    for (const argv of [['--count', '3'], ['--size'], ['--size', 'ten'], ['--today', '2026-13-01'], ['--size', '0']]) {
      let caught: unknown;
      try {
        parseDemoArgs(argv, NOW);
      } catch (e) {
        caught = e;
      }
      expect(caught, argv.join(' ')).toBeInstanceOf(DemoDataError);
      expect((caught as DemoDataError).code).toBe('DEMO_INVALID_ARGUMENT');
    }
  });
});
