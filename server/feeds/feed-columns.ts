/**
 * The CSV layout of the insurer feed: one column table that both the reader and the writer use, so the two
 * cannot drift apart. Each column belongs to one or more record types, names a path in the record object,
 * and has a kind that says how a cell becomes a value. See docs/feed-format.md.
 */
import { CARE_LEVEL_LABEL_JA, CARE_LEVELS, type CareLevel } from '../../src/domain/care-level.ts';

export const FEED_RECORD_TYPES = ['insured', 'doctorOpinion', 'assessmentSurvey'] as const;
export type FeedRecordType = (typeof FEED_RECORD_TYPES)[number];

/**
 * How a cell becomes a value. Empty cells: `text` → '', `json` → [], everything else → null (the schema then
 * says whether null is allowed there).
 */
export type ColumnKind = 'text' | 'digits' | 'date' | 'int' | 'careLevel' | 'sex' | 'ratio' | 'code' | 'json';

export type PathKey = string | number;

export interface FeedColumn {
  readonly name: string;
  readonly types: readonly FeedRecordType[];
  readonly path: readonly PathKey[];
  readonly kind: ColumnKind;
}

/** Groups of columns that together form an optional object: all empty → the object is null (or absent). */
export interface NullableGroup {
  readonly type: FeedRecordType;
  readonly path: readonly PathKey[];
  /** 'null' sets the object to null; 'omit' drops it from its array (burden-ratio periods). */
  readonly whenEmpty: 'null' | 'omit';
}

const I: readonly FeedRecordType[] = ['insured'];
const D: readonly FeedRecordType[] = ['doctorOpinion'];
const S: readonly FeedRecordType[] = ['assessmentSurvey'];
const ALL: readonly FeedRecordType[] = FEED_RECORD_TYPES;
const DOCS: readonly FeedRecordType[] = ['doctorOpinion', 'assessmentSurvey'];

export const MAX_BURDEN_RATIO_PERIODS = 4;

function burdenRatioColumns(): FeedColumn[] {
  const columns: FeedColumn[] = [];
  for (let i = 1; i <= MAX_BURDEN_RATIO_PERIODS; i++) {
    columns.push(
      { name: `burdenRatio${i}`, types: I, path: ['burdenRatio', 'periods', i - 1, 'ratio'], kind: 'ratio' },
      { name: `burdenRatio${i}From`, types: I, path: ['burdenRatio', 'periods', i - 1, 'period', 'from'], kind: 'date' },
      { name: `burdenRatio${i}To`, types: I, path: ['burdenRatio', 'periods', i - 1, 'period', 'to'], kind: 'date' },
    );
  }
  return columns;
}

