/**
 * The CSV layout of the insurer feed: one table of columns that the reader, the writer and the error messages all
 * use, so they cannot drift apart. Each column belongs to one or more record types, names the path of its value in
 * the record, and has a kind that says how a cell becomes a value. Columns that together make an optional object
 * (認定有効期間, 負担限度額認定証 …) or one item of a list (負担割合 1…4, 給付制限 1…3 …) form groups: a group
 * whose cells are all empty is null, or absent from its list. The layout is documented in docs/feed-format.md.
 */
import { CARE_LEVEL_LABEL_JA, CARE_LEVELS } from '../../src/domain/care-level.ts';

export const FEED_RECORD_TYPES = ['insured', 'doctorOpinion', 'assessmentSurvey'] as const;
export type FeedRecordType = (typeof FEED_RECORD_TYPES)[number];

export type PathKey = string | number;

/** A closed set of values: the code a record holds, and the other spellings a cell may use for it. */
export interface CodeTable {
  /** Each accepted spelling (NFKC-normalised) → the value in the record. */
  readonly values: ReadonlyMap<string, string | number>;
  /** The value in the record → the spelling the writer uses. */
  readonly written: ReadonlyMap<string | number, string>;
  /** The accepted spellings, as listed in an error message. */
  readonly shown: readonly string[];
}

/**
 * A list in one cell: items separated by `;`, each `text:value`, split at the last `:` (a value never holds one).
 * In the text, `\;` stands for `;` and `\\` for `\`.
 */
export interface ListSyntax {
  readonly textKey: string;
  readonly valueKey: string;
  readonly value: 'date' | 'int';
  /** Japanese names of the two parts, for error messages. */
  readonly textLabel: string;
  readonly valueLabel: string;
}

/**
 * How a cell becomes a value. text: as written ('' when empty). token: an identifier or number written as text,
 * trimmed. date: YYYY-MM-DD or YYYY/MM/DD (also YYYY/M/D), held as YYYY-MM-DD. int: 0 or more, no separators.
 * code: one of a CodeTable's spellings. list: ListSyntax ([] when empty). json: a JSON array in one cell ([] when
 * empty). Empty cells of the other kinds are null; the schema then says whether null is allowed there.
 */
export type ColumnKind = 'text' | 'token' | 'date' | 'int' | 'code' | 'list' | 'json';

export interface FeedColumn {
  readonly name: string;
  readonly types: readonly FeedRecordType[];
  /** Where the value goes in the record; empty for `createdAt`, which belongs to the file. */
  readonly path: readonly PathKey[];
  readonly kind: ColumnKind;
  readonly codes?: CodeTable;
  readonly list?: ListSyntax;
}

/** Columns that together form an optional object (`null`) or one item of a list (`omit`). */
export interface ColumnGroup {
  readonly type: FeedRecordType;
  readonly path: readonly PathKey[];
  readonly whenEmpty: 'null' | 'omit';
  /** Names of the columns inside the group, in column order. */
  readonly members: readonly string[];
}

function codeTable(entries: readonly (readonly [string | number, ...string[]])[]): CodeTable {
  const values = new Map<string, string | number>();
  const written = new Map<string | number, string>();
  const shown: string[] = [];
  for (const [value, ...spellings] of entries) {
    written.set(value, spellings[0]!);
    for (const spelling of spellings) {
      values.set(spelling.normalize('NFKC'), value);
      shown.push(spelling);
    }
  }
  return { values, written, shown };
}

export const RECORD_TYPE_CODES = codeTable([
  ['insured', 'insured', '被保険者'],
  ['doctorOpinion', 'doctorOpinion', '主治医意見書'],
  ['assessmentSurvey', 'assessmentSurvey', '認定調査票'],
]);

const CARE_LEVEL_CODES = codeTable(CARE_LEVELS.map((level) => [level, level, CARE_LEVEL_LABEL_JA[level]] as const));

const SEX_CODES = codeTable([
  ['male', 'male', '男', '男性', '1'],
  ['female', 'female', '女', '女性', '2'],
]);

const RATIO_CODES = codeTable([
  [1, '1', '1割'],
  [2, '2', '2割'],
  [3, '3', '3割'],
]);

const COST_LIMIT_STAGE_CODES = codeTable([
  ['stage1', 'stage1', '第1段階'],
  ['stage2', 'stage2', '第2段階'],
  ['stage3a', 'stage3a', '第3段階①'],
  ['stage3b', 'stage3b', '第3段階②'],
]);

const APPLICATION_KIND_CODES = codeTable([
  ['new', 'new', '新規'],
  ['renewal', 'renewal', '更新'],
  ['change', 'change', '区分変更'],
]);

