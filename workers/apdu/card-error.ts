/**
 * The typed error of card work: a stable code from `src/protocol/card.ts`, optional tries left, the status
 * word that caused it and a short technical reason. It never carries APDU bytes (a VERIFY holds a PIN) nor
 * anything read from the card.
 */
import { cardErrorMessage, type CardErrorCode, type CardErrorInfo } from '../../src/protocol/card.ts';
import { hex16 } from './hex.ts';

export interface CardErrorOptions {
  triesLeft?: number;
  statusWord?: number;
  reason?: string;
  cause?: unknown;
}

export class CardError extends Error {
  override readonly name = 'CardError';
  readonly code: CardErrorCode;
  readonly triesLeft: number | undefined;
  readonly statusWord: number | undefined;
  readonly reason: string | undefined;

  constructor(code: CardErrorCode, options: CardErrorOptions = {}) {
    const detail = [options.statusWord === undefined ? '' : ` SW=${hex16(options.statusWord)}`, options.reason ? ` (${options.reason})` : ''].join('');
    super(`${code}${detail}: ${cardErrorMessage(code, options.triesLeft).en}`, { cause: options.cause });
    this.code = code;
    this.triesLeft = options.triesLeft;
    this.statusWord = options.statusWord;
    this.reason = options.reason;
  }

  /** The form that crosses the worker boundary. */
  toInfo(): CardErrorInfo {
    const text = cardErrorMessage(this.code, this.triesLeft);
    const info: CardErrorInfo = { code: this.code, messageJa: text.ja, messageEn: text.en };
    if (this.triesLeft !== undefined) info.triesLeft = this.triesLeft;
    if (this.statusWord !== undefined) info.statusWord = hex16(this.statusWord);
    if (this.reason !== undefined) info.reason = this.reason.slice(0, 200);
    return info;
  }
}

export function isCardError(value: unknown, code?: CardErrorCode): value is CardError {
  return value instanceof CardError && (code === undefined || value.code === code);
}
