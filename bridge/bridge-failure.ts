/**
 * A failure inside the bridge that becomes an error answer: a stable code from `src/protocol/bridge.ts` plus
 * the optional extras of that code. `fromPcscError` maps the PC/SC layer's codes onto the wire codes.
 */
import { bridgeError, type BridgeErrorCode, type BridgeErrorInfo } from '../src/protocol/bridge.ts';
import { PcscError } from './pcsc-port.ts';

export interface BridgeFailureExtra {
  reason?: string;
  attemptsLeft?: number;
  retryAfterMs?: number;
}

export class BridgeFailure extends Error {
  override readonly name = 'BridgeFailure';
  readonly code: BridgeErrorCode;
  readonly extra: BridgeFailureExtra;

  constructor(code: BridgeErrorCode, extra: BridgeFailureExtra = {}, options: { cause?: unknown } = {}) {
    super(extra.reason ? `${code}: ${extra.reason}` : code, options);
    this.code = code;
    this.extra = extra;
  }

  toInfo(): BridgeErrorInfo {
    const extra: BridgeFailureExtra = { ...this.extra };
    if (extra.reason !== undefined) extra.reason = extra.reason.slice(0, 300);
    return bridgeError(this.code, extra);
  }

  /** PC/SC failures keep their meaning; a missing binding or service carries the fix in `reason`. */
  static fromPcscError(error: PcscError): BridgeFailure {
    switch (error.code) {
      case 'bindingMissing':
      case 'serviceUnavailable':
        return new BridgeFailure('pcscUnavailable', { reason: error.message }, { cause: error });
      case 'readerNotFound':
      case 'noCard':
      case 'cardRemoved':
      case 'readerBusy':
        return new BridgeFailure(error.code, {}, { cause: error });
      case 'transportError':
        return new BridgeFailure('transportError', { reason: error.message }, { cause: error });
    }
  }
}

/** Any error as a `BridgeFailure` (unknown errors become `transportError` without their message). */
export function toBridgeFailure(error: unknown): BridgeFailure {
  if (error instanceof BridgeFailure) return error;
  if (error instanceof PcscError) return BridgeFailure.fromPcscError(error);
  return new BridgeFailure('transportError', {}, { cause: error });
}