const CERTIFICATION_STATUS_CODES = codeTable([
  ['applied', 'applied', '申請受付'],
  ['surveyScheduled', 'surveyScheduled', '調査予定'],
  ['surveyed', 'surveyed', '調査済'],
  ['opinionReceived', 'opinionReceived', '意見書受領'],
  ['reviewScheduled', 'reviewScheduled', '審査会予定'],
  ['decided', 'decided', '認定済'],
  ['withdrawn', 'withdrawn', '取下げ'],
]);

const I: readonly FeedRecordType[] = ['insured'];
const D: readonly FeedRecordType[] = ['doctorOpinion'];
const S: readonly FeedRecordType[] = ['assessmentSurvey'];
const DOCS: readonly FeedRecordType[] = ['doctorOpinion', 'assessmentSurvey'];

/** How many items of each list the CSV layout holds (a longer list needs the JSON format). */
export const CSV_LIST_SLOTS = {
  burdenRatioPeriods: 4,
  benefitRestrictions: 3,
  assignedCareManagementOffices: 3,
  facilityStays: 3,
  welfareEquipmentPurchases: 3,
} as const;

type SlotField = readonly [suffix: string, path: readonly PathKey[], kind: ColumnKind, codes?: CodeTable];

/** Columns `${prefix}1${suffix}` … `${prefix}N${suffix}` for the items of a list. */
function slots(prefix: string, count: number, listPath: readonly PathKey[], fields: readonly SlotField[]): FeedColumn[] {
  const columns: FeedColumn[] = [];
  for (let n = 1; n <= count; n++) {
    for (const [suffix, path, kind, codes] of fields) {
      columns.push({ name: `${prefix}${n}${suffix}`, types: I, path: [...listPath, n - 1, ...path], kind, ...(codes ? { codes } : {}) });
    }
  }
  return columns;
}

