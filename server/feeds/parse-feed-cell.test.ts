import { describe, expect, it } from 'vitest';
import { FEED_COLUMN_BY_NAME } from './feed-columns.ts';
import { parseFeedCell } from './parse-feed-cell.ts';
import { writeFeedCell } from './write-feed-cell.ts';

const read = (column: string, cell: string) => parseFeedCell(FEED_COLUMN_BY_NAME.get(column)!, cell);
const value = (v: unknown) => ({ ok: true, value: v });
const problem = (reason: string) => ({ ok: false, reason });

describe('parseFeedCell', () => {
  it('keeps text exactly, spaces included; an empty text cell is the empty string', () => {
    expect(read('address', ' 本町1-2 ')).toEqual(value(' 本町1-2 '));
    expect(read('reviewBoardOpinion', '')).toEqual(value(''));
  });

  it('trims tokens; an empty token is null', () => {
    expect(read('insuredNumber', ' 0000012345 ')).toEqual(value('0000012345'));
    expect(read('insuredNumber', '')).toEqual(value(null));
  });

  it('reads dates with - or /, padding one-digit months and days', () => {
    expect(read('birthDate', '1940-03-05')).toEqual(value('1940-03-05'));
    expect(read('birthDate', '1940/03/05')).toEqual(value('1940-03-05'));
    expect(read('birthDate', '1940/3/5')).toEqual(value('1940-03-05'));
    expect(read('disqualifiedOn', '')).toEqual(value(null));
    // The calendar is the schema's business: 2月30日 reads, and is rejected there.
    expect(read('birthDate', '1940-02-30')).toEqual(value('1940-02-30'));
  });

  it('rejects other date spellings', () => {
    for (const cell of ['1940-03/05', '19400305', '昭和15年3月5日', '40/3/5']) {
      expect(read('birthDate', cell)).toEqual(problem('日付は YYYY-MM-DD か YYYY/MM/DD で書いてください'));
    }
  });

  it('reads whole numbers without separators', () => {
    expect(read('benefitLimitUnits', '19705')).toEqual(value(19705));
    expect(read('benefitLimitUnits', '1,000')).toEqual(problem('0以上の整数で書いてください（桁区切りのカンマは付けません）'));
    expect(read('benefitLimitUnits', '-1')).toEqual(problem('0以上の整数で書いてください（桁区切りのカンマは付けません）'));
  });

  it('reads codes and their Japanese spellings, full-width digits too', () => {
    expect(read('careLevel', 'care2')).toEqual(value('care2'));
    expect(read('careLevel', '要介護2')).toEqual(value('care2'));
    expect(read('careLevel', '要介護２')).toEqual(value('care2'));
    expect(read('careLevel', '事業対象者')).toEqual(value('programTarget'));
    expect(read('sex', '2')).toEqual(value('female'));
    expect(read('sex', '男')).toEqual(value('male'));
    expect(read('burdenRatio1', '3割')).toEqual(value(3));
    expect(read('costLimitStage', '第3段階②')).toEqual(value('stage3b'));
    expect(read('certificationApplicationKind', '区分変更')).toEqual(value('change'));
    expect(read('recordType', '主治医意見書')).toEqual(value('doctorOpinion'));
  });

  it('lists the spellings it accepts when a code is unknown', () => {
    expect(read('sex', 'M')).toEqual(problem('使えない値です（使える値: male, 男, 男性, 1, female, 女, 女性, 2）'));
    expect(read('burdenRatio1', '4')).toEqual(problem('使えない値です（使える値: 1, 1割, 2, 2割, 3, 3割）'));
  });

  it('reads the name:date list of diagnoses, with \\; and \\\\ escapes and an empty date for unknown onset', () => {
    expect(read('diagnoses', '脳梗塞:2019/4/1;高血圧症:;a\\;b\\\\c:d:2020-01-02')).toEqual(
      value([
        { name: '脳梗塞', onsetOn: '2019-04-01' },
        { name: '高血圧症', onsetOn: null },
        { name: 'a;b\\c:d', onsetOn: '2020-01-02' },
      ]),
    );
    expect(read('diagnoses', '')).toEqual(value([]));
    expect(read('diagnoses', '脳梗塞:2019-04-01;')).toEqual(value([{ name: '脳梗塞', onsetOn: '2019-04-01' }]));
  });

  it('reads the kind:units list of service-kind limits', () => {
    expect(read('serviceKindLimits', '訪問入浴介護:3000;通所介護:12000')).toEqual(
      value([
        { serviceKind: '訪問入浴介護', units: 3000 },
        { serviceKind: '通所介護', units: 12000 },
      ]),
    );
  });

  it('says which list item is wrong', () => {
    expect(read('diagnoses', '脳梗塞:2019-04-01;高血圧症')).toEqual(problem('2件目: 「名称:日付」の形で書いてください'));
    expect(read('diagnoses', '脳梗塞:H31.4.1')).toEqual(problem('1件目: 日付は YYYY-MM-DD か YYYY/MM/DD で書いてください'));
    expect(read('serviceKindLimits', '通所介護:多め')).toEqual(problem('1件目: 0以上の整数で書いてください（桁区切りのカンマは付けません）'));
    expect(read('diagnoses', '脳梗塞\\')).toEqual(problem('最後の \\ の後に文字がありません（\\ は \\\\ と書きます）'));
  });

  it('reads JSON cells, and says when they are not JSON', () => {
    expect(read('sections', '[{"heading":"1. 傷病","body":"安定"}]')).toEqual(value([{ heading: '1. 傷病', body: '安定' }]));
    expect(read('sections', '')).toEqual(value([]));
    expect(read('sections', '[{heading:1}]')).toEqual(problem('JSON形式が正しくありません'));
  });

  it('reads back what writeFeedCell wrote for lists with awkward names', () => {
    const column = FEED_COLUMN_BY_NAME.get('diagnoses')!;
    const items = [
      { name: 'a:b;c\\', onsetOn: null },
      { name: ';', onsetOn: '2001-02-03' },
      { name: ' 空白 ', onsetOn: null },
    ];
    expect(writeFeedCell(column, items)).toBe('a:b\\;c\\\\:;\\;:2001-02-03; 空白 :');
    expect(parseFeedCell(column, writeFeedCell(column, items))).toEqual(value(items));
  });
});
