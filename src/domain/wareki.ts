/**
 * 和暦 (Japanese era) and 西暦 formatting of `YYYY-MM-DD` dates, as printed on 被保険者証 and care documents:
 * 令和8年8月1日, 令和元年5月1日, R8.8.1, 2026年8月1日, 8/1. Era boundaries are the first day of each era in the
 * Gregorian calendar (大正 1912-07-30, 昭和 1926-12-25, 平成 1989-01-08, 令和 2019-05-01). Dates before
 * 1873-01-01 (明治6年, when Japan adopted the Gregorian calendar) have no faithful Gregorian 和暦 and are refused.
 * The ICU calendar behind `Intl` differs between runtimes, so the table is kept here.
 */
import { type CivilDate, compareDates, formatIsoDate, isIsoDate, parseIsoDate, parseYearMonth } from './dates.ts';
import type { IsoDate } from './identifiers.ts';

export const ERAS = ['meiji', 'taisho', 'showa', 'heisei', 'reiwa'] as const;
export type Era = (typeof ERAS)[number];

interface EraDefinition {
  era: Era;
  nameJa: string;
  /** The letter of the short form (R8.8.1). */
  letter: string;
  /** First day of the era (Gregorian). */
  startsOn: IsoDate;
}

/** Oldest first; the era of a date is the last one that started on or before it. */
export const ERA_DEFINITIONS: readonly EraDefinition[] = [
  { era: 'meiji', nameJa: '明治', letter: 'M', startsOn: '1868-10-23' },
  { era: 'taisho', nameJa: '大正', letter: 'T', startsOn: '1912-07-30' },
  { era: 'showa', nameJa: '昭和', letter: 'S', startsOn: '1926-12-25' },
  { era: 'heisei', nameJa: '平成', letter: 'H', startsOn: '1989-01-08' },
  { era: 'reiwa', nameJa: '令和', letter: 'R', startsOn: '2019-05-01' },
];

/** Japan's first Gregorian day (明治6年1月1日): earlier dates were lunisolar. */
export const EARLIEST_WAREKI_DATE: IsoDate = '1873-01-01';

export const WAREKI_ERROR_CODES = ['invalidDate', 'beforeGregorian', 'unparseable', 'beforeEra'] as const;
export type WarekiErrorCode = (typeof WAREKI_ERROR_CODES)[number];

export const WAREKI_ERROR_MESSAGES: Record<WarekiErrorCode, { ja: string; en: string }> = {
  invalidDate: { ja: '存在しない日付です。', en: 'This date does not exist.' },
  beforeGregorian: { ja: '明治6年1月1日より前の日付は和暦で表示できません。', en: 'Dates before 1873-01-01 cannot be shown in the Japanese calendar.' },
  unparseable: { ja: '和暦の日付として読み取れません（例: 令和8年8月1日、R8.8.1）。', en: 'Not a Japanese-calendar date (e.g. 令和8年8月1日, R8.8.1).' },
  beforeEra: { ja: 'その元号が始まる前の日付です。', en: 'The date is before the start of that era.' },
};

/** A typed error of 和暦 conversion with a stable code and a message in Japanese and English. */
export class WarekiError extends Error {
  override readonly name = 'WarekiError';
  readonly code: WarekiErrorCode;
  readonly messageJa: string;
  readonly messageEn: string;

  constructor(code: WarekiErrorCode, input: string) {
    const text = WAREKI_ERROR_MESSAGES[code];
    super(`${code}: ${text.en} (${JSON.stringify(input)})`);
    this.code = code;
    this.messageJa = text.ja;
    this.messageEn = text.en;
  }
}

/** A date split into era, era year (1 = 元年), month and day. */
export interface WarekiParts {
  era: Era;
  eraNameJa: string;
  eraLetter: string;
  eraYear: number;
  month: number;
  day: number;
}

function civil(date: IsoDate): CivilDate {
  if (!isIsoDate(date)) throw new WarekiError('invalidDate', date);
  if (compareDates(date, EARLIEST_WAREKI_DATE) < 0) throw new WarekiError('beforeGregorian', date);
  return parseIsoDate(date);
}

function eraOf(date: IsoDate): EraDefinition {
  let found = ERA_DEFINITIONS[0] as EraDefinition;
  for (const def of ERA_DEFINITIONS) if (compareDates(def.startsOn, date) <= 0) found = def;
  return found;
}