export const FEED_COLUMNS: readonly FeedColumn[] = [
  { name: 'recordType', types: FEED_RECORD_TYPES, path: ['kind'], kind: 'code', codes: RECORD_TYPE_CODES },
  { name: 'insurerNumber', types: FEED_RECORD_TYPES, path: ['insurerNumber'], kind: 'token' },
  { name: 'insuredNumber', types: FEED_RECORD_TYPES, path: ['insuredNumber'], kind: 'token' },
  { name: 'createdAt', types: FEED_RECORD_TYPES, path: [], kind: 'text' },
  // 被保険者証 第1面
  { name: 'name', types: I, path: ['identity', 'name'], kind: 'text' },
  { name: 'nameKana', types: I, path: ['identity', 'nameKana'], kind: 'text' },
  { name: 'birthDate', types: I, path: ['identity', 'birthDate'], kind: 'date' },
  { name: 'sex', types: I, path: ['identity', 'sex'], kind: 'code', codes: SEX_CODES },
  { name: 'postalCode', types: I, path: ['identity', 'postalCode'], kind: 'token' },
  { name: 'address', types: I, path: ['identity', 'address'], kind: 'text' },
  // 被保険者証 第2面
  { name: 'issuedOn', types: I, path: ['eligibility', 'issuedOn'], kind: 'date' },
  { name: 'qualifiedOn', types: I, path: ['eligibility', 'qualifiedOn'], kind: 'date' },
  { name: 'disqualifiedOn', types: I, path: ['eligibility', 'disqualifiedOn'], kind: 'date' },
  { name: 'careLevel', types: I, path: ['eligibility', 'careLevel'], kind: 'code', codes: CARE_LEVEL_CODES },
  { name: 'certifiedOn', types: I, path: ['eligibility', 'certifiedOn'], kind: 'date' },
  { name: 'certificationFrom', types: I, path: ['eligibility', 'certificationPeriod', 'from'], kind: 'date' },
  { name: 'certificationTo', types: I, path: ['eligibility', 'certificationPeriod', 'to'], kind: 'date' },
  { name: 'benefitLimitFrom', types: I, path: ['eligibility', 'benefitLimit', 'period', 'from'], kind: 'date' },
  { name: 'benefitLimitTo', types: I, path: ['eligibility', 'benefitLimit', 'period', 'to'], kind: 'date' },
  { name: 'benefitLimitUnits', types: I, path: ['eligibility', 'benefitLimit', 'units'], kind: 'int' },
  {
    name: 'serviceKindLimits',
    types: I,
    path: ['eligibility', 'serviceKindLimits'],
    kind: 'list',
    list: { textKey: 'serviceKind', valueKey: 'units', value: 'int', textLabel: 'サービスの種類', valueLabel: '単位数' },
  },
  { name: 'reviewBoardOpinion', types: I, path: ['eligibility', 'reviewBoardOpinion'], kind: 'text' },
  // 被保険者証 第3面
  ...slots('benefitRestriction', CSV_LIST_SLOTS.benefitRestrictions, ['eligibility', 'benefitRestrictions'], [
    ['Content', ['content'], 'text'],
    ['From', ['period', 'from'], 'date'],
    ['To', ['period', 'to'], 'date'],
  ]),
  ...slots('assignedCareManagementOffice', CSV_LIST_SLOTS.assignedCareManagementOffices, ['eligibility', 'assignedCareManagementOffices'], [
    ['ProviderNumber', ['providerNumber'], 'token'],
    ['Name', ['name'], 'text'],
    ['NotifiedOn', ['notifiedOn'], 'date'],
    ['CancelledOn', ['cancelledOn'], 'date'],
  ]),
  ...slots('facilityStay', CSV_LIST_SLOTS.facilityStays, ['eligibility', 'facilityStays'], [
    ['Kind', ['kind'], 'text'],
    ['Name', ['name'], 'text'],
    ['AdmittedOn', ['admittedOn'], 'date'],
    ['DischargedOn', ['dischargedOn'], 'date'],
  ]),
  // 負担割合証
  { name: 'burdenRatioIssuedOn', types: I, path: ['burdenRatio', 'issuedOn'], kind: 'date' },
  ...slots('burdenRatio', CSV_LIST_SLOTS.burdenRatioPeriods, ['burdenRatio', 'periods'], [
    ['', ['ratio'], 'code', RATIO_CODES],
    ['From', ['period', 'from'], 'date'],
    ['To', ['period', 'to'], 'date'],
  ]),
  // 負担限度額認定証
  { name: 'costLimitStage', types: I, path: ['costLimitCertification', 'stage'], kind: 'code', codes: COST_LIMIT_STAGE_CODES },
  { name: 'costLimitFrom', types: I, path: ['costLimitCertification', 'period', 'from'], kind: 'date' },
  { name: 'costLimitTo', types: I, path: ['costLimitCertification', 'period', 'to'], kind: 'date' },
  { name: 'costLimitIssuedOn', types: I, path: ['costLimitCertification', 'issuedOn'], kind: 'date' },
  // 要介護認定（申請・進捗・結果）
  { name: 'certificationAppliedOn', types: I, path: ['certification', 'appliedOn'], kind: 'date' },
  {
    name: 'certificationApplicationKind',
    types: I,
    path: ['certification', 'applicationKind'],
    kind: 'code',
    codes: APPLICATION_KIND_CODES,
  },
  { name: 'certificationStatus', types: I, path: ['certification', 'status'], kind: 'code', codes: CERTIFICATION_STATUS_CODES },
  { name: 'certificationSurveyOn', types: I, path: ['certification', 'surveyOn'], kind: 'date' },
  { name: 'certificationReviewBoardOn', types: I, path: ['certification', 'reviewBoardOn'], kind: 'date' },
  { name: 'certificationDecidedOn', types: I, path: ['certification', 'decidedOn'], kind: 'date' },
  {
    name: 'certificationResultCareLevel',
    types: I,
    path: ['certification', 'resultCareLevel'],
    kind: 'code',
    codes: CARE_LEVEL_CODES,
  },
  { name: 'certificationResultFrom', types: I, path: ['certification', 'resultPeriod', 'from'], kind: 'date' },
  { name: 'certificationResultTo', types: I, path: ['certification', 'resultPeriod', 'to'], kind: 'date' },
  // 住宅改修費・福祉用具購入費
  { name: 'homeModificationUsedYen', types: I, path: ['homeModification', 'usedYen'], kind: 'int' },
  { name: 'homeModificationCountedSince', types: I, path: ['homeModification', 'countedSince'], kind: 'date' },
  ...slots('welfareEquipmentPurchase', CSV_LIST_SLOTS.welfareEquipmentPurchases, ['welfareEquipmentPurchases'], [
    ['FiscalYear', ['fiscalYear'], 'int'],
    ['UsedYen', ['usedYen'], 'int'],
  ]),
  // 主治医意見書・認定調査票
  { name: 'documentId', types: DOCS, path: ['documentId'], kind: 'token' },
  { name: 'clinicCode', types: D, path: ['clinicCode'], kind: 'token' },
  { name: 'clinicName', types: D, path: ['clinicName'], kind: 'text' },
  { name: 'attendingPhysician', types: D, path: ['attendingPhysician'], kind: 'text' },
  { name: 'writtenOn', types: D, path: ['writtenOn'], kind: 'date' },
  { name: 'receivedOn', types: D, path: ['receivedOn'], kind: 'date' },
  {
    name: 'diagnoses',
    types: D,
    path: ['diagnoses'],
    kind: 'list',
    list: { textKey: 'name', valueKey: 'onsetOn', value: 'date', textLabel: '診断名', valueLabel: '発症年月日' },
  },
  { name: 'physicalIndependence', types: D, path: ['physicalIndependence'], kind: 'text' },
  { name: 'cognitiveIndependence', types: D, path: ['cognitiveIndependence'], kind: 'text' },
  { name: 'sections', types: D, path: ['sections'], kind: 'json' },
  { name: 'surveyedOn', types: S, path: ['surveyedOn'], kind: 'date' },
  { name: 'surveyor', types: S, path: ['surveyor'], kind: 'text' },
  { name: 'place', types: S, path: ['place'], kind: 'text' },
  { name: 'groups', types: S, path: ['groups'], kind: 'json' },
  { name: 'specialNotes', types: S, path: ['specialNotes'], kind: 'text' },
];

