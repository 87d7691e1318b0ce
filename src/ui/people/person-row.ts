/**
 * What one line of the people list shows, computed from a stored record for a given day: name and kana, the
 * insured number and insurer, the care level, today's burden ratio and when the certification ends.
 */
import { CARE_LEVEL_LABEL_EN, CARE_LEVEL_LABEL_JA, type CareLevel } from '../../domain/care-level.ts';
import { insuredKey } from '../../domain/identifiers.ts';
import type { BurdenRatioCertificate, BurdenRatioValue, InsuredRecord } from '../../domain/insured.ts';
import { formatWareki } from '../../domain/wareki.ts';

/** Certifications ending within this many days are flagged, so renewal is not missed. */
export const EXPIRY_WARNING_DAYS = 60;

export type CertificationState = 'valid' | 'endingSoon' | 'ended' | 'none';

export interface PersonRow {
  readonly key: string;
  readonly name: string;
  readonly nameKana: string;
  readonly insurerNumber: string;
  readonly insuredNumber: string;
  readonly insurerName: string;
  readonly careLevel: CareLevel;
  readonly careLevelJa: string;
  readonly careLevelEn: string;
  /** The burden ratio (割) in force on the day, or null when no period of the certificate covers it. */
  readonly burdenRatio: BurdenRatioValue | null;
  /** Last day of the certification period (YYYY-MM-DD), or null without one. */
  readonly certificationEnd: string | null;
  /** The same day in 和暦 as printed on the 被保険者証 ('令和8年3月31日'). */
  readonly certificationEndJa: string | null;
  readonly certificationState: CertificationState;
}

/** The ratio of the first period of the 負担割合証 that contains `day` (periods are inclusive). */
export function burdenRatioOnDay(certificate: BurdenRatioCertificate, day: string): BurdenRatioValue | null {
  const period = certificate.periods.find((p) => p.period.from <= day && day <= p.period.to);
  return period ? period.ratio : null;
}

function daysBetween(from: string, to: string): number {
  return (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;
}

function certificationState(end: string | null, day: string): CertificationState {
  if (end === null) return 'none';
  if (end < day) return 'ended';
  return daysBetween(day, end) <= EXPIRY_WARNING_DAYS ? 'endingSoon' : 'valid';
}

function warekiOrPlain(date: string): string {
  try {
    return formatWareki(date);
  } catch {
    // A date the era table cannot name (before 1873) still shows, as written.
    return date;
  }
}

/** @param day today in Japan, YYYY-MM-DD */
export function toPersonRow(record: InsuredRecord, insurerNames: ReadonlyMap<string, string>, day: string): PersonRow {
  const end = record.eligibility.certificationPeriod?.to ?? null;
  return {
    key: insuredKey(record.insurerNumber, record.insuredNumber),
    name: record.identity.name,
    nameKana: record.identity.nameKana,
    insurerNumber: record.insurerNumber,
    insuredNumber: record.insuredNumber,
    insurerName: insurerNames.get(record.insurerNumber) ?? record.insurerNumber,
    careLevel: record.eligibility.careLevel,
    careLevelJa: CARE_LEVEL_LABEL_JA[record.eligibility.careLevel],
    careLevelEn: CARE_LEVEL_LABEL_EN[record.eligibility.careLevel],
    burdenRatio: burdenRatioOnDay(record.burdenRatio, day),
    certificationEnd: end,
    certificationEndJa: end === null ? null : warekiOrPlain(end),
    certificationState: certificationState(end, day),
  };
}

const kanaOrder = new Intl.Collator('ja', { sensitivity: 'variant' });

/** Gojūon order by フリガナ, then insured number, so equal names keep a stable order. */
export function comparePersonRows(a: PersonRow, b: PersonRow): number {
  return kanaOrder.compare(a.nameKana, b.nameKana) || a.insurerNumber.localeCompare(b.insurerNumber) || a.insuredNumber.localeCompare(b.insuredNumber);
}
