import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { columnForPath, COLUMN_GROUPS, CSV_LIST_SLOTS, FEED_COLUMNS, formatPath, type PathKey, SLOT_LISTS } from './feed-columns.ts';
import { ASSESSMENT_SURVEY, DOCTOR_OPINION, FULL_INSURED } from './parse-feed-fixtures.testing.ts';

/** Every path to a leaf value (string, number, null) in a value, lists of primitives counting as leaves. */
function leafPaths(value: unknown, path: PathKey[] = []): PathKey[][] {
  if (Array.isArray(value)) return value.flatMap((item, i) => leafPaths(item, [...path, i]));
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => leafPaths(v, [...path, k]));
  return [path];
}

describe('FEED_COLUMNS', () => {
  it('has unique names', () => {
    const names = FEED_COLUMNS.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it('gives every value of every record type a column of its own, or a list or JSON cell that holds it', () => {
    for (const record of [FULL_INSURED, DOCTOR_OPINION, ASSESSMENT_SURVEY]) {
      for (const path of leafPaths(record)) {
        const target = columnForPath(record.kind, path);
        expect(target, formatPath(path)).not.toBeNull();
        if (target!.rest.length > 0) expect(['list', 'json'], formatPath(path)).toContain(target!.column.kind);
      }
    }
  });

  it('maps paths to columns, numbered items to their numbered columns', () => {
    expect(columnForPath('insured', ['eligibility', 'careLevel'])?.column.name).toBe('careLevel');
    expect(columnForPath('insured', ['burdenRatio', 'periods', 1, 'period', 'from'])?.column.name).toBe('burdenRatio2From');
    expect(columnForPath('insured', ['eligibility', 'assignedCareManagementOffices', 2, 'cancelledOn'])?.column.name).toBe(
      'assignedCareManagementOffice3CancelledOn',
    );
    expect(columnForPath('doctorOpinion', ['diagnoses', 3, 'onsetOn'])).toMatchObject({ column: { name: 'diagnoses' }, rest: [3, 'onsetOn'] });
    // A whole list maps to its first column.
    expect(columnForPath('insured', ['burdenRatio', 'periods'])?.column.name).toBe('burdenRatio1');
    expect(columnForPath('doctorOpinion', ['eligibility', 'careLevel'])).toBeNull();
  });

  it('numbers list items as far as CSV_LIST_SLOTS says', () => {
    expect(SLOT_LISTS.map((l) => [formatPath(l.path), l.slots.length])).toEqual([
      ['burdenRatio.periods', CSV_LIST_SLOTS.burdenRatioPeriods],
      ['eligibility.benefitRestrictions', CSV_LIST_SLOTS.benefitRestrictions],
      ['eligibility.assignedCareManagementOffices', CSV_LIST_SLOTS.assignedCareManagementOffices],
      ['eligibility.facilityStays', CSV_LIST_SLOTS.facilityStays],
      ['welfareEquipmentPurchases', CSV_LIST_SLOTS.welfareEquipmentPurchases],
    ]);
    expect(SLOT_LISTS[0]!.slots[3]).toEqual(['burdenRatio4', 'burdenRatio4From', 'burdenRatio4To']);
  });

  it('resolves nested optional groups before the ones around them', () => {
    const order = COLUMN_GROUPS.map((g) => formatPath(g.path));
    expect(order.indexOf('certification.resultPeriod')).toBeLessThan(order.indexOf('certification'));
    expect(COLUMN_GROUPS.find((g) => formatPath(g.path) === 'certification.resultPeriod')?.members).toEqual([
      'certificationResultFrom',
      'certificationResultTo',
    ]);
  });

  it('is documented column by column in docs/feed-format.md', () => {
    const doc = readFileSync(new URL('../../docs/feed-format.md', import.meta.url), 'utf8');
    const documented = new Set([...doc.matchAll(/`([A-Za-z0-9]+)`/g)].map((m) => m[1]));
    const missing = FEED_COLUMNS.map((c) => c.name.replace(/^([a-zA-Z]+?)[1-9](?=[A-Z]|$)/, '$1N')).filter((name) => !documented.has(name));
    expect(missing).toEqual([]);
  });
});
