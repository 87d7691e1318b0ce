/**
 * The paper-entry form (紙から転記) as pure logic: what staff type from a paper 被保険者証 and 負担割合証, as raw
 * strings, becomes an InsuredRecordContent, or a list of errors that name the field in Japanese (and English).
 * Dates are read in 西暦 (2026-08-01, 2026/8/1, 2026年8月1日) or 和暦 (昭和16年5月2日, R8.8.1), full-width
 * digits too; フリガナ typed in hiragana becomes katakana; a postal code of 7 digits gets its hyphen.
 *
 * What the form does not ask, because a paper card does not carry it or an office rarely holds it, takes a
 * default (a correction keeps the earlier record's values for these, see `base`):
 *  - 資格取得日 (`qualifiedOn`): not printed on the card; the card's 交付年月日, the latest day it can be;
 *  - 資格喪失日: none; 種類支給限度基準額, 給付制限, 居宅介護支援事業者, 介護保険施設等: none listed;
 *    認定審査会の意見: empty;
 *  - 区分支給限度基準額: when left blank, the limit in force for the care level on the first day of the
 *    certification period (BENEFIT_LIMIT_TABLE), over that period;
 *  - 負担割合証 交付年月日: the 被保険者証's 交付年月日 when left blank; one period of the card only;
 *  - 負担限度額認定証 and 要介護認定 (application progress): none;
 *  - 住宅改修 / 福祉用具購入 usage: nothing used, counted from the qualification date.
 */
import { CARE_LEVELS, type CareLevel } from './care-level.ts';
import { compareDates, isIsoDate } from './dates.ts';
import { InsuredRecordContent, type BurdenRatioValue } from './insured.ts';
import type { IsoDate } from './identifiers.ts';
import type { StaffRole } from './organisations.ts';
import { benefitLimitUnitsFor } from './rules/benefit-limit.ts';
import { formatWareki, parseWareki, WarekiError } from './wareki.ts';

/**
 * Who may copy a paper card into the platform. Care managers receive the cards at contract (居宅介護支援) and
 * administrators do an office's clerical work. Helpers (訪問介護員) may not: they read the record during visits
 * but do not handle the office's copies of the cards, and figures typed on a visit would feed every office's
 * copay and limit calculations without the office's check.
 */
export const PAPER_ENTRY_ROLES: readonly StaffRole[] = ['careManager', 'admin'];

/** Whether a role may enter or correct paper records (the server refuses others; the tablet hides the buttons). */
export function mayEnterPaperRecords(role: StaffRole): boolean {
  return PAPER_ENTRY_ROLES.includes(role);
}

export const PAPER_FIELDS = [
  'insurerNumber',
  'insuredNumber',
  'name',
  'nameKana',
  'birthDate',
  'sex',
  'postalCode',
  'address',
  'issuedOn',
  'careLevel',
  'certifiedOn',
  'certificationFrom',
  'certificationTo',
  'benefitLimitUnits',
  'burdenRatio',
  'burdenFrom',
  'burdenTo',
  'burdenNextRatio',
  'burdenNextFrom',
  'burdenNextTo',
  'burdenIssuedOn',
] as const;
export type PaperField = (typeof PAPER_FIELDS)[number];

/** The form as typed: every field a string ('' when empty). */
export type PaperForm = Record<PaperField, string>;

export const EMPTY_PAPER_FORM: PaperForm = Object.fromEntries(PAPER_FIELDS.map((f) => [f, ''])) as PaperForm;