export const FEED_COLUMN_BY_NAME: ReadonlyMap<string, FeedColumn> = new Map(FEED_COLUMNS.map((c) => [c.name, c]));

/** Groups in the order they are resolved: inner before outer, so an empty outer group wins. */
export const COLUMN_GROUPS: readonly ColumnGroup[] = (() => {
  const specs: { path: readonly PathKey[]; whenEmpty: 'null' | 'omit' }[] = [
    { path: ['eligibility', 'certificationPeriod'], whenEmpty: 'null' },
    { path: ['eligibility', 'benefitLimit'], whenEmpty: 'null' },
    { path: ['costLimitCertification'], whenEmpty: 'null' },
    { path: ['certification', 'resultPeriod'], whenEmpty: 'null' },
    { path: ['certification'], whenEmpty: 'null' },
  ];
  for (const [key, listPath] of [
    ['burdenRatioPeriods', ['burdenRatio', 'periods']],
    ['benefitRestrictions', ['eligibility', 'benefitRestrictions']],
    ['assignedCareManagementOffices', ['eligibility', 'assignedCareManagementOffices']],
    ['facilityStays', ['eligibility', 'facilityStays']],
    ['welfareEquipmentPurchases', ['welfareEquipmentPurchases']],
  ] as const) {
    for (let i = 0; i < CSV_LIST_SLOTS[key]; i++) specs.push({ path: [...listPath, i], whenEmpty: 'omit' });
  }
  return specs
    .map((spec) => ({
      type: 'insured' as const,
      ...spec,
      members: FEED_COLUMNS.filter((c) => c.types.includes('insured') && c.path.length > 0 && startsWithPath(c.path, spec.path)).map((c) => c.name),
    }))
    .sort((a, b) => b.path.length - a.path.length);
})();

/** The lists held in numbered columns: their path, and the columns of each item (slot) in order. */
export const SLOT_LISTS: readonly { readonly path: readonly PathKey[]; readonly slots: readonly (readonly string[])[] }[] = (() => {
  const byPath = new Map<string, { path: readonly PathKey[]; slots: (readonly string[])[] }>();
  for (const group of COLUMN_GROUPS) {
    if (group.whenEmpty !== 'omit') continue;
    const listPath = group.path.slice(0, -1);
    const key = listPath.join('.');
    const entry = byPath.get(key) ?? { path: listPath, slots: [] };
    entry.slots[group.path[group.path.length - 1] as number] = group.members;
    byPath.set(key, entry);
  }
  return [...byPath.values()];
})();

export function startsWithPath(path: readonly PathKey[], prefix: readonly PathKey[]): boolean {
  if (prefix.length > path.length) return false;
  for (let i = 0; i < prefix.length; i++) if (path[i] !== prefix[i]) return false;
  return true;
}

/**
 * The column a path in a record of the given type comes from, and the rest of the path inside that column's
 * cell (for list and JSON cells). A path above the columns (a whole list, say) maps to its first column.
 */
export function columnForPath(type: FeedRecordType, path: readonly PathKey[]): { column: FeedColumn; rest: readonly PathKey[] } | null {
  let best: FeedColumn | null = null;
  let below: FeedColumn | null = null;
  for (const column of FEED_COLUMNS) {
    if (column.path.length === 0 || !column.types.includes(type)) continue;
    if (startsWithPath(path, column.path)) {
      if (!best || column.path.length > best.path.length) best = column;
    } else if (!below && startsWithPath(column.path, path)) {
      below = column;
    }
  }
  if (best) return { column: best, rest: path.slice(best.path.length) };
  return below ? { column: below, rest: [] } : null;
}

/** `records[3].eligibility.careLevel` style. */
export function formatPath(path: readonly PathKey[]): string {
  let out = '';
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : out === '' ? key : `.${key}`;
  return out;
}
