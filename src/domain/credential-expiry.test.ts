import { describe, expect, it } from 'vitest';
import { daysUntilExpiry, expiryThreshold } from './credential-expiry.ts';
import { pinProblem } from './staff-pin.ts';

describe('expiryThreshold', () => {
  it('stays silent beyond 90 days and steps through 90/60/30/15/7', () => {
    expect(expiryThreshold(91)).toBeNull();
    expect(expiryThreshold(90)).toBe(90);
    expect(expiryThreshold(61)).toBe(90);
    expect(expiryThreshold(60)).toBe(60);
    expect(expiryThreshold(31)).toBe(60);
    expect(expiryThreshold(30)).toBe(30);
    expect(expiryThreshold(15)).toBe(15);
    expect(expiryThreshold(8)).toBe(15);
    expect(expiryThreshold(7)).toBe(7);
    expect(expiryThreshold(0)).toBe(7);
    expect(expiryThreshold(-1)).toBe(0);
  });
  it('counts calendar days across a leap day', () => {
    expect(daysUntilExpiry('2028-02-27', '2028-03-01')).toBe(3);
    expect(daysUntilExpiry('2026-11-25', '2026-11-24')).toBe(-1);
  });
});

describe('pinProblem', () => {
  it('accepts ordinary PINs and refuses the obvious ones', () => {
    expect(pinProblem('482915')).toBeNull();
    expect(pinProblem('12345')).toBe('format');
    expect(pinProblem('12a456')).toBe('format');
    expect(pinProblem('111111')).toBe('repeated');
    expect(pinProblem('121212')).toBe('repeated');
    expect(pinProblem('123456')).toBe('sequence');
    expect(pinProblem('890123')).toBe('sequence');
    expect(pinProblem('654321')).toBe('sequence');
  });
});
