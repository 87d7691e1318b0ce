/**
 * Writes one value of a record as the CSV cell its column expects: the inverse of parseFeedCell, so that every
 * value the schema accepts reads back the same.
 */
import type { FeedColumn } from './feed-columns.ts';

export function writeFeedCell(column: FeedColumn, value: unknown): string {
  if (value === null || value === undefined) return '';
  switch (column.kind) {
    case 'code':
      return column.codes?.written.get(value as string | number) ?? String(value);
    case 'list': {
      const syntax = column.list;
      if (!syntax || !Array.isArray(value)) return '';
      return value
        .map((item: Record<string, unknown>) => {
          const text = String(item[syntax.textKey] ?? '').replaceAll('\\', '\\\\').replaceAll(';', '\\;');
          const itemValue = item[syntax.valueKey];
          return `${text}:${itemValue === null || itemValue === undefined ? '' : String(itemValue)}`;
        })
        .join(';');
    }
    case 'json':
      return Array.isArray(value) && value.length === 0 ? '' : JSON.stringify(value);
    default:
      return String(value);
  }
}
