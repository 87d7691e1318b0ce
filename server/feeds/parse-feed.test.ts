import { readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import type { FeedError, FeedFile } from '../../src/protocol/feed.ts';
import { parseFeed, type ParseFeedResult } from './parse-feed.ts';
import { ASSESSMENT_SURVEY, DOCTOR_OPINION, FULL_FILE, FULL_INSURED } from './parse-feed-fixtures.testing.ts';
import { writeFeedCsv, writeFeedJson } from './write-feed.ts';

/** The smallest header that carries a valid insured record (absent columns read as empty cells). */
const HEADER =
  'recordType,insurerNumber,insuredNumber,name,nameKana,birthDate,sex,postalCode,address,issuedOn,qualifiedOn,careLevel,' +
  'burdenRatioIssuedOn,burdenRatio1,burdenRatio1From,burdenRatio1To,homeModificationUsedYen,homeModificationCountedSince';
const ROW_A =
  'insured,229013,0000012345,山田 花子,ヤマダ　ハナコ,1940/03/05,女,420-0001,"静岡県桜丘市本町1-2-3, ""さくら荘""\r\n101号",' +
  '2026/04/01,2005-03-05,要介護2,2026-07-10,2割,2025/8/1,2026/7/31,0,2026-04-01';
const ROW_B =
  'insured,229013,0000067890,佐藤 清,サトウ キヨシ,1938-11-30,male,420-0002,静岡県桜丘市北町5,' +
  '2026-05-01,2003-11-30,support1,2026-07-10,1,2025-08-01,2026-07-31,150000,2019-02-01';

const utf8 = (text: string) => new TextEncoder().encode(text);
const csv = (...lines: string[]) => utf8(`${lines.join('\r\n')}\r\n`);

/** ROW_A as a record: the file's dates normalised, labels turned into codes, absent parts null or empty. */
const PERSON_A = {
  kind: 'insured',
  insurerNumber: '229013',
  insuredNumber: '0000012345',
  identity: {
    name: '山田 花子',
    nameKana: 'ヤマダ　ハナコ',
    birthDate: '1940-03-05',
    sex: 'female',
    postalCode: '420-0001',
    address: '静岡県桜丘市本町1-2-3, "さくら荘"\r\n101号',
  },
  eligibility: {
    issuedOn: '2026-04-01',
    qualifiedOn: '2005-03-05',
    disqualifiedOn: null,
    careLevel: 'care2',
    certifiedOn: null,
    certificationPeriod: null,
    benefitLimit: null,
    serviceKindLimits: [],
    reviewBoardOpinion: '',
    benefitRestrictions: [],
    assignedCareManagementOffices: [],
    facilityStays: [],
  },
  burdenRatio: { issuedOn: '2026-07-10', periods: [{ ratio: 2, period: { from: '2025-08-01', to: '2026-07-31' } }] },
  costLimitCertification: null,
  certification: null,
  homeModification: { usedYen: 0, countedSince: '2026-04-01' },
  welfareEquipmentPurchases: [],
} as const;

function accepted(result: ParseFeedResult): FeedFile {
  if (!result.ok) throw new Error(`expected the file to be accepted: ${JSON.stringify(result.errors)}`);
  return result.file;
}

function rejected(result: ParseFeedResult): FeedError[] {
  if (result.ok) throw new Error('expected the file to be rejected');
  return result.errors;
}

describe('parseFeed: CSV files', () => {
  it('reads a small file, with a quoted comma, quotes and a line break in a cell', () => {
    const result = parseFeed(csv(HEADER, ROW_A), 'feed.csv');
    expect(result).toEqual({
      ok: true,
      encoding: 'utf-8',
      file: { format: 'tsunagi-insurer-feed', version: 1, insurerNumber: '229013', createdAt: '', records: [PERSON_A] },
    });
  });

  it('reads the same file in Shift_JIS, with a BOM, and with LF line ends', () => {
    const text = `${HEADER}\r\n${ROW_A}\r\n${ROW_B}\r\n`;
    const sjis = parseFeed(new Uint8Array(iconv.encode(text, 'cp932')), 'FEED.CSV');
    const bom = parseFeed(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(text)]), 'feed.csv');
    const lf = parseFeed(utf8(text.replaceAll('\r\n', '\n')), 'feed.csv');
    expect(sjis.ok && sjis.encoding).toBe('shift_jis');
    expect(bom.ok && bom.encoding).toBe('utf-8');
    expect(accepted(sjis).records).toHaveLength(2);
    expect(accepted(bom)).toEqual(accepted(sjis));
    // With LF line ends, the line break inside the quoted address is a bare LF too.
    expect(accepted(lf).records[0]).toMatchObject({ identity: { address: '静岡県桜丘市本町1-2-3, "さくら荘"\n101号' } });
  });

  it('reads document rows: the diagnosis list, JSON sections and survey groups', () => {
    const header = 'recordType,insurerNumber,insuredNumber,documentId,clinicCode,clinicName,attendingPhysician,writtenOn,receivedOn,' +
      'diagnoses,physicalIndependence,cognitiveIndependence,sections,surveyedOn,surveyor,place,groups,specialNotes';
    const opinion =
      '主治医意見書,229013,0000012345,DO-2026-0001,2210112345,桜丘内科クリニック,佐藤 一郎,2026/11/05,2026/11/08,' +
      '脳梗塞後遺症:2019/04/01;高血圧症:,A2,IIb,' +
      '"[{""heading"":""1. 傷病に関する意見"",""body"":""症状は安定している。""},{""heading"":""5. 特記すべき事項"",""body"":""転倒に注意。\\n夜間の見守りが必要。""}]"' +
      ',,,,,';
    const survey =
      'assessmentSurvey,229013,0000012345,AS-2026-0001,,,,,,,,,,2026-11-10,鈴木 恵子,自宅,' +
      '"[{""group"":1,""title"":""身体機能・起居動作"",""items"":[{""item"":""寝返り"",""answer"":""つかまれば可""}]}]",';
    expect(accepted(parseFeed(csv(header, opinion, survey), 'docs.csv')).records).toEqual([DOCTOR_OPINION, ASSESSMENT_SURVEY]);
  });

  it('reads a person whose document comes in the same file, or whose document comes alone', () => {
    const header = 'recordType,insurerNumber,insuredNumber,documentId,surveyedOn,surveyor,place';
    expect(accepted(parseFeed(csv(header, 'assessmentSurvey,229013,0000099999,AS-1,2026-11-10,鈴木 恵子,自宅'), 'f.csv')).records).toHaveLength(1);
  });

  it('accepts the example in docs/feed-format.md', () => {
    const doc = readFileSync(new URL('../../docs/feed-format.md', import.meta.url), 'utf8');
    const example = /```csv\n([\s\S]*?)```/.exec(doc)![1]!;
    const file = accepted(parseFeed(utf8(example.replaceAll('\n', '\r\n')), 'example.csv'));
    expect(file.records).toEqual([{ ...PERSON_A, identity: { ...PERSON_A.identity, address: '静岡県桜丘市本町1-2-3, "さくら荘"' } }]);
  });

  it('round-trips a file with every column filled, in both encodings', () => {
    for (const encoding of ['utf-8', 'shift_jis'] as const) {
      const result = parseFeed(writeFeedCsv(FULL_FILE, encoding), 'full.csv');
      expect(result).toEqual({ ok: true, file: FULL_FILE, encoding });
    }
  });
});

