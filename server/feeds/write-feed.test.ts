import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { readCsv } from './csv-reader.ts';
import { FEED_COLUMNS } from './feed-columns.ts';
import { FeedWriteError } from './feed-errors.ts';
import { DOCTOR_OPINION, FULL_FILE, FULL_INSURED } from './parse-feed-fixtures.testing.ts';
import { writeFeedCsv, writeFeedJson } from './write-feed.ts';

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe('writeFeedCsv', () => {
  it('writes the header of every column, then one CRLF-ended row per record', () => {
    const csv = text(writeFeedCsv(FULL_FILE, 'utf-8'));
    const header = FEED_COLUMNS.map((c) => c.name).join(',');
    expect(csv.startsWith(`${header}\r\n`)).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    // The quoted address holds one CRLF of its own: header + 3 records + 1 = 5 line ends.
    expect(csv.split('\r\n')).toHaveLength(6);
  });

  it('writes codes, dates, numbered items and list cells as the layout says', () => {
    const read = readCsv(text(writeFeedCsv({ ...FULL_FILE, records: [FULL_INSURED, DOCTOR_OPINION] }, 'utf-8')));
    if (!read.ok) throw new Error('unreadable CSV');
    const [header, person, opinion] = read.records.map((r) => r.cells);
    const cells = (row: string[]) => Object.fromEntries(header!.map((name, i) => [name, row[i]]));
    expect(cells(person!)).toMatchObject({
      recordType: 'insured',
      createdAt: '2026-11-25T06:00:00+09:00',
      sex: 'female',
      careLevel: 'care2',
      burdenRatio2: '3',
      burdenRatio2From: '2026-08-01',
      burdenRatio3: '',
      serviceKindLimits: '訪問入浴介護:3000',
      assignedCareManagementOffice2NotifiedOn: '2026-04-01',
      assignedCareManagementOffice2CancelledOn: '',
      welfareEquipmentPurchase2UsedYen: '18000',
      costLimitStage: 'stage3a',
      clinicName: '',
    });
    expect(cells(opinion!)).toMatchObject({ recordType: 'doctorOpinion', name: '', diagnoses: '脳梗塞後遺症:2019-04-01;高血圧症:' });
  });

  it('writes Shift_JIS, and a UTF-8 BOM when asked', () => {
    const sjis = writeFeedCsv(FULL_FILE, 'shift_jis');
    expect(iconv.decode(Buffer.from(sjis), 'cp932')).toBe(text(writeFeedCsv(FULL_FILE, 'utf-8')));
    expect([...writeFeedCsv(FULL_FILE, 'utf-8', { bom: true }).subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });

  it('refuses a list longer than its numbered columns', () => {
    const periods = Array.from({ length: 4 }, (_, i) => ({ ratio: 1 as const, period: { from: `202${i}-01-01`, to: `202${i}-12-31` } }));
    const offices = Array.from({ length: 4 }, () => FULL_INSURED.eligibility.assignedCareManagementOffices[1]!);
    expect(() => writeFeedCsv({ ...FULL_FILE, records: [{ ...FULL_INSURED, burdenRatio: { issuedOn: '2026-07-10', periods } }] }, 'utf-8')).not.toThrow();
    const tooMany = { ...FULL_INSURED, eligibility: { ...FULL_INSURED.eligibility, assignedCareManagementOffices: offices } };
    expect(() => writeFeedCsv({ ...FULL_FILE, records: [DOCTOR_OPINION, tooMany] }, 'utf-8')).toThrow(
      new FeedWriteError('tooManyItemsForCsv', 'records[1].eligibility.assignedCareManagementOffices: 4 > 3'),
    );
  });

  it('refuses text Shift_JIS cannot hold rather than write a ?', () => {
    const record = { ...FULL_INSURED, identity: { ...FULL_INSURED.identity, name: '𠮷田 花子' } };
    expect(() => writeFeedCsv({ ...FULL_FILE, records: [record] }, 'shift_jis')).toThrow(FeedWriteError);
    expect(() => writeFeedCsv({ ...FULL_FILE, records: [record] }, 'utf-8')).not.toThrow();
  });
});

describe('writeFeedJson', () => {
  it('writes indented UTF-8 JSON with a final line end', () => {
    const json = text(writeFeedJson(FULL_FILE));
    expect(json.startsWith('{\n  "format": "tsunagi-insurer-feed",\n  "version": 1,\n')).toBe(true);
    expect(json.endsWith('}\n')).toBe(true);
    expect(JSON.parse(json)).toEqual(FULL_FILE);
  });
});
