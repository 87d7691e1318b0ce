/**
 * Instant search over an office's people: by name (kanji), フリガナ (katakana or hiragana typed) or 被保険者番号.
 * A query matches when it is a prefix of the whole name, of the whole kana, of any space-separated part of
 * either (family or given name), or — for digits only — of the insured number. Full-width and half-width input
 * are the same (NFKC), as are hiragana and katakana, and spaces are ignored.
 *
 * The index is built once per list (O(n)); a query is one `includes` per person over a pre-joined key string,
 * so 10,000 people take about a millisecond per keystroke.
 */

/** Folds what a person may type or see into one comparable form. */
export function normaliseForSearch(text: string): string {
  return (
    text
      .normalize('NFKC')
      // Hiragana → katakana: the two blocks are 0x60 apart (U+3041–U+3096 → U+30A1–U+30F6).
      .replace(/[\u3041-\u3096]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0x60))
      .replace(/[\s\u3000]+/g, '')
      .toLowerCase()
  );
}

export interface Searchable {
  readonly name: string;
  readonly nameKana: string;
  readonly insuredNumber: string;
}

/** A separator that cannot occur in normalised text, so a prefix match never spans two keys. */
const SEP = '\u0001';

export interface PeopleSearchIndex<T> {
  /** The items matching `query`, in the index's order; all of them for an empty query. */
  search(query: string): T[];
}

function keysOf(item: Searchable): string[] {
  const parts = (text: string): string[] => text.split(/[\s\u3000]+/).filter(Boolean).map(normaliseForSearch);
  return [normaliseForSearch(item.name), normaliseForSearch(item.nameKana), ...parts(item.name), ...parts(item.nameKana)];
}

export function buildPeopleSearchIndex<T extends Searchable>(items: readonly T[]): PeopleSearchIndex<T> {
  const nameKeys = items.map((item) => SEP + [...new Set(keysOf(item))].join(SEP));
  const numbers = items.map((item) => item.insuredNumber);
  return {
    search(query) {
      const q = normaliseForSearch(query);
      if (q === '') return [...items];
      const result: T[] = [];
      if (/^\d+$/.test(q)) {
        for (let i = 0; i < items.length; i++) if ((numbers[i] as string).startsWith(q)) result.push(items[i] as T);
      } else {
        const needle = SEP + q;
        for (let i = 0; i < items.length; i++) if ((nameKeys[i] as string).includes(needle)) result.push(items[i] as T);
      }
      return result;
    },
  };
}
