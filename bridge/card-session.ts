/**
 * One card session: a PC/SC card handle on one reader behind the worker's APDU policy
 * (`workers/apdu/apdu-policy.ts`, a fresh policy state per session) and the VERIFY rate limit.
 *
 * Commands of a session run one at a time in arrival order: the policy decides on a command from the state
 * the previous answers left, so two commands in flight at once would let a check and its observation
 * interleave. A refused command throws `apduForbidden` and is never handed to PC/SC. After a transport
 * failure the policy forgets the selection, as the worker's guarded transport does. The command buffer is
 * zeroed once sent (a VERIFY carries the PIN).
 */
import { createApduPolicy, type ApduPolicy } from '../workers/apdu/apdu-policy.ts';
import { BridgeFailure, toBridgeFailure } from './bridge-failure.ts';
import type { PcscCardHandle } from './pcsc-port.ts';
import type { VerifyRateLimiter } from './verify-rate-limiter.ts';

export interface CardSession {
  readonly id: string;
  readonly reader: string;
  readonly policy: ApduPolicy;
  /** Runs one command APDU through the policy and the card. Throws `BridgeFailure`. */
  transmit(apdu: Uint8Array): Promise<Uint8Array>;
  /** Releases the card; later transmits answer `sessionNotFound`. Never throws. */
  close(): Promise<void>;
  readonly closed: boolean;
}

export interface CardSessionDeps {
  id: string;
  reader: string;
  handle: PcscCardHandle;
  verifyLimiter: VerifyRateLimiter;
  /** Told about every refused command (rule name only). */
  onRefused?: (rule: string) => void;
}

/** VERIFY with data, i.e. a PIN try (`00 20 00 80 Lc …`); without data it only reads the tries left. */
export function isPinVerify(apdu: Uint8Array): boolean {
  return apdu.length > 5 && apdu[0] === 0x00 && apdu[1] === 0x20;
}

export function createCardSession(deps: CardSessionDeps): CardSession {
  const policy = createApduPolicy();
  let queue: Promise<unknown> = Promise.resolve();
  let closed = false;

  async function run(apdu: Uint8Array): Promise<Uint8Array> {
    if (closed) throw new BridgeFailure('sessionNotFound');
    try {
      const decision = policy.check(apdu);
      if (!decision.allowed) {
        deps.onRefused?.(decision.rule);
        throw new BridgeFailure('apduForbidden', { reason: decision.rule });
      }
      if (isPinVerify(apdu)) {
        const slot = deps.verifyLimiter.take(deps.reader);
        if (!slot.ok) throw new BridgeFailure('verifyRateLimited', { retryAfterMs: slot.retryAfterMs });
      }
      let response: Uint8Array;
      try {
        response = await deps.handle.transmit(apdu);
      } catch (error) {
        policy.reset();
        const failure = toBridgeFailure(error);
        if (failure.code === 'cardRemoved' || failure.code === 'readerNotFound') await close();
        throw failure;
      }
      policy.observe(apdu, response);
      return response;
    } finally {
      apdu.fill(0);
    }
  }

  async function close(): Promise<void> {
    if (closed) return;
    closed = true;
    policy.reset();
    await deps.handle.disconnect().catch(() => undefined);
  }

  return {
    id: deps.id,
    reader: deps.reader,
    policy,
    transmit(apdu) {
      const result = queue.then(() => run(apdu));
      queue = result.catch(() => undefined);
      return result;
    },
    close,
    get closed() {
      return closed;
    },
  };
}
