/**
 * What one line of the people list shows, computed from a stored record for a given day: name and kana, the
 * insured number and insurer, the care level, today's burden ratio and when the certification ends.
 */
import { CARE_LEVEL_LABEL_EN, CARE_LEVEL_LABEL_JA, type CareLevel } from '../../domain/care-level.ts';
import { insuredKey } from '../../domain/identifiers.ts';
import type { BurdenRatioValue, InsuredRecord } from '../../domain/insured.ts';
import { burdenRatioOn, nextBurdenRatioChange } from '../../domain/rules/burden-ratio-periods.ts';
import { certificationUrgency, daysUntilCertificationExpires, type CertificationUrgency } from '../../domain/rules/certification-expiry.ts';
import { formatWareki } from '../../domain/wareki.ts';

/** How near the certification's end is ('none' without a certification period). */
export type CertificationState = CertificationUrgency | 'none';

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
  /** Days from the day to the certification's last day (0 on the last day, negative after), or null. */
  readonly certificationDaysLeft: number | null;
  /** Copied from a paper card (紙から転記), not from the platform: the row carries a 紙 mark. */
  readonly fromPaper: boolean;
  /** The first day of the next period with another burden ratio (YYYY-MM-DD), or null when it stays. */
  readonly burdenRatioChangesOn: string | null;
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
  const period = record.eligibility.certificationPeriod;
  const end = period?.to ?? null;
  const daysLeft = period ? daysUntilCertificationExpires(period, day) : null;
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
    burdenRatio: burdenRatioOn(record.burdenRatio, day)?.ratio ?? null,
    certificationEnd: end,
    certificationEndJa: end === null ? null : warekiOrPlain(end),
    certificationState: daysLeft === null ? 'none' : certificationUrgency(daysLeft),
    certificationDaysLeft: daysLeft,
    fromPaper: record.source.kind === 'paper',
    burdenRatioChangesOn: nextBurdenRatioChange(record.burdenRatio, day)?.period.from ?? null,
  };
}

const kanaOrder = new Intl.Collator('ja', { sensitivity: 'variant' });

/** Gojūon order by フリガナ, then insured number, so equal names keep a stable order. */
export function comparePersonRows(a: PersonRow, b: PersonRow): number {
  return kanaOrder.compare(a.nameKana, b.nameKana) || a.insurerNumber.localeCompare(b.insurerNumber) || a.insuredNumber.localeCompare(b.insuredNumber);
}
