/**
 * サービス種類コード: the 2-character service kinds of the long-term-care insurance, each with its Japanese
 * label, its 人件費割合 class (which column of the unit-price table it is priced by), whether its units count
 * toward the monthly 区分支給限度基準額, and whether the insured person pays a share (居宅介護支援 and
 * 介護予防支援 are paid in full by the insurance).
 */
import type { IsoDate } from '../identifiers.ts';
import { RuleError } from './rule-error.ts';
import type { RuleTable } from './rule-table.ts';
import { ruleInForce } from './rule-table.ts';

/** 人件費割合: 70%, 55%, 45%, or a flat ¥10 per unit everywhere. */
export type LaborCostClass = 'rate70' | 'rate55' | 'rate45' | 'flat';

export interface ServiceKindRule {
  labelJa: string;
  laborCostClass: LaborCostClass;
  /** Units count toward the 区分支給限度基準額 (false for facilities, 居宅療養管理指導, 居宅介護支援…). */
  countsTowardLimit: boolean;
  /** The insured person pays the burden-ratio share (false: the insurance pays 10割). */
  copayApplies: boolean;
}

export type ServiceKindTable = Readonly<Record<string, ServiceKindRule>>;

function kind(labelJa: string, laborCostClass: LaborCostClass, countsTowardLimit = true, copayApplies = true): ServiceKindRule {
  return { labelJa, laborCostClass, countsTowardLimit, copayApplies };
}

/**
 * 総合事業 (A2, A6) are priced here by the standard class; a municipality may set its own price and limit
 * treatment, which a caller then supplies as its own table version.
 */
export const SERVICE_KIND_TABLE: RuleTable<ServiceKindTable> = {
  id: 'serviceKind',
  nameJa: 'サービス種類',
  versions: [
    {
      effectiveFrom: '2015-04-01',
      source: '介護給付費単位数等サービスコード表; 厚生労働大臣が定める一単位の単価 別表 (人件費割合)',
      value: {
        '11': kind('訪問介護', 'rate70'),
        '12': kind('訪問入浴介護', 'rate70'),
        '13': kind('訪問看護', 'rate70'),
        '14': kind('訪問リハビリテーション', 'rate55'),
        '15': kind('通所介護', 'rate45'),
        '16': kind('通所リハビリテーション', 'rate55'),
        '17': kind('福祉用具貸与', 'flat'),
        '21': kind('短期入所生活介護', 'rate55'),
        '22': kind('短期入所療養介護（介護老人保健施設）', 'rate45'),
        '23': kind('短期入所療養介護（病院等）', 'rate45'),
        '2A': kind('短期入所療養介護（介護医療院）', 'rate45'),
        '27': kind('特定施設入居者生活介護（短期利用）', 'rate45'),
        '28': kind('地域密着型特定施設入居者生活介護（短期利用）', 'rate45'),
        '31': kind('居宅療養管理指導', 'flat', false),
        '32': kind('認知症対応型共同生活介護', 'rate45', false),
        '33': kind('特定施設入居者生活介護', 'rate45', false),
        '36': kind('地域密着型特定施設入居者生活介護', 'rate45', false),
        '38': kind('認知症対応型共同生活介護（短期利用）', 'rate45'),
        '43': kind('居宅介護支援', 'rate70', false, false),
        '46': kind('介護予防支援', 'rate70', false, false),
        '51': kind('介護福祉施設サービス', 'rate45', false),
        '52': kind('介護保健施設サービス', 'rate45', false),
        '53': kind('介護療養施設サービス', 'rate45', false),
        '54': kind('地域密着型介護老人福祉施設入所者生活介護', 'rate45', false),
        '55': kind('介護医療院サービス', 'rate45', false),
        '24': kind('介護予防短期入所生活介護', 'rate55'),
        '25': kind('介護予防短期入所療養介護（介護老人保健施設）', 'rate45'),
        '26': kind('介護予防短期入所療養介護（病院等）', 'rate45'),
        '2B': kind('介護予防短期入所療養介護（介護医療院）', 'rate45'),
        '34': kind('介護予防居宅療養管理指導', 'flat', false),
        '35': kind('介護予防特定施設入居者生活介護', 'rate45', false),
        '37': kind('介護予防認知症対応型共同生活介護', 'rate45', false),
        '39': kind('介護予防認知症対応型共同生活介護（短期利用）', 'rate45'),
        '62': kind('介護予防訪問入浴介護', 'rate70'),
        '63': kind('介護予防訪問看護', 'rate70'),
        '64': kind('介護予防訪問リハビリテーション', 'rate55'),
        '66': kind('介護予防通所リハビリテーション', 'rate55'),
        '67': kind('介護予防福祉用具貸与', 'flat'),
        '68': kind('小規模多機能型居宅介護（短期利用）', 'rate55'),
        '69': kind('介護予防小規模多機能型居宅介護（短期利用）', 'rate55'),
        '71': kind('夜間対応型訪問介護', 'rate70'),
        '72': kind('認知症対応型通所介護', 'rate55'),
        '73': kind('小規模多機能型居宅介護', 'rate55'),
        '74': kind('介護予防認知症対応型通所介護', 'rate55'),
        '75': kind('介護予防小規模多機能型居宅介護', 'rate55'),
        '76': kind('定期巡回・随時対応型訪問介護看護', 'rate70'),
        '77': kind('看護小規模多機能型居宅介護', 'rate55'),
        '78': kind('地域密着型通所介護', 'rate45'),
        '79': kind('看護小規模多機能型居宅介護（短期利用）', 'rate55'),
        A2: kind('訪問型サービス（独自）', 'rate70'),
        A6: kind('通所型サービス（独自）', 'rate45'),
      },
    },
  ],
};

/** The rule of a service kind on a date; throws RuleError `unknownServiceKind` for a code not in the table. */
export function serviceKindRule(serviceKind: string, date: IsoDate, table: RuleTable<ServiceKindTable> = SERVICE_KIND_TABLE): ServiceKindRule {
  const kinds = ruleInForce(table, date);
  const rule = Object.hasOwn(kinds, serviceKind) ? kinds[serviceKind] : undefined;
  if (!rule) throw new RuleError('unknownServiceKind', `serviceKind ${JSON.stringify(serviceKind)}`);
  return rule;
}

/**
 * The Japanese label of a service kind ('11' → '訪問介護') from the newest table version, or null for an
 * unknown code; for display, where the label rather than the price matters.
 */
export function serviceKindLabelJa(serviceKind: string, table: RuleTable<ServiceKindTable> = SERVICE_KIND_TABLE): string | null {
  for (let i = table.versions.length - 1; i >= 0; i--) {
    const kinds = table.versions[i]?.value;
    if (kinds && Object.hasOwn(kinds, serviceKind)) return kinds[serviceKind]?.labelJa ?? null;
  }
  return null;
}