/** Field names as printed on the cards, for labels and error messages. */
export const PAPER_FIELD_LABELS: Record<PaperField, { ja: string; en: string }> = {
  insurerNumber: { ja: '保険者', en: 'Insurer' },
  insuredNumber: { ja: '被保険者番号', en: 'Insured number' },
  name: { ja: '氏名', en: 'Name' },
  nameKana: { ja: 'フリガナ', en: 'Name (katakana)' },
  birthDate: { ja: '生年月日', en: 'Date of birth' },
  sex: { ja: '性別', en: 'Sex' },
  postalCode: { ja: '郵便番号', en: 'Postal code' },
  address: { ja: '住所', en: 'Address' },
  issuedOn: { ja: '交付年月日', en: 'Issued on' },
  careLevel: { ja: '要介護状態区分', en: 'Care level' },
  certifiedOn: { ja: '認定年月日', en: 'Certified on' },
  certificationFrom: { ja: '認定有効期間の開始日', en: 'Certification period start' },
  certificationTo: { ja: '認定有効期間の終了日', en: 'Certification period end' },
  benefitLimitUnits: { ja: '区分支給限度基準額', en: 'Monthly benefit limit' },
  burdenRatio: { ja: '負担割合', en: 'Burden ratio' },
  burdenFrom: { ja: '負担割合の適用開始日', en: 'Burden ratio from' },
  burdenTo: { ja: '負担割合の適用終了日', en: 'Burden ratio until' },
  burdenNextRatio: { ja: '次の期間の負担割合', en: 'Next period: burden ratio' },
  burdenNextFrom: { ja: '次の期間の適用開始日', en: 'Next period from' },
  burdenNextTo: { ja: '次の期間の適用終了日', en: 'Next period until' },
  burdenIssuedOn: { ja: '負担割合証の交付年月日', en: 'Burden ratio card issued on' },
};

export interface PaperFieldError {
  readonly field: PaperField;
  readonly ja: string;
  readonly en: string;
}

export type PaperEntryResult = { readonly ok: true; readonly content: InsuredRecordContent } | { readonly ok: false; readonly errors: readonly PaperFieldError[] };

export type PaperDateProblem = 'unparseable' | 'invalidDate' | 'beforeEra';

const FULL_WIDTH = /[０-９Ａ-Ｚａ-ｚ．／－（）]/g;

/** Full-width ASCII to half-width, ideographic spaces to spaces, trimmed. */
function halfWidth(text: string): string {
  return text
    .replace(FULL_WIDTH, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, ' ')
    .trim();
}

const SEIREKI = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/;

/**
 * A date copied from paper, in 西暦 or 和暦, as `YYYY-MM-DD`; or why it cannot be read. Examples:
 * '昭和16年5月2日' → 1941-05-02, 'S16.5.2' → 1941-05-02, '2026/8/1' → 2026-08-01, '令和8年2月30日' → invalidDate.
 */
