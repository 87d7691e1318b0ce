import { describe, expect, it } from 'vitest';
import { hasValidCheckDigit } from './check-digit.ts';
import { DEMO_PROVIDERS, DEMO_TOWNS, OTHER_CARE_MANAGEMENT_OFFICE, demoClinics, demoStaff } from './demo-organisations.ts';

describe('demo organisations', () => {
  it('has three insurers at three stages of joining the platform', () => {
    expect(DEMO_TOWNS.map((t) => [t.insurer.insurerNumber, t.insurer.name, t.insurer.platformLiveFrom])).toEqual([
      ['229013', '桜丘市', '2026-04-01'],
      ['229021', '青浜町', '2026-10-01'],
      ['229039', '高峰村', null],
    ]);
    expect(DEMO_TOWNS.reduce((sum, t) => sum + t.share, 0)).toBeCloseTo(1);
  });

  it('uses numbers with valid check digits', () => {
    const numbers = [
      ...DEMO_TOWNS.map((t) => t.insurer.insurerNumber),
      ...DEMO_TOWNS.map((t) => t.communityCareCentre.providerNumber),
      ...DEMO_PROVIDERS.map((p) => p.providerNumber),
      OTHER_CARE_MANAGEMENT_OFFICE.providerNumber,
      ...demoClinics().map((c) => c.clinicCode),
    ];
    for (const n of numbers) expect(hasValidCheckDigit(n), n).toBe(true);
    // 事業所番号: prefecture 22, 区分 7 (指定事業所)
    for (const p of DEMO_PROVIDERS) expect(p.providerNumber.slice(0, 3)).toBe('227');
  });

  it('has one care-management office (43) and service providers for 11, 15 and 17', () => {
    expect(DEMO_PROVIDERS.filter((p) => p.kind === 'careManagementOffice').map((p) => p.serviceKinds)).toEqual([['43']]);
    expect(DEMO_PROVIDERS.filter((p) => p.kind === 'serviceProvider').map((p) => p.serviceKinds[0])).toEqual(['11', '15', '17']);
  });

  it('staffs every provider with an admin, care managers at the office and helpers at 訪問介護', () => {
    const staff = demoStaff();
    expect(new Set(staff.map((s) => s.staffId)).size).toBe(staff.length);
    for (const p of DEMO_PROVIDERS) expect(staff.some((s) => s.providerNumber === p.providerNumber && s.role === 'admin')).toBe(true);
    const office = DEMO_PROVIDERS[0]!;
    expect(staff.filter((s) => s.providerNumber === office.providerNumber && s.role === 'careManager')).toHaveLength(4);
    expect(staff.filter((s) => s.providerNumber === DEMO_PROVIDERS[1]!.providerNumber && s.role === 'helper')).toHaveLength(6);
    expect(staff.find((s) => s.staffId === 'houmon-helper-1')?.providerNumber).toBe(DEMO_PROVIDERS[1]!.providerNumber);
  });
});
