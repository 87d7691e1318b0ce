/**
 * The hash routes of the paper-entry screen (紙から転記): `#/paper/new` for a person not yet recorded, and
 * `#/paper/edit/<insurerNumber>/<insuredNumber>` to correct a paper record. Hashes keep reload working offline.
 */
import { InsuredNumber, InsurerNumber } from '../../domain/identifiers.ts';

export type PaperRoute = { readonly kind: 'new' } | { readonly kind: 'edit'; readonly insurerNumber: string; readonly insuredNumber: string };

export const PAPER_NEW_HASH = '#/paper/new';
const EDIT_HASH = /^#\/paper\/edit\/([^/]+)\/([^/]+)$/;

/** The paper route a location hash names, or null for any other hash or malformed numbers. */
export function parsePaperRoute(hash: string): PaperRoute | null {
  if (hash === PAPER_NEW_HASH) return { kind: 'new' };
  const match = EDIT_HASH.exec(hash);
  if (!match) return null;
  const insurer = InsurerNumber.safeParse(match[1]);
  const insured = InsuredNumber.safeParse(match[2]);
  if (!insurer.success || !insured.success) return null;
  return { kind: 'edit', insurerNumber: insurer.data, insuredNumber: insured.data };
}

/** The hash that opens the correction of a person's paper record. */
export function paperEditHash(person: { insurerNumber: string; insuredNumber: string }): string {
  return `#/paper/edit/${person.insurerNumber}/${person.insuredNumber}`;
}