export const FEED_COLUMNS: readonly FeedColumn[] = [
  { name: 'recordType', types: ALL, path: ['kind'], kind: 'code' },
  { name: 'insurerNumber', types: ALL, path: ['insurerNumber'], kind: 'digits' },
  { name: 'insuredNumber', types: ALL, path: ['insuredNumber'], kind: 'digits' },
  // 被保険者証 panel 1
  { name: 'name', types: I, path: ['identity', 'name'], kind: 'text' },
  { name: 'nameKana', types: I, path: ['identity', 'nameKana'], kind: 'text' },
  { name: 'birthDate', types: I, path: ['identity', 'birthDate'], kind: 'date' },
  { name: 'sex', types: I, path: ['identity', 'sex'], kind: 'sex' },
  { name: 'postalCode', types: I, path: ['identity', 'postalCode'], kind: 'text' },
  { name: 'address', types: I, path: ['identity', 'address'], kind: 'text' },
  // 被保険者証 panels 2 and 3
  { name: 'issuedOn', types: I, path: ['eligibility', 'issuedOn'], kind: 'date' },
  { name: 'qualifiedOn', types: I, path: ['eligibility', 'qualifiedOn'], kind: 'date' },
  { name: 'disqualifiedOn', types: I, path: ['eligibility', 'disqualifiedOn'], kind: 'date' },
  { name: 'careLevel', types: I, path: ['eligibility', 'careLevel'], kind: 'careLevel' },
  { name: 'certifiedOn', types: I, path: ['eligibility', 'certifiedOn'], kind: 'date' },
  { name: 'certificationFrom', types: I, path: ['eligibility', 'certificationPeriod', 'from'], kind: 'date' },
  { name: 'certificationTo', types: I, path: ['eligibility', 'certificationPeriod', 'to'], kind: 'date' },
  { name: 'benefitLimitFrom', types: I, path: ['eligibility', 'benefitLimit', 'period', 'from'], kind: 'date' },
  { name: 'benefitLimitTo', types: I, path: ['eligibility', 'benefitLimit', 'period', 'to'], kind: 'date' },
  { name: 'benefitLimitUnits', types: I, path: ['eligibility', 'benefitLimit', 'units'], kind: 'int' },
  { name: 'serviceKindLimits', types: I, path: ['eligibility', 'serviceKindLimits'], kind: 'json' },
  { name: 'reviewBoardOpinion', types: I, path: ['eligibility', 'reviewBoardOpinion'], kind: 'text' },
  { name: 'benefitRestrictions', types: I, path: ['eligibility', 'benefitRestrictions'], kind: 'json' },
  { name: 'assignedCareManagementOffices', types: I, path: ['eligibility', 'assignedCareManagementOffices'], kind: 'json' },
  { name: 'facilityStays', types: I, path: ['eligibility', 'facilityStays'], kind: 'json' },
  // 負担割合証
  { name: 'burdenRatioIssuedOn', types: I, path: ['burdenRatio', 'issuedOn'], kind: 'date' },
  ...burdenRatioColumns(),
  // 負担限度額認定証
  { name: 'costLimitStage', types: I, path: ['costLimitCertification', 'stage'], kind: 'code' },
  { name: 'costLimitFrom', types: I, path: ['costLimitCertification', 'period', 'from'], kind: 'date' },
  { name: 'costLimitTo', types: I, path: ['costLimitCertification', 'period', 'to'], kind: 'date' },
  { name: 'costLimitIssuedOn', types: I, path: ['costLimitCertification', 'issuedOn'], kind: 'date' },
  // 要介護認定 (申請・進捗・結果)
  { name: 'certificationAppliedOn', types: I, path: ['certification', 'appliedOn'], kind: 'date' },
  { name: 'certificationApplicationKind', types: I, path: ['certification', 'applicationKind'], kind: 'code' },
  { name: 'certificationStatus', types: I, path: ['certification', 'status'], kind: 'code' },
  { name: 'certificationSurveyOn', types: I, path: ['certification', 'surveyOn'], kind: 'date' },
  { name: 'certificationReviewBoardOn', types: I, path: ['certification', 'reviewBoardOn'], kind: 'date' },
  { name: 'certificationDecidedOn', types: I, path: ['certification', 'decidedOn'], kind: 'date' },
  { name: 'certificationResultCareLevel', types: I, path: ['certification', 'resultCareLevel'], kind: 'careLevel' },
  { name: 'certificationResultFrom', types: I, path: ['certification', 'resultPeriod', 'from'], kind: 'date' },
  { name: 'certificationResultTo', types: I, path: ['certification', 'resultPeriod', 'to'], kind: 'date' },
  // 住宅改修 / 福祉用具購入
  { name: 'homeModificationUsedYen', types: I, path: ['homeModification', 'usedYen'], kind: 'int' },
  { name: 'homeModificationCountedSince', types: I, path: ['homeModification', 'countedSince'], kind: 'date' },
  { name: 'welfareEquipmentPurchases', types: I, path: ['welfareEquipmentPurchases'], kind: 'json' },
  // Documents
  { name: 'documentId', types: DOCS, path: ['documentId'], kind: 'text' },
  { name: 'clinicCode', types: D, path: ['clinicCode'], kind: 'digits' },
  { name: 'clinicName', types: D, path: ['clinicName'], kind: 'text' },
  { name: 'attendingPhysician', types: D, path: ['attendingPhysician'], kind: 'text' },
  { name: 'writtenOn', types: D, path: ['writtenOn'], kind: 'date' },
  { name: 'receivedOn', types: D, path: ['receivedOn'], kind: 'date' },
  { name: 'diagnoses', types: D, path: ['diagnoses'], kind: 'json' },
  { name: 'physicalIndependence', types: D, path: ['physicalIndependence'], kind: 'text' },
  { name: 'cognitiveIndependence', types: D, path: ['cognitiveIndependence'], kind: 'text' },
  { name: 'sections', types: D, path: ['sections'], kind: 'json' },
  { name: 'surveyedOn', types: S, path: ['surveyedOn'], kind: 'date' },
  { name: 'surveyor', types: S, path: ['surveyor'], kind: 'text' },
  { name: 'place', types: S, path: ['place'], kind: 'text' },
  { name: 'groups', types: S, path: ['groups'], kind: 'json' },
  { name: 'specialNotes', types: S, path: ['specialNotes'], kind: 'text' },
];

