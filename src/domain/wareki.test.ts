import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from './dates.ts';
import {
  formatMonthDay,
  formatSeireki,
  formatWareki,
  formatWarekiShort,
  formatWarekiYearMonth,
  parseWareki,
  WarekiError,
  warekiParts,
} from './wareki.ts';

function errorCode(fn: () => unknown): string | null {
  try {
    fn();
    return null;
  } catch (e) {
    return e instanceof WarekiError ? e.code : 'other';
  }
}

describe('formatWareki', () => {
  it('formats 2026-08-01 as 令和8年8月1日 (2026 − 2018 = 8)', () => {
    expect(formatWareki('2026-08-01')).toBe('令和8年8月1日');
  });

  it('writes 元年 for the first year of an era', () => {
    expect(formatWareki('2019-05-01')).toBe('令和元年5月1日');
    expect(formatWareki('2019-12-31')).toBe('令和元年12月31日');
    expect(formatWareki('2020-01-01')).toBe('令和2年1月1日');
    expect(formatWareki('1989-01-08')).toBe('平成元年1月8日');
  });

  it('changes era exactly on each boundary day', () => {
    // 令和: 2019-04-30 is the last day of 平成 (31年).
    expect(formatWareki('2019-04-30')).toBe('平成31年4月30日');
    expect(formatWareki('2019-05-01')).toBe('令和元年5月1日');
    // 平成: 昭和 ended on 1989-01-07 (昭和64年, 7 days long).
    expect(formatWareki('1989-01-07')).toBe('昭和64年1月7日');
    expect(formatWareki('1989-01-08')).toBe('平成元年1月8日');
    // 昭和: 大正15年 ended on 1926-12-24; 昭和元年 lasted one week.
    expect(formatWareki('1926-12-24')).toBe('大正15年12月24日');
    expect(formatWareki('1926-12-25')).toBe('昭和元年12月25日');
    expect(formatWareki('1927-01-01')).toBe('昭和2年1月1日');
    // 大正: 明治45年 ended on 1912-07-29.
    expect(formatWareki('1912-07-29')).toBe('明治45年7月29日');
    expect(formatWareki('1912-07-30')).toBe('大正元年7月30日');
  });

  it('formats a birth date of a person born in 昭和16 (1941 − 1925 = 16)', () => {
    expect(formatWareki('1941-05-02')).toBe('昭和16年5月2日');
  });

  it('formats a leap day', () => {
    expect(formatWareki('2024-02-29')).toBe('令和6年2月29日');
    expect(formatWarekiShort('2024-02-29')).toBe('R6.2.29');
  });

  it('refuses dates before 1873 and impossible dates with a typed error', () => {
    expect(formatWareki('1873-01-01')).toBe('明治6年1月1日');
    expect(errorCode(() => formatWareki('1872-12-31'))).toBe('beforeGregorian');
    expect(errorCode(() => formatWareki('2025-02-29'))).toBe('invalidDate');
    const error = new WarekiError('invalidDate', 'x');
    expect(error.messageJa).toBe('存在しない日付です。');
  });
});

describe('other forms', () => {
  it('short form uses the era letter and numeric year 1', () => {
    expect(formatWarekiShort('2026-08-01')).toBe('R8.8.1');
    expect(formatWarekiShort('2019-05-01')).toBe('R1.5.1');
    expect(formatWarekiShort('1989-01-07')).toBe('S64.1.7');
    expect(formatWarekiShort('1912-07-30')).toBe('T1.7.30');
  });

  it('formats 西暦 in Japanese and month/day', () => {
    expect(formatSeireki('2026-08-01')).toBe('2026年8月1日');
    expect(formatSeireki('2026-12-31')).toBe('2026年12月31日');
    expect(formatMonthDay('2026-08-01')).toBe('8/1');
    expect(formatMonthDay('2026-12-25')).toBe('12/25');
    expect(errorCode(() => formatMonthDay('2026-02-30'))).toBe('invalidDate');
  });

  it('formats a month in 和暦 by its first day', () => {
    expect(formatWarekiYearMonth('2026-08')).toBe('令和8年8月');
    // 2019-05 starts in 令和; 2019-04 is 平成31年.
    expect(formatWarekiYearMonth('2019-05')).toBe('令和元年5月');
    expect(formatWarekiYearMonth('2019-04')).toBe('平成31年4月');
  });

  it('gives the parts of a date', () => {
    expect(warekiParts('2026-08-01')).toEqual({ era: 'reiwa', eraNameJa: '令和', eraLetter: 'R', eraYear: 8, month: 8, day: 1 });
  });
});

describe('parseWareki', () => {
  it('reads long and short forms, 元年 and full-width digits', () => {
    expect(parseWareki('令和8年8月1日')).toBe('2026-08-01');
    expect(parseWareki('令和元年5月1日')).toBe('2019-05-01');
    expect(parseWareki('昭和１６年５月２日')).toBe('1941-05-02');
    expect(parseWareki('R8.8.1')).toBe('2026-08-01');
    expect(parseWareki('h1/1/8')).toBe('1989-01-08');
    expect(parseWareki('Ｓ６４．１．７')).toBe('1989-01-07');
    expect(parseWareki(' 大正 元 年 7 月 30 日 ')).toBe('1912-07-30');
  });

  it('carries an era year past its end on, as printed on old cards', () => {
    // A card printed in 2018 with a period to 平成31年5月31日: 1988 + 31 = 2019.
    expect(parseWareki('平成31年5月31日')).toBe('2019-05-31');
  });

  it('refuses a date before its era began, impossible dates and garbage', () => {
    expect(errorCode(() => parseWareki('令和元年4月30日'))).toBe('beforeEra');
    expect(errorCode(() => parseWareki('平成元年1月7日'))).toBe('beforeEra');
    expect(errorCode(() => parseWareki('令和6年2月30日'))).toBe('invalidDate');
    expect(errorCode(() => parseWareki('令和0年1月1日'))).toBe('unparseable');
    expect(errorCode(() => parseWareki('2026-08-01'))).toBe('unparseable');
    expect(errorCode(() => parseWareki('X8.8.1'))).toBe('unparseable');
    expect(errorCode(() => parseWareki('明治5年12月1日'))).toBe('beforeGregorian');
  });

  it('round-trips every date from 1873 on through both forms', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60_000 }), (offset) => {
        const date = addDays('1873-01-01', offset);
        expect(parseWareki(formatWareki(date))).toBe(date);
        expect(parseWareki(formatWarekiShort(date))).toBe(date);
      }),
    );
  });
});