export function parsePaperDate(text: string): { readonly date: IsoDate } | { readonly problem: PaperDateProblem } {
  const normal = halfWidth(text);
  const seireki = SEIREKI.exec(normal);
  if (seireki) {
    const [, y = '', m = '', d = ''] = seireki;
    const date = `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
    return isIsoDate(date) ? { date } : { problem: 'invalidDate' };
  }
  try {
    return { date: parseWareki(normal) };
  } catch (error) {
    if (!(error instanceof WarekiError)) throw error;
    if (error.code === 'beforeEra') return { problem: 'beforeEra' };
    return { problem: error.code === 'unparseable' ? 'unparseable' : 'invalidDate' };
  }
}

/** Hiragana to katakana, half-width spaces kept (the schema allows both kinds of space). */
function toKatakana(text: string): string {
  return halfWidth(text).replace(/[\u3041-\u3096]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0x60));
}

const HYPHENS = /[-‐‑–—―ーｰ−]/g;

/** The form's value for each care level (the select's options, in the order of the card). */
export const PAPER_CARE_LEVELS: readonly CareLevel[] = CARE_LEVELS;

/** Levels certified for a period (要支援・要介護): their period is printed on the card and required. */
const CERTIFIED_LEVELS: ReadonlySet<CareLevel> = new Set(['support1', 'support2', 'care1', 'care2', 'care3', 'care4', 'care5']);

const DATE_EXAMPLES: Partial<Record<PaperField, string>> = { birthDate: '昭和16年5月2日' };
const DEFAULT_DATE_EXAMPLE = '令和8年8月1日';

/**
 * Reads the form. `today` (the Japan date) rejects a birth date in the future. `base` is the record being
 * corrected: the fields the form does not show keep its values instead of the defaults above.
 */
export function paperFormToContent(form: PaperForm, today: IsoDate, base?: InsuredRecordContent): PaperEntryResult {
  const errors: PaperFieldError[] = [];
  const fail = (field: PaperField, ja: string, en: string): undefined => {
    if (!errors.some((e) => e.field === field)) errors.push({ field, ja, en });
    return undefined;
  };
  const label = (field: PaperField) => PAPER_FIELD_LABELS[field];
  const required = (field: PaperField): string | undefined => {
    const value = halfWidth(form[field]);
    return value === '' ? fail(field, `${label(field).ja}を入力してください`, `Enter the ${label(field).en.toLowerCase()}`) : value;
  };
  const date = (field: PaperField, optional = false): IsoDate | null | undefined => {
    if (halfWidth(form[field]) === '') return optional ? null : required(field);
    const read = parsePaperDate(form[field]);
    if ('date' in read) return read.date;
    const { ja, en } = label(field);
    const example = DATE_EXAMPLES[field] ?? DEFAULT_DATE_EXAMPLE;
    if (read.problem === 'invalidDate') return fail(field, `${ja}は存在しない日付です`, `${en}: this date does not exist`);
    if (read.problem === 'beforeEra') return fail(field, `${ja}はその元号が始まる前の日付です`, `${en}: the date is before the start of that era`);
    return fail(field, `${ja}を読み取れません（例: ${example}）`, `Cannot read the ${en.toLowerCase()} (e.g. ${example})`);
  };
  const period = (toField: PaperField, name: { ja: string; en: string }, from: IsoDate | null | undefined, to: IsoDate | null | undefined): void => {
    if (from && to && compareDates(to, from) < 0) fail(toField, `${name.ja}の終了日が開始日より前です`, `${name.en}: the end is before the start`);
  };

  const insurerNumber = halfWidth(form.insurerNumber);
  if (!/^\d{6}$/.test(insurerNumber)) fail('insurerNumber', '保険者を選んでください', 'Choose the insurer');
  const insuredNumber = halfWidth(form.insuredNumber).replace(/\s/g, '');
  if (!/^\d{10}$/.test(insuredNumber)) fail('insuredNumber', '被保険者番号は10桁の数字です', 'The insured number has 10 digits');

  const name = required('name');
  if (name !== undefined && name.length > 60) fail('name', '氏名は60文字までです', 'The name is at most 60 characters');
  const nameKana = toKatakana(form.nameKana);
  if (nameKana === '') required('nameKana');
  else if (!/^[\u30A0-\u30FF\u3000 ]+$/.test(nameKana) || nameKana.length > 80) fail('nameKana', 'フリガナは全角カタカナ（またはひらがな）で入力してください', 'Enter the name in katakana (or hiragana)');
  const birthDate = date('birthDate');
  if (birthDate && compareDates(birthDate, today) > 0) fail('birthDate', '生年月日が今日より後です', 'The date of birth is after today');
  const sex = form.sex === 'male' || form.sex === 'female' ? form.sex : fail('sex', '性別を選んでください', 'Choose the sex');
  const postalDigits = halfWidth(form.postalCode).replace(HYPHENS, '').replace(/\s/g, '');
  const postalCode = /^\d{7}$/.test(postalDigits) ? `${postalDigits.slice(0, 3)}-${postalDigits.slice(3)}` : undefined;
  if (postalCode === undefined) fail('postalCode', '郵便番号は7桁の数字です（例: 437-0101）', 'The postal code has 7 digits (e.g. 437-0101)');
  const address = required('address');
  if (address !== undefined && address.length > 200) fail('address', '住所は200文字までです', 'The address is at most 200 characters');

  const issuedOn = date('issuedOn');
  const careLevel = (PAPER_CARE_LEVELS as readonly string[]).includes(form.careLevel) ? (form.careLevel as CareLevel) : fail('careLevel', '要介護状態区分を選んでください', 'Choose the care level');
  const certifiedOn = date('certifiedOn', true);
  const certified = careLevel !== undefined && CERTIFIED_LEVELS.has(careLevel);
  const anyPeriod = halfWidth(form.certificationFrom) !== '' || halfWidth(form.certificationTo) !== '';
  const certificationFrom = date('certificationFrom', !(certified || anyPeriod));
  const certificationTo = date('certificationTo', !(certified || anyPeriod));
  period('certificationTo', { ja: '認定有効期間', en: 'Certification period' }, certificationFrom, certificationTo);

  const unitsText = halfWidth(form.benefitLimitUnits).replace(/[,，\s]|単位/g, '');
  const units = unitsText === '' ? null : /^\d{1,6}$/.test(unitsText) ? Number(unitsText) : fail('benefitLimitUnits', '区分支給限度基準額は単位数（数字）で入力してください', 'Enter the monthly limit in units (digits)');

  const ratioOf = (field: 'burdenRatio' | 'burdenNextRatio'): BurdenRatioValue | undefined => {
    const text = halfWidth(form[field]).replace(/割$/, '');
    return text === '1' ? 1 : text === '2' ? 2 : text === '3' ? 3 : fail(field, `${PAPER_FIELD_LABELS[field].ja}は1割・2割・3割から選んでください`, 'Choose a burden ratio of 10%, 20% or 30%');
  };
  const ratio = ratioOf('burdenRatio');
  const burdenFrom = date('burdenFrom');
  const burdenTo = date('burdenTo');
  period('burdenTo', { ja: '負担割合の適用期間', en: 'Burden ratio period' }, burdenFrom, burdenTo);
  // The card's second period (e.g. 3割 from 8/1), when it prints one: all three fields, after the first period.
  const nextFields = ['burdenNextRatio', 'burdenNextFrom', 'burdenNextTo'] as const;
  const hasNext = nextFields.some((field) => halfWidth(form[field]) !== '');
  const nextRatio = hasNext ? ratioOf('burdenNextRatio') : undefined;
  const nextFrom = hasNext ? date('burdenNextFrom') : undefined;
  const nextTo = hasNext ? date('burdenNextTo') : undefined;
  if (hasNext) period('burdenNextTo', { ja: '次の期間', en: 'Next period' }, nextFrom, nextTo);
  if (nextFrom && burdenTo && compareDates(nextFrom, burdenTo) <= 0) {
    fail('burdenNextFrom', '次の期間は、最初の期間の終了日より後に始まる日付にしてください', 'The next period must start after the first one ends');
  }
  const burdenIssuedOn = date('burdenIssuedOn', true);

  if (errors.length > 0) return { ok: false, errors: sortErrors(errors) };
  // Every value is present here (each missing one added an error above); the checks narrow the types.
  if (!name || !birthDate || !sex || !postalCode || !address || !issuedOn || !careLevel || certificationFrom === undefined || certificationTo === undefined) return { ok: false, errors };
  if (ratio === undefined || !burdenFrom || !burdenTo || burdenIssuedOn === undefined || units === undefined || certifiedOn === undefined) return { ok: false, errors };
  if (hasNext && (nextRatio === undefined || !nextFrom || !nextTo)) return { ok: false, errors };
  const burdenPeriods = [{ ratio, period: { from: burdenFrom, to: burdenTo } }];
  if (nextRatio !== undefined && nextFrom && nextTo) burdenPeriods.push({ ratio: nextRatio, period: { from: nextFrom, to: nextTo } });

  const certificationPeriod = certificationFrom && certificationTo ? { from: certificationFrom, to: certificationTo } : null;
  const limitUnits = units ?? (certificationPeriod ? benefitLimitUnitsFor(careLevel, certificationPeriod.from) : null);
  const qualifiedOn = base?.eligibility.qualifiedOn ?? issuedOn;
  const content: InsuredRecordContent = {
    insurerNumber,
    insuredNumber,
    identity: { name, nameKana, birthDate, sex, postalCode, address },
    eligibility: {
      serviceKindLimits: [],
      reviewBoardOpinion: '',
      benefitRestrictions: [],
      assignedCareManagementOffices: [],
      facilityStays: [],
      disqualifiedOn: null,
      ...(base ? pickEligibilityExtras(base) : {}),
      issuedOn,
      qualifiedOn,
      careLevel,
      certifiedOn,
      certificationPeriod,
      benefitLimit: certificationPeriod && limitUnits !== null ? { period: certificationPeriod, units: limitUnits } : null,
    },
    burdenRatio: { issuedOn: burdenIssuedOn ?? issuedOn, periods: burdenPeriods },
    costLimitCertification: base?.costLimitCertification ?? null,
    certification: base?.certification ?? null,
    homeModification: base?.homeModification ?? { usedYen: 0, countedSince: qualifiedOn },
    welfareEquipmentPurchases: base?.welfareEquipmentPurchases ?? [],
  };
  const parsed = InsuredRecordContent.safeParse(content);
  if (parsed.success) return { ok: true, content: parsed.data };
  // The checks above mirror the schema; should a rule of the schema still disagree, name the field it concerns.
  return { ok: false, errors: parsed.error.issues.map((issue) => schemaIssueError(issue.path.map(String).join('.'), issue.message)) };
}

function pickEligibilityExtras(base: InsuredRecordContent) {
  const { serviceKindLimits, reviewBoardOpinion, benefitRestrictions, assignedCareManagementOffices, facilityStays, disqualifiedOn } = base.eligibility;
  return { serviceKindLimits, reviewBoardOpinion, benefitRestrictions, assignedCareManagementOffices, facilityStays, disqualifiedOn };
}

const SCHEMA_PATH_FIELDS: readonly [string, PaperField][] = [
  ['identity.nameKana', 'nameKana'],
  ['identity.name', 'name'],
  ['identity.address', 'address'],
  ['identity.postalCode', 'postalCode'],
  ['identity.birthDate', 'birthDate'],
  ['eligibility.certificationPeriod', 'certificationTo'],
  ['eligibility.benefitLimit', 'benefitLimitUnits'],
  ['burdenRatio', 'burdenTo'],
];

function schemaIssueError(path: string, message: string): PaperFieldError {
  const field = SCHEMA_PATH_FIELDS.find(([prefix]) => path.startsWith(prefix))?.[1] ?? 'issuedOn';
  return { field, ja: `${PAPER_FIELD_LABELS[field].ja}: ${message}`, en: `${PAPER_FIELD_LABELS[field].en}: ${message}` };
}

/** Errors in the order of the form, so the summary and the first focused field agree. */
function sortErrors(errors: readonly PaperFieldError[]): PaperFieldError[] {
  return [...errors].sort((a, b) => PAPER_FIELDS.indexOf(a.field) - PAPER_FIELDS.indexOf(b.field));
}

/** The form filled from a stored record, for a correction: dates in 和暦 as the cards print them, the card's two burden periods. */
export function contentToPaperForm(content: InsuredRecordContent): PaperForm {
  const e = content.eligibility;
  const [burden, next] = [...content.burdenRatio.periods].sort((a, b) => compareDates(a.period.from, b.period.from));
  return {
    insurerNumber: content.insurerNumber,
    insuredNumber: content.insuredNumber,
    name: content.identity.name,
    nameKana: content.identity.nameKana,
    birthDate: cardDate(content.identity.birthDate),
    sex: content.identity.sex,
    postalCode: content.identity.postalCode,
    address: content.identity.address,
    issuedOn: cardDate(e.issuedOn),
    careLevel: e.careLevel,
    certifiedOn: cardDate(e.certifiedOn),
    certificationFrom: cardDate(e.certificationPeriod?.from),
    certificationTo: cardDate(e.certificationPeriod?.to),
    benefitLimitUnits: e.benefitLimit ? String(e.benefitLimit.units) : '',
    burdenRatio: burden ? String(burden.ratio) : '',
    burdenFrom: cardDate(burden?.period.from),
    burdenTo: cardDate(burden?.period.to),
    burdenNextRatio: next ? String(next.ratio) : '',
    burdenNextFrom: cardDate(next?.period.from),
    burdenNextTo: cardDate(next?.period.to),
    burdenIssuedOn: cardDate(content.burdenRatio.issuedOn),
  };
}

/** A stored date as the card prints it (令和8年8月1日); before the eras the table knows, as stored. */
function cardDate(date: IsoDate | null | undefined): string {
  if (!date) return '';
  try {
    return formatWareki(date);
  } catch {
    return date;
  }
}
