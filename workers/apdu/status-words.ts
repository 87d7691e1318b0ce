/**
 * Status words → typed errors (ISO/IEC 7816-4 §5.1.3 and the JPKI card's use of them):
 *   9000 success · 63Cx wrong PIN, x tries left (x = 0: now blocked) · 6983/6984 PIN blocked ·
 *   6982 security status not satisfied · 6A82 file or application not found · 6700 / 6Cxx wrong length ·
 *   61xx more data (handled by `exchangeApdu`, an error only if it reaches here).
 */
import { CardError } from './card-error.ts';

export const SW_OK = 0x9000;

/** Null for success, else the error the status word means. */
export function statusError(sw: number): CardError | null {
  if (sw === SW_OK) return null;
  const sw1 = sw >> 8;
  if ((sw & 0xfff0) === 0x63c0) {
    const triesLeft = sw & 0x0f;
    return triesLeft === 0 ? new CardError('pinBlocked', { triesLeft: 0, statusWord: sw }) : new CardError('wrongPin', { triesLeft, statusWord: sw });
  }
  if (sw === 0x6983 || sw === 0x6984) return new CardError('pinBlocked', { triesLeft: 0, statusWord: sw });
  if (sw === 0x6982) return new CardError('securityNotSatisfied', { statusWord: sw });
  if (sw === 0x6a82) return new CardError('fileNotFound', { statusWord: sw });
  if (sw === 0x6700 || sw1 === 0x6c) return new CardError('wrongLength', { statusWord: sw });
  return new CardError('unexpectedStatus', { statusWord: sw });
}

/** Throws the typed error unless the status word is 9000. */
export function requireOk(response: { sw: number }): void {
  const error = statusError(response.sw);
  if (error) throw error;
}
