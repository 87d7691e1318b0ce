import { describe, expect, it } from 'vitest';
import { IssueActivationCodeRequest } from '../../protocol/admin.ts';
import { activationCodeGroups, DEFAULT_VALID_HOURS, spokenActivationCode, VALID_HOURS_OPTIONS } from './activation-code.ts';

describe('activation code', () => {
  it('splits the code into its groups and spells it out for screen readers', () => {
    expect(activationCodeGroups('K7QM-2RTX-9PLA')).toEqual(['K7QM', '2RTX', '9PLA']);
    expect(spokenActivationCode('K7QM-2RTX-9PLA')).toBe('K 7 Q M、2 R T X、9 P L A');
    expect(activationCodeGroups('AB12')).toEqual(['AB12']);
  });

  it('offers only validities the contract accepts, the default among them', () => {
    for (const hours of VALID_HOURS_OPTIONS) {
      expect(IssueActivationCodeRequest.safeParse({ staffId: 's', deviceName: 'd', validHours: hours }).success).toBe(true);
    }
    expect(VALID_HOURS_OPTIONS).toContain(DEFAULT_VALID_HOURS);
    expect(IssueActivationCodeRequest.parse({ staffId: 's', deviceName: 'd' }).validHours).toBe(DEFAULT_VALID_HOURS);
  });
});
