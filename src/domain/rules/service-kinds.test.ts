import { describe, expect, it } from 'vitest';
import { ServiceKindCode } from '../organisations.ts';
import { SERVICE_KIND_TABLE, serviceKindLabelJa, serviceKindRule } from './service-kinds.ts';

const on = '2026-08-01';

describe('serviceKindRule', () => {
  it('maps each kind to its 人件費割合 class', () => {
    const classOf = (code: string) => serviceKindRule(code, on).laborCostClass;
    expect(['11', '12', '13', '43', '71', '76'].map(classOf)).toEqual(Array(6).fill('rate70'));
    expect(['14', '16', '21', '72', '73', '77'].map(classOf)).toEqual(Array(6).fill('rate55'));
    expect(['15', '22', '32', '51', '52', '55', '78'].map(classOf)).toEqual(Array(7).fill('rate45'));
    expect(['17', '31', '34', '67'].map(classOf)).toEqual(Array(4).fill('flat'));
  });

  it('keeps facilities, 居宅療養管理指導 and 居宅介護支援 outside the monthly limit', () => {
    expect(serviceKindRule('11', on).countsTowardLimit).toBe(true);
    expect(serviceKindRule('17', on).countsTowardLimit).toBe(true);
    expect(serviceKindRule('31', on).countsTowardLimit).toBe(false);
    expect(serviceKindRule('43', on).countsTowardLimit).toBe(false);
    expect(serviceKindRule('51', on).countsTowardLimit).toBe(false);
    // Short-stay use of a group home counts; the ordinary stay does not.
    expect(serviceKindRule('38', on).countsTowardLimit).toBe(true);
    expect(serviceKindRule('32', on).countsTowardLimit).toBe(false);
  });

  it('charges no copay for 居宅介護支援 and 介護予防支援 only', () => {
    const free = Object.entries(SERVICE_KIND_TABLE.versions.at(-1)!.value).filter(([, k]) => !k.copayApplies).map(([code]) => code);
    expect(free.sort()).toEqual(['43', '46']);
  });

  it('throws unknownServiceKind for a code not in the table, even an Object prototype name', () => {
    expect(() => serviceKindRule('ZZ', on)).toThrow(expect.objectContaining({ code: 'unknownServiceKind' }));
    expect(() => serviceKindRule('constructor', on)).toThrow(expect.objectContaining({ code: 'unknownServiceKind' }));
  });

  it('uses only codes the 事業所 schema accepts', () => {
    for (const code of Object.keys(SERVICE_KIND_TABLE.versions.at(-1)!.value)) expect(ServiceKindCode.safeParse(code).success).toBe(true);
  });
});

describe('serviceKindLabelJa', () => {
  it('labels kinds in Japanese', () => {
    expect(serviceKindLabelJa('11')).toBe('訪問介護');
    expect(serviceKindLabelJa('13')).toBe('訪問看護');
    expect(serviceKindLabelJa('15')).toBe('通所介護');
    expect(serviceKindLabelJa('32')).toBe('認知症対応型共同生活介護');
    expect(serviceKindLabelJa('43')).toBe('居宅介護支援');
    expect(serviceKindLabelJa('73')).toBe('小規模多機能型居宅介護');
    expect(serviceKindLabelJa('ZZ')).toBeNull();
  });
});
