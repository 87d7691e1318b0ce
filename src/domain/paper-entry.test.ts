import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InsuredRecordContent } from './insured.ts';
import { contentToPaperForm, EMPTY_PAPER_FORM, PAPER_FIELDS, paperFormToContent, parsePaperDate, type PaperForm } from './paper-entry.ts';

const TODAY = '2026-07-10';

/** A paper card of 見本町 as staff would type it: 和暦 dates, full-width digits, hiragana フリガナ. */
const CARD: PaperForm = {
  insurerNumber: '229029',
  insuredNumber: '０１２３４５６７８９',
  name: '見本 花子',
  nameKana: 'みほん　はなこ',
  birthDate: '昭和16年5月2日',
  sex: 'female',
  postalCode: '4370101',
  address: '静岡県見本町本町3-4',
  issuedOn: 'R7.4.1',
  careLevel: 'care2',
  certifiedOn: '令和7年3月20日',
  certificationFrom: '令和7年4月1日',
  certificationTo: '2027/3/31',
  benefitLimitUnits: '',
  burdenRatio: '2',
  burdenFrom: '令和7年8月1日',
  burdenTo: '令和8年7月31日',
  burdenNextRatio: '',
  burdenNextFrom: '',
  burdenNextTo: '',
  burdenIssuedOn: '',
};

describe('parsePaperDate', () => {
  it('reads 和暦 and 西暦 as written on paper', () => {
    expect(parsePaperDate('昭和16年5月2日')).toEqual({ date: '1941-05-02' });
    expect(parsePaperDate('S16.5.2')).toEqual({ date: '1941-05-02' });
    expect(parsePaperDate('令和元年5月1日')).toEqual({ date: '2019-05-01' });
    expect(parsePaperDate('２０２６年８月１日')).toEqual({ date: '2026-08-01' });
    expect(parsePaperDate('2026/8/1')).toEqual({ date: '2026-08-01' });
    expect(parsePaperDate(' 2026-08-01 ')).toEqual({ date: '2026-08-01' });
  });

  it('says why a date cannot be read', () => {
    expect(parsePaperDate('令和8年2月30日')).toEqual({ problem: 'invalidDate' });
    expect(parsePaperDate('2026/2/30')).toEqual({ problem: 'invalidDate' });
    expect(parsePaperDate('令和1年4月30日')).toEqual({ problem: 'beforeEra' });
    expect(parsePaperDate('昭和十六年')).toEqual({ problem: 'unparseable' });
    expect(parsePaperDate('5月2日')).toEqual({ problem: 'unparseable' });
  });
});