export const NULLABLE_GROUPS: readonly NullableGroup[] = [
  { type: 'insured', path: ['eligibility', 'certificationPeriod'], whenEmpty: 'null' },
  { type: 'insured', path: ['eligibility', 'benefitLimit'], whenEmpty: 'null' },
  { type: 'insured', path: ['costLimitCertification'], whenEmpty: 'null' },
  { type: 'insured', path: ['certification', 'resultPeriod'], whenEmpty: 'null' },
  { type: 'insured', path: ['certification'], whenEmpty: 'null' },
  ...Array.from({ length: MAX_BURDEN_RATIO_PERIODS }, (_, i): NullableGroup => ({
    type: 'insured',
    path: ['burdenRatio', 'periods', i],
    whenEmpty: 'omit',
  })),
];

const CARE_LEVEL_BY_LABEL = new Map<string, CareLevel>(
  CARE_LEVELS.flatMap((level) => [
    [level, level],
    [CARE_LEVEL_LABEL_JA[level], level],
    // Full-width digits as some systems print them (要介護２).
    [CARE_LEVEL_LABEL_JA[level].replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0)), level],
  ]),
);

/** Turns a non-empty cell into the value its kind asks for; leaves it as text when it cannot (zod then says why). */
export function cellValue(kind: ColumnKind, cell: string): unknown {
  switch (kind) {
    case 'text':
    case 'digits':
    case 'code':
      return cell;
    case 'date': {
      const m = /^(\d{4})[/-](\d{1,2})[/-](\d{1,2})$/.exec(cell);
      return m ? `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}` : cell;
    }
    case 'int':
      return /^-?\d{1,15}$/.test(cell) ? Number(cell) : cell;
    case 'careLevel':
      return CARE_LEVEL_BY_LABEL.get(cell) ?? cell;
    case 'sex':
      if (cell === '1' || cell === '男' || cell === 'male') return 'male';
      if (cell === '2' || cell === '女' || cell === 'female') return 'female';
      return cell;
    case 'ratio': {
      const m = /^([123])割?$/.exec(cell);
      return m ? Number(m[1]) : cell;
    }
    case 'json':
      return JSON.parse(cell) as unknown;
  }
}

/** The empty value of a kind (see ColumnKind). */
export function emptyValue(kind: ColumnKind): unknown {
  if (kind === 'text') return '';
  if (kind === 'json') return [];
  return null;
}

/** The column a path into a record comes from, with the rest of the path inside a JSON cell. */
export function columnForPath(type: FeedRecordType, path: readonly PathKey[]): { column: string; rest: string } | null {
  let best: FeedColumn | null = null;
  for (const column of FEED_COLUMNS) {
    if (!column.types.includes(type)) continue;
    if (column.path.length > path.length) continue;
    if (column.path.every((k, i) => k === path[i]) && (!best || column.path.length > best.path.length)) best = column;
  }
  if (!best) return null;
  return { column: best.name, rest: formatPath(path.slice(best.path.length)) };
}

export function formatPath(path: readonly PathKey[]): string {
  return path.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? k : `.${k}`)).join('');
}
