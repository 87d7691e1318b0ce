/**
 * Identifiers and primitive value schemas shared by every record of the platform.
 * Numbers are kept as digit strings: leading zeros are significant (保険者番号 "013011").
 */
import { z } from 'zod';

/** 保険者番号: 6 digits. */
export const InsurerNumber = z.string().regex(/^\d{6}$/, '保険者番号は6桁の数字です');
export type InsurerNumber = z.infer<typeof InsurerNumber>;

/** 被保険者番号: 10 digits, unique within an insurer. */
export const InsuredNumber = z.string().regex(/^\d{10}$/, '被保険者番号は10桁の数字です');
export type InsuredNumber = z.infer<typeof InsuredNumber>;

/** 事業所番号: 10 digits. */
export const ProviderNumber = z.string().regex(/^\d{10}$/, '事業所番号は10桁の数字です');
export type ProviderNumber = z.infer<typeof ProviderNumber>;

/** 医療機関コード: 10 digits. */
export const ClinicCode = z.string().regex(/^\d{10}$/, '医療機関コードは10桁の数字です');
export type ClinicCode = z.infer<typeof ClinicCode>;

/** A calendar date as `YYYY-MM-DD` (no time zone: care documents speak in days). */
export const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日付はYYYY-MM-DD形式です')
  .refine((s) => isRealDate(s), '存在しない日付です');
export type IsoDate = z.infer<typeof IsoDate>;

/** An instant as an ISO 8601 UTC timestamp. */
export const IsoInstant = z.iso.datetime({ offset: true });
export type IsoInstant = z.infer<typeof IsoInstant>;

/** An inclusive range of dates (both ends are days that count). */
export const DatePeriod = z
  .object({ from: IsoDate, to: IsoDate })
  .refine((p) => p.from <= p.to, { message: '終了日が開始日より前です', path: ['to'] });
export type DatePeriod = z.infer<typeof DatePeriod>;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

/** Checks the calendar with arithmetic only: this runs for every date of every feed record. */
function isRealDate(s: string): boolean {
  const y = Number(s.slice(0, 4));
  const m = Number(s.slice(5, 7));
  const d = Number(s.slice(8, 10));
  if (m < 1 || m > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const max = m === 2 && leap ? 29 : DAYS_IN_MONTH[m - 1]!;
  return d <= max;
}

/** Stable key of an insured person across insurers. */
export function insuredKey(insurerNumber: string, insuredNumber: string): string {
  return `${insurerNumber}-${insuredNumber}`;
}
