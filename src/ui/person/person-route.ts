/**
 * The hash route of the person screen, `#/person/<insurerNumber>/<insuredNumber>`: a hash keeps reload and
 * the back button working offline (the service worker serves the one index.html whatever the hash).
 */
import { InsuredNumber, InsurerNumber } from '../../domain/identifiers.ts';

export interface PersonRoute {
  readonly insurerNumber: string;
  readonly insuredNumber: string;
}

const PERSON_HASH = /^#\/person\/([^/]+)\/([^/]+)$/;

/** The person a location hash names, or null for any other hash (the list) or malformed numbers. */
export function parsePersonRoute(hash: string): PersonRoute | null {
  const match = PERSON_HASH.exec(hash);
  if (!match) return null;
  const insurer = InsurerNumber.safeParse(match[1]);
  const insured = InsuredNumber.safeParse(match[2]);
  if (!insurer.success || !insured.success) return null;
  return { insurerNumber: insurer.data, insuredNumber: insured.data };
}

/** The hash that opens a person's screen. */
export function personHash(route: PersonRoute): string {
  return `#/person/${route.insurerNumber}/${route.insuredNumber}`;
}
