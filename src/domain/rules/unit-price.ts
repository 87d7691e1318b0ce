/**
 * 1単位の単価: yen per unit by 地域区分 (area grade 1–8) and the service kind's 人件費割合 (share of labour
 * cost: 70%, 55%, 45%, or none for the flat-¥10 services 居宅療養管理指導 and 福祉用具貸与). Prices are held in
 * 銭 (1/100 yen) as integers, so ¥11.40 is 1140 and money is computed without binary fractions.
 * The figures follow 10 × (1 + 上乗せ割合 × 人件費割合), 上乗せ割合 20/16/15/12/10/6/3/0 %, rounded to the sen.
 */
import type { IsoDate } from '../identifiers.ts';
import type { AreaGrade } from '../organisations.ts';
import { RuleError } from './rule-error.ts';
import type { RuleTable } from './rule-table.ts';
import { ruleInForce } from './rule-table.ts';
import type { LaborCostClass, ServiceKindTable } from './service-kinds.ts';
import { SERVICE_KIND_TABLE, serviceKindRule } from './service-kinds.ts';

/** Sen per unit for grades 1 … 8 (index 0 = 1級地, index 7 = その他) per class. */
export type UnitPriceTable = Readonly<Record<Exclude<LaborCostClass, 'flat'>, readonly number[]> & { flat: number }>;

export const UNIT_PRICE_TABLE: RuleTable<UnitPriceTable> = {
  id: 'unitPrice',
  nameJa: '1単位の単価（地域区分別）',
  versions: [
    {
      effectiveFrom: '2015-04-01',
      source: '厚生労働大臣が定める一単位の単価（平成27年厚生労働省告示第93号、8区分）',
      value: {
        rate70: [1140, 1112, 1105, 1084, 1070, 1042, 1021, 1000],
        rate55: [1110, 1088, 1083, 1066, 1055, 1033, 1017, 1000],
        rate45: [1090, 1072, 1068, 1054, 1045, 1027, 1014, 1000],
        flat: 1000,
      },
    },
  ],
};

function checkAreaGrade(areaGrade: number): void {
  if (!Number.isInteger(areaGrade) || areaGrade < 1 || areaGrade > 8) throw new RuleError('invalidInput', `areaGrade ${areaGrade}`);
}

/** Sen per unit for an area grade and 人件費割合 class on a date. */
export function unitPriceSenForClass(areaGrade: AreaGrade, laborCostClass: LaborCostClass, date: IsoDate, table: RuleTable<UnitPriceTable> = UNIT_PRICE_TABLE): number {
  checkAreaGrade(areaGrade);
  const prices = ruleInForce(table, date);
  if (laborCostClass === 'flat') return prices.flat;
  const price = prices[laborCostClass][areaGrade - 1];
  if (price === undefined) throw new RuleError('noRuleInForce', `${table.id} grade ${areaGrade} on ${date}`);
  return price;
}

/**
 * 1単位の単価 in 銭 (integer) for an area grade and a 2-character サービス種類コード on a date:
 * `unitPriceFor(1, '11', '2026-08-01')` → 1140 (¥11.40). Throws RuleError `unknownServiceKind` for a code
 * not in the table.
 */
export function unitPriceFor(
  areaGrade: AreaGrade,
  serviceKind: string,
  date: IsoDate,
  tables: { unitPrices?: RuleTable<UnitPriceTable>; serviceKinds?: RuleTable<ServiceKindTable> } = {},
): number {
  const kind = serviceKindRule(serviceKind, date, tables.serviceKinds ?? SERVICE_KIND_TABLE);
  return unitPriceSenForClass(areaGrade, kind.laborCostClass, date, tables.unitPrices ?? UNIT_PRICE_TABLE);
}

/** Sen as a yen string with two decimals, as printed on 第7表: 1140 → '11.40'. */
export function formatUnitPrice(sen: number): string {
  return `${Math.floor(sen / 100)}.${String(sen % 100).padStart(2, '0')}`;
}