function startYear(def: EraDefinition): number {
  return Number(def.startsOn.slice(0, 4));
}

/** Splits a date into its era and era year ('2019-05-01' → 令和 1, '2019-04-30' → 平成 31). */
export function warekiParts(date: IsoDate): WarekiParts {
  const { year, month, day } = civil(date);
  const def = eraOf(date);
  return { era: def.era, eraNameJa: def.nameJa, eraLetter: def.letter, eraYear: year - startYear(def) + 1, month, day };
}

function eraYearJa(eraYear: number): string {
  return eraYear === 1 ? '元' : String(eraYear);
}

/** 和暦 long form: '2026-08-01' → '令和8年8月1日'; the first year of an era is 元年 ('令和元年5月1日'). */
export function formatWareki(date: IsoDate): string {
  const p = warekiParts(date);
  return `${p.eraNameJa}${eraYearJa(p.eraYear)}年${p.month}月${p.day}日`;
}

/** 和暦 of a month: '2026-08' → '令和8年8月' (the era of the month's first day). */
export function formatWarekiYearMonth(month: string): string {
  const { year, month: m } = parseYearMonth(month);
  const p = warekiParts(formatIsoDate({ year, month: m, day: 1 }));
  return `${p.eraNameJa}${eraYearJa(p.eraYear)}年${m}月`;
}

/** 和暦 short form for narrow columns: '2026-08-01' → 'R8.8.1', '1989-01-08' → 'H1.1.8'. */
export function formatWarekiShort(date: IsoDate): string {
  const p = warekiParts(date);
  return `${p.eraLetter}${p.eraYear}.${p.month}.${p.day}`;
}

/** 西暦 in Japanese: '2026-08-01' → '2026年8月1日'. */
export function formatSeireki(date: IsoDate): string {
  if (!isIsoDate(date)) throw new WarekiError('invalidDate', date);
  const { year, month, day } = parseIsoDate(date);
  return `${year}年${month}月${day}日`;
}

/** Month and day for calendars and lists: '2026-08-01' → '8/1'. */
export function formatMonthDay(date: IsoDate): string {
  if (!isIsoDate(date)) throw new WarekiError('invalidDate', date);
  const { month, day } = parseIsoDate(date);
  return `${month}/${day}`;
}

const LONG_FORM = /^(明治|大正|昭和|平成|令和)\s*(元|\d{1,2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$/;
const SHORT_FORM = /^([MTSHR])\s*(\d{1,2})[./-](\d{1,2})[./-](\d{1,2})$/i;

function toHalfWidth(text: string): string {
  return text
    .replace(/[０-９Ａ-Ｚａ-ｚ．／－]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, ' ')
    .trim();
}

/**
 * Reads a 和暦 date copied from paper ('昭和16年5月2日', '令和元年5月1日', 'R8.8.1', full-width digits too)
 * into `YYYY-MM-DD`. An era year past the era's end is accepted and carried on in the Gregorian calendar,
 * because cards printed before a change of era show such dates ('平成31年5月31日' → 2019-05-31); a date
 * before the era began is refused.
 */
export function parseWareki(text: string): IsoDate {
  const normal = toHalfWidth(text);
  const long = LONG_FORM.exec(normal);
  const short = long ? null : SHORT_FORM.exec(normal);
  const match = long ?? short;
  if (!match) throw new WarekiError('unparseable', text);
  const [, eraToken = '', yearToken = '', monthToken = '', dayToken = ''] = match;
  const def = ERA_DEFINITIONS.find((d) => (long ? d.nameJa === eraToken : d.letter === eraToken.toUpperCase()));
  if (!def) throw new WarekiError('unparseable', text);
  const eraYear = yearToken === '元' ? 1 : Number(yearToken);
  if (eraYear < 1) throw new WarekiError('unparseable', text);
  const date = formatIsoDate({ year: startYear(def) + eraYear - 1, month: Number(monthToken), day: Number(dayToken) });
  if (!isIsoDate(date)) throw new WarekiError('invalidDate', text);
  if (compareDates(date, EARLIEST_WAREKI_DATE) < 0) throw new WarekiError('beforeGregorian', text);
  if (compareDates(date, def.startsOn) < 0) throw new WarekiError('beforeEra', text);
  return date;
}
