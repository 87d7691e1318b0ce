import { describe, expect, it } from 'vitest';
import { en } from './en.ts';
import { ja } from './ja.ts';
import { translate } from './translate.ts';

describe('translate', () => {
  it('fills placeholders in both languages', () => {
    expect(translate('ja', 'peopleCountFiltered', { shown: 12, total: 300 })).toBe('12 / 300人');
    expect(translate('en', 'peopleCountFiltered', { shown: 12, total: 300 })).toBe('12 of 300 people');
    expect(translate('ja', 'burdenRatioValue', { ratio: 2 })).toBe('2割');
    expect(translate('en', 'burdenRatioValue', { ratio: 2 })).toBe('20 %');
  });
  it('leaves a placeholder without a value visible rather than printing "undefined"', () => {
    expect(translate('ja', 'lastFetched')).toBe('最終取得 {time}');
  });
  it('has the same placeholders in Japanese and English for every key', () => {
    const placeholders = (text: string): string[] => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort();
    for (const key of Object.keys(ja) as (keyof typeof ja)[]) {
      expect([key, placeholders(en[key])]).toEqual([key, placeholders(ja[key])]);
    }
  });
});
