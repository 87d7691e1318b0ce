import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildPeopleSearchIndex, normaliseForSearch } from './people-search.ts';

const people = [
  { name: '山田 太郎', nameKana: 'ヤマダ タロウ', insuredNumber: '0012345678' },
  { name: '山本 花子', nameKana: 'ヤマモト ハナコ', insuredNumber: '0012999999' },
  { name: '田中 一郎', nameKana: 'タナカ イチロウ', insuredNumber: '0098765432' },
];
const index = buildPeopleSearchIndex(people);
const names = (q: string): string[] => index.search(q).map((p) => p.name);

describe('normaliseForSearch', () => {
  it('turns hiragana into katakana, half-width kana into full-width, and drops spaces', () => {
    expect(normaliseForSearch('やまだ たろう')).toBe('ヤマダタロウ');
    expect(normaliseForSearch('ﾔﾏﾀﾞ')).toBe('ヤマダ');
    expect(normaliseForSearch('０１２３\u3000４')).toBe('01234');
  });
});

describe('buildPeopleSearchIndex', () => {
  it('returns everyone, in order, for an empty or blank query', () => {
    expect(names('')).toEqual(['山田 太郎', '山本 花子', '田中 一郎']);
    expect(names(' \u3000')).toEqual(['山田 太郎', '山本 花子', '田中 一郎']);
  });
  it('matches a kanji prefix of the family name', () => {
    expect(names('山')).toEqual(['山田 太郎', '山本 花子']);
    expect(names('山田')).toEqual(['山田 太郎']);
  });
  it('matches the given name as a prefix of a part, not the middle of a word', () => {
    expect(names('花子')).toEqual(['山本 花子']);
    expect(names('本')).toEqual([]);
  });
  it('matches kana typed as hiragana, katakana or half-width', () => {
    expect(names('やま')).toEqual(['山田 太郎', '山本 花子']);
    expect(names('ヤマモ')).toEqual(['山本 花子']);
    expect(names('ﾀﾛ')).toEqual(['山田 太郎']);
  });
  it('matches the whole name typed without the space', () => {
    expect(names('やまだたろう')).toEqual(['山田 太郎']);
    expect(names('山田太')).toEqual(['山田 太郎']);
  });
  it('matches digits as a prefix of the insured number, also in full-width', () => {
    expect(names('0012')).toEqual(['山田 太郎', '山本 花子']);
    expect(names('００９８')).toEqual(['田中 一郎']);
    expect(names('2345')).toEqual([]);
  });

  it('property: every result contains the query in some key, and the full kana always finds its person', () => {
    const kana = fc.stringMatching(/^[ア-ン]{1,6}$/);
    fc.assert(
      fc.property(fc.array(fc.tuple(kana, kana), { minLength: 1, maxLength: 30 }), fc.nat(), (pairs, pick) => {
        const list = pairs.map(([family, given], i) => ({ name: `${family} ${given}`, nameKana: `${family} ${given}`, insuredNumber: String(i).padStart(10, '0') }));
        const idx = buildPeopleSearchIndex(list);
        const target = list[pick % list.length]!;
        expect(idx.search(target.nameKana)).toContain(target);
        const q = normaliseForSearch(target.nameKana.slice(0, 2));
        for (const found of idx.search(q)) {
          const keys = [found.nameKana.replace(' ', ''), ...found.nameKana.split(' ')];
          expect(keys.some((k) => k.startsWith(q))).toBe(true);
        }
      }),
    );
  });
});
