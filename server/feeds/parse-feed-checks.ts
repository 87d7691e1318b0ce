/**
 * Checks that need the whole file rather than one record: one insurer per file, each insured person and each
 * document at most once, and no two burden-ratio periods of a person on the same day. They run on every record,
 * valid or not, so one upload shows every problem at once; a value that is itself malformed is left to the
 * record's own error. A document for a person not in the file is fine: the person may have come in an earlier one.
 */
import type { FeedError, FeedFile, FeedRecord } from '../../src/protocol/feed.ts';
import type { PathKey } from './feed-columns.ts';

/** One record as read, before and after validation, with the way its file names a field and a line. */
export interface CheckedRecord {
  readonly line: number;
  /** The record as read from the file (any shape). */
  readonly candidate: unknown;
  /** The validated record, or null when it has errors of its own. */
  readonly record: FeedRecord | null;
  /** The field name to report for a path in the record (a CSV column, or a JSON path). */
  readonly fieldOf: (path: readonly PathKey[]) => string;
}

export interface CheckContext {
  /** The insurer every record must belong to, and how to name where it came from (ファイルの / 2行目の). */
  readonly insurer: { readonly number: string; readonly source: string } | null;
  /** How a line is said in a reason: 行目 for CSV lines, 件目 for JSON record numbers. */
  readonly lineUnit: string;
}

/** What a reader (CSV or JSON) made of a file, before the checks across records. */
export interface FeedReading {
  /** Problems of the file's form and of single records. */
  readonly errors: FeedError[];
  readonly records: readonly CheckedRecord[];
  readonly context: CheckContext;
  /** The whole file, when no record had a problem of its own. */
  readonly file: FeedFile | null;
}

const INSURER = /^\d{6}$/;
const INSURED = /^\d{10}$/;
const DOCUMENT_ID = /^[A-Za-z0-9_-]{1,64}$/;

export function checkAcrossRecords(records: readonly CheckedRecord[], context: CheckContext): FeedError[] {
  const errors: FeedError[] = [];
  const people = new Map<string, number>();
  const documents = new Map<string, number>();
  for (const entry of records) {
    const { line, fieldOf } = entry;
    const candidate = entry.candidate !== null && typeof entry.candidate === 'object' ? (entry.candidate as Record<string, unknown>) : {};
    const insurerNumber = candidate['insurerNumber'];
    if (context.insurer && typeof insurerNumber === 'string' && INSURER.test(insurerNumber) && insurerNumber !== context.insurer.number) {
      errors.push({
        line,
        field: fieldOf(['insurerNumber']),
        reason: `保険者番号が${context.insurer.source}保険者番号（${context.insurer.number}）と違います（1ファイルに1保険者です）`,
      });
    }
    const kind = candidate['kind'];
    if (kind === 'insured') {
      const insuredNumber = candidate['insuredNumber'];
      if (typeof insuredNumber === 'string' && INSURED.test(insuredNumber)) {
        const first = people.get(insuredNumber);
        if (first === undefined) people.set(insuredNumber, line);
        else errors.push({ line, field: fieldOf(['insuredNumber']), reason: `同じ被保険者番号が${first}${context.lineUnit}にもあります` });
      }
    } else if (kind === 'doctorOpinion' || kind === 'assessmentSurvey') {
      const documentId = candidate['documentId'];
      if (typeof documentId === 'string' && DOCUMENT_ID.test(documentId)) {
        const first = documents.get(documentId);
        if (first === undefined) documents.set(documentId, line);
        else errors.push({ line, field: fieldOf(['documentId']), reason: `同じ文書ID（${documentId}）が${first}${context.lineUnit}にもあります` });
      }
    }
    if (entry.record?.kind === 'insured') errors.push(...overlappingPeriods(entry.record, line, fieldOf));
  }
  return errors;
}

/** Burden-ratio periods are inclusive ranges of days: two overlap when each starts no later than the other ends. */
function overlappingPeriods(record: Extract<FeedRecord, { kind: 'insured' }>, line: number, fieldOf: CheckedRecord['fieldOf']): FeedError[] {
  const errors: FeedError[] = [];
  const periods = record.burdenRatio.periods;
  for (let j = 1; j < periods.length; j++) {
    for (let i = 0; i < j; i++) {
      const a = periods[i]!.period;
      const b = periods[j]!.period;
      if (a.from <= b.to && b.from <= a.to) {
        errors.push({
          line,
          field: fieldOf(['burdenRatio', 'periods', j, 'period', 'from']),
          reason: `負担割合の期間が${i + 1}番目の期間（${a.from}〜${a.to}）と重なっています`,
        });
        break;
      }
    }
  }
  return errors;
}
