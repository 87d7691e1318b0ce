import { describe, expect, it } from 'vitest';
import { InsuredIdentity } from '../../src/domain/index.ts';
import { generateDemoData } from './generate-demo-data.ts';
import { FAMILY_NAMES, FAMOUS_NAME_BLOCKLIST, FEMALE_GIVEN_NAMES, MALE_GIVEN_NAMES, WORKING_AGE_GIVEN_NAMES, isFamousName, joinName } from './name-pools.ts';

const kana = InsuredIdentity.shape.nameKana;

describe('name pools', () => {
  it('are large enough and free of duplicates', () => {
    expect(FAMILY_NAMES.length).toBeGreaterThanOrEqual(150);
    expect(MALE_GIVEN_NAMES.length + FEMALE_GIVEN_NAMES.length).toBeGreaterThanOrEqual(150);
    for (const pool of [FAMILY_NAMES, MALE_GIVEN_NAMES, FEMALE_GIVEN_NAMES, WORKING_AGE_GIVEN_NAMES]) {
      expect(new Set(pool.map((p) => p.kanji)).size).toBe(pool.length);
    }
  });

  it('give readings in full-width katakana that the identity schema accepts', () => {
    for (const part of [...FAMILY_NAMES, ...MALE_GIVEN_NAMES, ...FEMALE_GIVEN_NAMES, ...WORKING_AGE_GIVEN_NAMES]) {
      expect(kana.safeParse(part.kana).success, part.kanji).toBe(true);
    }
    expect(joinName({ kanji: '佐藤', kana: 'サトウ' }, { kanji: '和子', kana: 'カズコ' })).toEqual({ name: '佐藤\u3000和子', nameKana: 'サトウ\u3000カズコ' });
  });

  it('never produce a blocklisted famous name', () => {
    expect(isFamousName({ kanji: '吉田', kana: 'ヨシダ' }, { kanji: '茂', kana: 'シゲル' })).toBe(true);
    expect(isFamousName({ kanji: '吉田', kana: 'ヨシダ' }, { kanji: '和子', kana: 'カズコ' })).toBe(false);
    const d = generateDemoData({ seed: 2, size: 12_000, today: '2026-11-25' });
    const names = new Set(d.records.map((r) => r.identity.name.replace('\u3000', '')));
    for (const famous of FAMOUS_NAME_BLOCKLIST) expect(names.has(famous), famous).toBe(false);
    // The pools would produce 吉田茂 about once per 13,000 men without the blocklist; the pairing itself is possible.
    expect(FAMILY_NAMES.some((f) => f.kanji === '吉田') && MALE_GIVEN_NAMES.some((g) => g.kanji === '茂')).toBe(true);
  });
});
