/**
 * Narrowing and ordering the people list: by insurer, 要支援/要介護, today's burden ratio and how near the
 * certification's end is, ordered by フリガナ (gojūon), by the certification's end (soonest first: who needs
 * a renewal) or by insured number. Pure, applied after the search.
 */
import type { PersonRow } from './person-row.ts';
import { comparePersonRows } from './person-row.ts';

export type CareGroup = 'support' | 'care' | 'other';
export type CertificationFilter = 'expired' | 'within30' | 'within60';
/** 負担割合の変更予定あり, or 紙から転記 (the person's insurer is not on the platform yet). */
export type StatusFilter = 'burdenRatioChange' | 'paper';
export type PeopleSort = 'kana' | 'certificationEnd' | 'insuredNumber';

export interface PeopleFilter {
  readonly insurerNumber?: string;
  readonly careGroup?: CareGroup;
  readonly burdenRatio?: 1 | 2 | 3;
  readonly certification?: CertificationFilter;
  /** Only people with notices this staff member has not acknowledged (未確認のお知らせあり). */
  readonly unacknowledgedNotices?: true;
  readonly status?: StatusFilter;
}

export function careGroupOf(row: Pick<PersonRow, 'careLevel'>): CareGroup {
  if (row.careLevel.startsWith('support')) return 'support';
  if (row.careLevel.startsWith('care')) return 'care';
  return 'other';
}

function matchesCertification(row: PersonRow, filter: CertificationFilter): boolean {
  const left = row.certificationDaysLeft;
  if (left === null) return false;
  if (filter === 'expired') return left < 0;
  return left >= 0 && left <= (filter === 'within30' ? 30 : 60);
}

/** @param noticeCounts unacknowledged notices by row key (insuredKey), for `unacknowledgedNotices` */
export function filterPeople(rows: readonly PersonRow[], filter: PeopleFilter, noticeCounts: ReadonlyMap<string, number> = new Map()): PersonRow[] {
  return rows.filter(
    (row) =>
      (filter.insurerNumber === undefined || row.insurerNumber === filter.insurerNumber) &&
      (filter.careGroup === undefined || careGroupOf(row) === filter.careGroup) &&
      (filter.burdenRatio === undefined || row.burdenRatio === filter.burdenRatio) &&
      (filter.certification === undefined || matchesCertification(row, filter.certification)) &&
      (filter.status === undefined || (filter.status === 'paper' ? row.fromPaper : row.burdenRatioChangesOn !== null)) &&
      (filter.unacknowledgedNotices === undefined || (noticeCounts.get(row.key) ?? 0) > 0),
  );
}

/** People without a certification period sort after everyone with one. */
function byCertificationEnd(a: PersonRow, b: PersonRow): number {
  if (a.certificationEnd === b.certificationEnd) return comparePersonRows(a, b);
  if (a.certificationEnd === null) return 1;
  if (b.certificationEnd === null) return -1;
  return a.certificationEnd < b.certificationEnd ? -1 : 1;
}

export function sortPeople(rows: readonly PersonRow[], sort: PeopleSort): PersonRow[] {
  const sorted = [...rows];
  if (sort === 'kana') return sorted.sort(comparePersonRows);
  if (sort === 'certificationEnd') return sorted.sort(byCertificationEnd);
  return sorted.sort((a, b) => a.insurerNumber.localeCompare(b.insurerNumber) || a.insuredNumber.localeCompare(b.insuredNumber));
}

export function isFiltered(filter: PeopleFilter): boolean {
  return Object.values(filter).some((v) => v !== undefined);
}