describe('parseFeed: errors in CSV files', () => {
  it('rejects an empty file, a file of empty lines and a header without rows', () => {
    expect(rejected(parseFeed(new Uint8Array(), 'f.csv'))).toEqual([{ line: 0, field: '', reason: 'ファイルが空です' }]);
    expect(rejected(parseFeed(utf8('\r\n\r\n'), 'f.csv'))).toEqual([{ line: 0, field: '', reason: 'ファイルが空です' }]);
    expect(rejected(parseFeed(csv(HEADER), 'f.csv'))).toEqual([{ line: 0, field: '', reason: 'レコードが1件もありません（見出し行だけです）' }]);
  });

  it('rejects unknown, repeated and missing header columns', () => {
    expect(rejected(parseFeed(csv('recordType,insurerNumber,careLvl,name,name', ROW_A), 'f.csv'))).toEqual([
      { line: 1, field: 'careLvl', reason: '不明な列名です（docs/feed-format.md の列名を使ってください）' },
      { line: 1, field: 'name', reason: '同じ列名が2回あります' },
      { line: 1, field: 'insuredNumber', reason: '必須の列がありません' },
    ]);
  });

  it('rejects a row with too few or too many cells, and an unknown record type', () => {
    expect(rejected(parseFeed(csv(HEADER, 'insured,229013,0000012345', `${ROW_B},x`, ROW_A.replace('insured', 'person')), 'f.csv'))).toEqual([
      { line: 2, field: '', reason: '列の数が見出し行と違います（見出し 18 列、この行 3 列）' },
      { line: 3, field: '', reason: '列の数が見出し行と違います（見出し 18 列、この行 19 列）' },
      { line: 4, field: 'recordType', reason: '使えない値です（使える値: insured, 被保険者, doctorOpinion, 主治医意見書, assessmentSurvey, 認定調査票）' },
    ]);
  });

  it('lists every problem of every row with its physical line and column', () => {
    const bad1 = ROW_B.replace('0000067890', '67890').replace('1938-11-30', '1938-02-30').replace('support1', '要介護6');
    const bad2 = ROW_B.replace('0000067890', '0000067891').replace('佐藤 清', '').replace('2026-05-01', '2026.05.01').replace(',150000,', ',15万,');
    expect(rejected(parseFeed(csv(HEADER, ROW_A, bad1, bad2), 'f.csv'))).toEqual([
      // ROW_A spans lines 2-3, so the next rows start on lines 4 and 5.
      { line: 4, field: 'careLevel', reason: expect.stringMatching(/^使えない値です（使える値: notApplicable, 非該当, programTarget, 事業対象者, .*care5, 要介護5）$/) },
      { line: 4, field: 'insuredNumber', reason: '被保険者番号は10桁の数字です' },
      { line: 4, field: 'birthDate', reason: '存在しない日付です' },
      { line: 5, field: 'issuedOn', reason: '日付は YYYY-MM-DD か YYYY/MM/DD で書いてください' },
      { line: 5, field: 'homeModificationUsedYen', reason: '0以上の整数で書いてください（桁区切りのカンマは付けません）' },
      { line: 5, field: 'name', reason: '必須です' },
    ]);
  });

  it('rejects cells in columns that do not belong to the row type', () => {
    expect(rejected(parseFeed(csv(`${HEADER},clinicName`, `${ROW_B},桜丘医院`), 'f.csv'))).toEqual([
      { line: 2, field: 'clinicName', reason: 'insured の行では空欄にしてください' },
    ]);
  });

  it('needs every cell of a partly filled group, each period in order, and no gaps in numbered items', () => {
    const header = `${HEADER},benefitLimitFrom,benefitLimitTo,benefitLimitUnits,certificationFrom,certificationTo,burdenRatio3,burdenRatio3From,burdenRatio3To`;
    const row = `${ROW_B},2026-04-01,2027-03-31,,2026-04-01,2026-03-31,3,2027-08-01,2028-07-31`;
    expect(rejected(parseFeed(csv(header, row), 'f.csv'))).toEqual([
      { line: 2, field: 'burdenRatio2', reason: '2番目が空のまま3番目があります（1番目から順に入れてください）' },
      { line: 2, field: 'certificationTo', reason: '終了日が開始日より前です' },
      { line: 2, field: 'benefitLimitUnits', reason: '必須です' },
    ]);
  });

  it('points into list and JSON cells', () => {
    const header = 'recordType,insurerNumber,insuredNumber,documentId,clinicCode,clinicName,attendingPhysician,writtenOn,receivedOn,diagnoses,sections';
    const base = 'doctorOpinion,229013,0000012345,DO-1,2210112345,桜丘内科クリニック,佐藤 一郎,2026-11-05,2026-11-08';
    const rows = [
      `${base.replace('DO-1', 'DO-2')},脳梗塞:2019-04-01;:2020-01-01,"[{""heading"":"""",""body"":""x""}]"`,
      `${base.replace('DO-1', 'DO-3')},脳梗塞:2019-04-31,[]`,
      `${base.replace('DO-1', 'DO-4')},脳梗塞,{x`,
    ];
    expect(rejected(parseFeed(csv(header, ...rows), 'f.csv'))).toEqual([
      { line: 2, field: 'diagnoses', reason: '2件目の診断名: 必須です' },
      { line: 2, field: 'sections', reason: '[0].heading: 必須です' },
      { line: 3, field: 'diagnoses', reason: '1件目の発症年月日: 存在しない日付です' },
      { line: 4, field: 'diagnoses', reason: '1件目: 「名称:日付」の形で書いてください' },
      { line: 4, field: 'sections', reason: 'JSON形式が正しくありません' },
    ]);
  });

  it('rejects a second insurer, a person or document twice, overlapping ratio periods and differing creation times', () => {
    const header = `${HEADER},burdenRatio2,burdenRatio2From,burdenRatio2To,createdAt,documentId,surveyedOn,surveyor,place`;
    const survey = (id: string) => `assessmentSurvey,229013,0000012345,,,,,,,,,,,,,,,,,,,2026-11-25,${id},2026-11-10,鈴木 恵子,自宅`;
    const rows = [
      `${ROW_A},,,,2026-11-25,,,,`,
      `${ROW_B},,,,2026-11-25,,,,`,
      `${ROW_B.replace('229013', '229021').replace('0000067890', '0000000001')},,,,2026-11-25,,,,`,
      `${ROW_A},,,,2026-11-25,,,,`,
      `${ROW_B.replace('0000067890', '0000000002')},2,2026-07-01,2027-06-30,2026-11-25,,,,`,
      survey('AS-1'),
      survey('AS-1'),
      `${ROW_B.replace('0000067890', '0000000003')},,,,2026-11-26,,,,`,
    ];
    expect(rejected(parseFeed(csv(header, ...rows), 'f.csv'))).toEqual([
      { line: 5, field: 'insurerNumber', reason: '保険者番号が2行目の保険者番号（229013）と違います（1ファイルに1保険者です）' },
      { line: 6, field: 'insuredNumber', reason: '同じ被保険者番号が2行目にもあります' },
      { line: 8, field: 'burdenRatio2From', reason: '負担割合の期間が1番目の期間（2025-08-01〜2026-07-31）と重なっています' },
      { line: 10, field: 'documentId', reason: '同じ文書ID（AS-1）が9行目にもあります' },
      { line: 11, field: 'createdAt', reason: '作成日時が2行目（2026-11-25）と違います' },
    ]);
  });

  it('reports broken quoting with the line it is on', () => {
    expect(rejected(parseFeed(csv(HEADER, ROW_B, 'insured,"229013'), 'f.csv'))).toEqual([
      { line: 3, field: '', reason: '2列目の引用符（"）が閉じられていません' },
    ]);
    expect(rejected(parseFeed(csv(HEADER, ROW_B.replace('北町5', '北町"5"')), 'f.csv'))).toEqual([
      { line: 2, field: '', reason: '9列目: 引用符（"）で囲まれていない項目の中に引用符があります（"" と書いて全体を " で囲みます）' },
    ]);
  });

  it('rejects bytes in neither encoding, with the line of the first bad byte', () => {
    const bytes = new Uint8Array([...utf8(`${HEADER}\r\n`), 0x61, 0xff, 0x0d, 0x0a]);
    expect(rejected(parseFeed(bytes, 'f.csv'))).toEqual([
      { line: 2, field: '', reason: '文字コードを判別できません（UTF-8 または Shift_JIS で保存してください）' },
    ]);
  });

  it('caps the list at 1000 entries, the last counting the rest', () => {
    const rows = Array.from({ length: 600 }, (_, i) => ROW_B.replace('0000067890', String(i).padStart(10, '0')).replace('male', 'x').replace('佐藤 清', ''));
    const errors = rejected(parseFeed(csv(HEADER, ...rows), 'f.csv'));
    expect(errors).toHaveLength(1000);
    expect(errors.at(-1)).toEqual({ line: 0, field: '', reason: '…ほか201件のエラーがあります' });
    expect(errors[998]).toEqual({ line: 501, field: 'sex', reason: '使えない値です（使える値: male, 男, 男性, 1, female, 女, 女性, 2）' });
  });
});