describe('paperFormToContent', () => {
  it('turns a typed card into a record, with the defaults for what a card does not carry', () => {
    const result = paperFormToContent(CARD, TODAY);
    expect(result).toEqual({
      ok: true,
      content: {
        insurerNumber: '229029',
        insuredNumber: '0123456789',
        identity: { name: '見本 花子', nameKana: 'ミホン ハナコ', birthDate: '1941-05-02', sex: 'female', postalCode: '437-0101', address: '静岡県見本町本町3-4' },
        eligibility: {
          issuedOn: '2025-04-01',
          qualifiedOn: '2025-04-01',
          disqualifiedOn: null,
          careLevel: 'care2',
          certifiedOn: '2025-03-20',
          certificationPeriod: { from: '2025-04-01', to: '2027-03-31' },
          // 要介護2 since 2019-10: 19,705 units a month.
          benefitLimit: { period: { from: '2025-04-01', to: '2027-03-31' }, units: 19705 },
          serviceKindLimits: [],
          reviewBoardOpinion: '',
          benefitRestrictions: [],
          assignedCareManagementOffices: [],
          facilityStays: [],
        },
        burdenRatio: { issuedOn: '2025-04-01', periods: [{ ratio: 2, period: { from: '2025-08-01', to: '2026-07-31' } }] },
        costLimitCertification: null,
        certification: null,
        homeModification: { usedYen: 0, countedSince: '2025-04-01' },
        welfareEquipmentPurchases: [],
      },
    });
    expect(InsuredRecordContent.safeParse(result.ok && result.content).success).toBe(true);
  });

  it('takes the limit printed on the card, with its digit grouping and unit', () => {
    const result = paperFormToContent({ ...CARD, benefitLimitUnits: '１９，７０５単位', burdenRatio: '3割' }, TODAY);
    expect(result.ok && result.content.eligibility.benefitLimit?.units).toBe(19705);
    expect(result.ok && result.content.burdenRatio.periods[0]?.ratio).toBe(3);
  });

  it('names each field that is wrong, in Japanese, in the order of the form', () => {
    const result = paperFormToContent(
      { ...CARD, insuredNumber: '12345', birthDate: '昭和十六年', certificationTo: '令和7年3月31日', burdenRatio: '4', sex: '' },
      TODAY,
    );
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors.map((e) => [e.field, e.ja])).toEqual([
      ['insuredNumber', '被保険者番号は10桁の数字です'],
      ['birthDate', '生年月日を読み取れません（例: 昭和16年5月2日）'],
      ['sex', '性別を選んでください'],
      ['certificationTo', '認定有効期間の終了日が開始日より前です'],
      ['burdenRatio', '負担割合は1割・2割・3割から選んでください'],
    ]);
  });

  it('requires what a card always carries, and a period for 要支援・要介護 but not for 非該当', () => {
    const result = paperFormToContent({ ...EMPTY_PAPER_FORM, careLevel: 'care1' }, TODAY);
    expect(!result.ok && result.errors.map((e) => e.field)).toEqual([
      'insurerNumber',
      'insuredNumber',
      'name',
      'nameKana',
      'birthDate',
      'sex',
      'postalCode',
      'address',
      'issuedOn',
      'certificationFrom',
      'certificationTo',
      'burdenRatio',
      'burdenFrom',
      'burdenTo',
    ]);
    expect(!result.ok && result.errors.find((e) => e.field === 'name')?.ja).toBe('氏名を入力してください');

    const none = paperFormToContent({ ...CARD, careLevel: 'notApplicable', certifiedOn: '', certificationFrom: '', certificationTo: '' }, TODAY);
    expect(none.ok && [none.content.eligibility.certificationPeriod, none.content.eligibility.benefitLimit]).toEqual([null, null]);
  });

  it('refuses a birth date after today and a date that does not exist', () => {
    const result = paperFormToContent({ ...CARD, birthDate: '令和8年7月11日', issuedOn: '令和7年2月29日' }, TODAY);
    expect(!result.ok && result.errors.map((e) => e.ja)).toEqual(['生年月日が今日より後です', '交付年月日は存在しない日付です']);
  });

  it('round-trips a record through the correction form, keeping what the form does not show', () => {
    const first = paperFormToContent(CARD, TODAY);
    if (!first.ok) throw new Error('the card should read');
    const base: InsuredRecordContent = {
      ...first.content,
      costLimitCertification: { stage: 'stage2', period: { from: '2025-08-01', to: '2026-07-31' }, issuedOn: '2025-07-20' },
      eligibility: { ...first.content.eligibility, qualifiedOn: '2006-05-01', reviewBoardOpinion: '特になし' },
    };
    const again = paperFormToContent({ ...contentToPaperForm(base), address: '静岡県見本町新町1-1' }, TODAY, base);
    expect(again).toEqual({ ok: true, content: { ...base, identity: { ...base.identity, address: '静岡県見本町新町1-1' } } });
  });

  it('takes the second period a card prints, after the first, and gives it back for a correction', () => {
    const twoPeriods = { ...CARD, burdenNextRatio: '3', burdenNextFrom: '令和8年8月1日', burdenNextTo: 'R9.7.31' };
    const result = paperFormToContent(twoPeriods, TODAY);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.content.burdenRatio.periods).toEqual([
      { ratio: 2, period: { from: '2025-08-01', to: '2026-07-31' } },
      { ratio: 3, period: { from: '2026-08-01', to: '2027-07-31' } },
    ]);
    const form = contentToPaperForm(result.content);
    // Dates come back in 和暦, as the card prints them.
    expect([form.burdenNextRatio, form.burdenNextFrom, form.burdenNextTo]).toEqual(['3', '令和8年8月1日', '令和9年7月31日']);
    expect(form.birthDate).toBe('昭和16年5月2日');
    const again = paperFormToContent(form, TODAY);
    expect(again.ok && again.content.burdenRatio).toEqual(result.content.burdenRatio);
  });

  it('wants all of the next period, starting after the first one ends', () => {
    const fields = (form: PaperForm) => {
      const result = paperFormToContent(form, TODAY);
      return result.ok ? [] : result.errors.map((e) => e.field);
    };
    expect(fields({ ...CARD, burdenNextRatio: '3' })).toEqual(['burdenNextFrom', 'burdenNextTo']);
    expect(fields({ ...CARD, burdenNextRatio: '3', burdenNextFrom: '令和8年7月1日', burdenNextTo: '令和9年7月31日' })).toEqual(['burdenNextFrom']);
    expect(fields({ ...CARD, burdenNextFrom: '令和8年8月1日', burdenNextTo: '令和9年7月31日' })).toEqual(['burdenNextRatio']);
  });

  it('never throws, whatever is typed', () => {
    const field = fc.oneof(fc.string(), fc.constantFrom('', '令和8年8月1日', 'R8.8.1', '2026/13/1', '平成31年5月31日', '１２３', 'care1', 'male', '2'));
    fc.assert(
      fc.property(fc.record(Object.fromEntries(PAPER_FIELDS.map((f) => [f, field])) as Record<keyof PaperForm, fc.Arbitrary<string>>), (form) => {
        const result = paperFormToContent(form, TODAY);
        if (result.ok) expect(InsuredRecordContent.safeParse(result.content).success).toBe(true);
        else expect(result.errors.length).toBeGreaterThan(0);
      }),
      { numRuns: 500 },
    );
  });
});
