/**
 * Rules as versioned configuration. Every figure that policy can change (limits, unit prices, thresholds,
 * caps) lives in a `RuleTable`: a list of versions, each in force from `effectiveFrom` until the day before the
 * next version starts, or until its own `effectiveTo`. A reform is added as a new version; the old one stays,
 * so a month in the past is still priced by the rules of that month.
 */
import { compareDates, isIsoDate } from '../dates.ts';
import type { IsoDate } from '../identifiers.ts';
import { RuleError } from './rule-error.ts';

export interface RuleVersion<T> {
  /** First day in force. */
  effectiveFrom: IsoDate;
  /** Last day in force, when known; otherwise the version runs until the next one starts. */
  effectiveTo?: IsoDate;
  /** Where the figures come from (告示, 通知), for the reader who must check them. */
  source: string;
  value: T;
}

export interface RuleTable<T> {
  /** Stable id, used in error details. */
  id: string;
  nameJa: string;
  /** Oldest first, without overlaps. */
  versions: readonly RuleVersion<T>[];
}

/** The version of a table in force on a date, or null when none covers it. */
export function ruleVersionInForce<T>(table: RuleTable<T>, date: IsoDate): RuleVersion<T> | null {
  if (!isIsoDate(date)) throw new RuleError('invalidInput', `${table.id}: date ${JSON.stringify(date)}`);
  const versions = table.versions;
  for (let i = versions.length - 1; i >= 0; i--) {
    const version = versions[i] as RuleVersion<T>;
    if (compareDates(version.effectiveFrom, date) > 0) continue;
    if (version.effectiveTo !== undefined && compareDates(date, version.effectiveTo) > 0) return null;
    return version;
  }
  return null;
}

/** The rule value in force on a date; throws RuleError `noRuleInForce` when no version covers it. */
export function ruleInForce<T>(table: RuleTable<T>, date: IsoDate): T {
  const version = ruleVersionInForce(table, date);
  if (!version) throw new RuleError('noRuleInForce', `${table.id} on ${date}`);
  return version.value;
}

/**
 * Problems in a table's versions: bad dates, versions out of order or overlapping, an `effectiveTo` before
 * its `effectiveFrom`. An empty list means the table is well formed.
 */
export function checkRuleTable<T>(table: RuleTable<T>): string[] {
  const problems: string[] = [];
  if (table.versions.length === 0) problems.push(`${table.id}: no versions`);
  table.versions.forEach((version, i) => {
    const at = `${table.id}[${i}]`;
    if (!isIsoDate(version.effectiveFrom)) return void problems.push(`${at}: effectiveFrom is not a date`);
    if (version.effectiveTo !== undefined) {
      if (!isIsoDate(version.effectiveTo)) return void problems.push(`${at}: effectiveTo is not a date`);
      if (compareDates(version.effectiveTo, version.effectiveFrom) < 0) problems.push(`${at}: effectiveTo before effectiveFrom`);
    }
    const previous = table.versions[i - 1];
    if (previous && isIsoDate(previous.effectiveFrom)) {
      if (compareDates(previous.effectiveFrom, version.effectiveFrom) >= 0) problems.push(`${at}: not after the previous version`);
      else if (previous.effectiveTo !== undefined && isIsoDate(previous.effectiveTo) && compareDates(previous.effectiveTo, version.effectiveFrom) >= 0) {
        problems.push(`${at}: overlaps the previous version`);
      }
    }
    return undefined;
  });
  return problems;
}
