import { describe, expect, it } from 'vitest';
import { RuleError } from './rule-error.ts';
import { checkRuleSet, DEFAULT_RULE_SET } from './rule-set.ts';
import { checkRuleTable, ruleInForce, ruleVersionInForce, type RuleTable } from './rule-table.ts';

const table: RuleTable<string> = {
  id: 'sample',
  nameJa: '試験用',
  versions: [
    { effectiveFrom: '2021-08-01', source: 'a', value: 'first' },
    { effectiveFrom: '2024-08-01', source: 'b', value: 'second' },
  ],
};

describe('ruleVersionInForce / ruleInForce', () => {
  it('switches version on the effectiveFrom day, not a day earlier', () => {
    expect(ruleInForce(table, '2024-07-31')).toBe('first');
    expect(ruleInForce(table, '2024-08-01')).toBe('second');
    expect(ruleInForce(table, '2021-08-01')).toBe('first');
    expect(ruleVersionInForce(table, '2099-12-31')?.source).toBe('b');
  });

  it('has no version before the first one: null, or a typed noRuleInForce error', () => {
    expect(ruleVersionInForce(table, '2021-07-31')).toBeNull();
    expect(() => ruleInForce(table, '2021-07-31')).toThrow(RuleError);
    try {
      ruleInForce(table, '2021-07-31');
    } catch (e) {
      expect(e).toBeInstanceOf(RuleError);
      expect((e as RuleError).code).toBe('noRuleInForce');
      expect((e as RuleError).messageJa).toContain('基準');
      expect((e as RuleError).message).toContain('sample on 2021-07-31');
    }
  });

  it('ends a version on its effectiveTo when one is given', () => {
    const bounded: RuleTable<number> = { id: 'bounded', nameJa: '期限付き', versions: [{ effectiveFrom: '2026-04-01', effectiveTo: '2027-03-31', source: 'x', value: 1 }] };
    expect(ruleInForce(bounded, '2027-03-31')).toBe(1);
    expect(ruleVersionInForce(bounded, '2027-04-01')).toBeNull();
  });

  it('refuses a malformed date as invalid input', () => {
    expect(() => ruleVersionInForce(table, '2024-02-30')).toThrow(expect.objectContaining({ code: 'invalidInput' }));
  });
});

describe('checkRuleTable', () => {
  it('finds nothing wrong in a well-formed table', () => {
    expect(checkRuleTable(table)).toEqual([]);
  });

  it('reports versions out of order, overlapping, inverted or with bad dates', () => {
    const bad: RuleTable<number> = {
      id: 'bad',
      nameJa: '不正',
      versions: [
        { effectiveFrom: '2024-01-01', effectiveTo: '2024-12-31', source: '', value: 1 },
        { effectiveFrom: '2024-06-01', source: '', value: 2 },
        { effectiveFrom: '2023-01-01', source: '', value: 3 },
        { effectiveFrom: '2025-13-01', source: '', value: 4 },
        { effectiveFrom: '2026-05-01', effectiveTo: '2026-04-30', source: '', value: 5 },
      ],
    };
    expect(checkRuleTable(bad)).toEqual([
      'bad[1]: overlaps the previous version',
      'bad[2]: not after the previous version',
      'bad[3]: effectiveFrom is not a date',
      'bad[4]: effectiveTo before effectiveFrom',
    ]);
    expect(checkRuleTable({ id: 'empty', nameJa: '', versions: [] })).toEqual(['empty: no versions']);
  });

  it('finds every table of the national rule set well formed', () => {
    expect(checkRuleSet(DEFAULT_RULE_SET)).toEqual([]);
    expect(Object.keys(DEFAULT_RULE_SET)).toHaveLength(8);
  });
});