describe('parseFeed: JSON files', () => {
  it('reads a file with every field, whatever its name when it starts with {', () => {
    expect(parseFeed(writeFeedJson(FULL_FILE), 'feed.json')).toEqual({ ok: true, file: FULL_FILE, encoding: 'utf-8' });
    expect(accepted(parseFeed(utf8(`  ${JSON.stringify(FULL_FILE)}`), 'upload.txt'))).toEqual(FULL_FILE);
  });

  it('reports malformed JSON and a top level that is not the file object', () => {
    expect(rejected(parseFeed(utf8('{"format": '), 'f.json'))[0]).toMatchObject({ line: 0, field: '', reason: expect.stringMatching(/^JSON形式が正しくありません（.+）$/) });
    expect(rejected(parseFeed(utf8('[]'), 'f.json'))).toEqual([
      { line: 0, field: '', reason: 'JSONの最上位は { "format": "tsunagi-insurer-feed", … } のオブジェクトです' },
    ]);
  });

  it('reports file-level problems at line 0 and an empty record list', () => {
    const file = { ...FULL_FILE, format: 'other', version: 2, insurerNumber: '22901', records: [] };
    expect(rejected(parseFeed(utf8(JSON.stringify(file)), 'f.json'))).toEqual([
      { line: 0, field: 'format', reason: '使えない値です（使える値: tsunagi-insurer-feed）' },
      { line: 0, field: 'version', reason: '使えない値です（使える値: 1）' },
      { line: 0, field: 'insurerNumber', reason: '保険者番号は6桁の数字です' },
      { line: 0, field: 'records', reason: 'レコードが1件もありません' },
    ]);
  });

  it('names each bad record by its number and path', () => {
    const broken = structuredClone(FULL_FILE) as unknown as { records: Record<string, unknown>[] };
    const person = broken.records[0]!;
    (person['eligibility'] as Record<string, unknown>)['careLevel'] = 'care9';
    (person['identity'] as Record<string, unknown>)['birthDate'] = '1940/03/05';
    delete person['homeModification'];
    broken.records[2] = { kind: 'survey' };
    expect(rejected(parseFeed(utf8(JSON.stringify(broken)), 'f.json'))).toEqual([
      { line: 1, field: 'records[0].identity.birthDate', reason: '日付はYYYY-MM-DD形式です' },
      { line: 1, field: 'records[0].eligibility.careLevel', reason: expect.stringMatching(/^使えない値です（使える値: notApplicable, .*, care5）$/) },
      { line: 1, field: 'records[0].homeModification', reason: '必須です' },
      { line: 3, field: 'records[2].kind', reason: '使えない値です（使える値: insured, doctorOpinion, assessmentSurvey）' },
    ]);
  });

  it('checks across records against the file insurer', () => {
    const other = { ...FULL_INSURED, insurerNumber: '229021', insuredNumber: '0000000001' };
    const overlapping = {
      ...FULL_INSURED,
      insuredNumber: '0000000002',
      burdenRatio: { issuedOn: '2026-07-10', periods: [FULL_INSURED.burdenRatio.periods[1]!, FULL_INSURED.burdenRatio.periods[1]!] },
    };
    const file = { ...FULL_FILE, records: [FULL_INSURED, other, FULL_INSURED, overlapping, DOCTOR_OPINION, DOCTOR_OPINION] };
    expect(rejected(parseFeed(utf8(JSON.stringify(file)), 'f.json'))).toEqual([
      { line: 2, field: 'records[1].insurerNumber', reason: '保険者番号がファイルの保険者番号（229013）と違います（1ファイルに1保険者です）' },
      { line: 3, field: 'records[2].insuredNumber', reason: '同じ被保険者番号が1件目のレコードにもあります' },
      { line: 4, field: 'records[3].burdenRatio.periods[1].period.from', reason: '負担割合の期間が1番目の期間（2026-08-01〜2027-07-31）と重なっています' },
      { line: 6, field: 'records[5].documentId', reason: '同じ文書ID（DO-2026-0001）が5件目のレコードにもあります' },
    ]);
  });
});
