import { describe, expect, it } from 'vitest';
import { parsePersonRoute, personHash } from './person-route.ts';

describe('person route', () => {
  it('reads the insurer and insured numbers from the hash', () => {
    expect(parsePersonRoute('#/person/131016/0000000042')).toEqual({ insurerNumber: '131016', insuredNumber: '0000000042' });
  });

  it('round-trips through personHash', () => {
    const route = { insurerNumber: '271004', insuredNumber: '1234567890' };
    expect(personHash(route)).toBe('#/person/271004/1234567890');
    expect(parsePersonRoute(personHash(route))).toEqual(route);
  });

  it('is null for the list and for malformed numbers', () => {
    expect(parsePersonRoute('')).toBeNull();
    expect(parsePersonRoute('#/')).toBeNull();
    expect(parsePersonRoute('#/person/13101/0000000042')).toBeNull();
    expect(parsePersonRoute('#/person/131016/00000000x2')).toBeNull();
    expect(parsePersonRoute('#/person/131016/0000000042/extra')).toBeNull();
  });
});
