/**
 * Commands to the RC-S380's NFC Port-100 chip over USB bulk transfers: write a command frame, read the ACK
 * frame, read the response frame (whose code is the command's + 1). Every read has a deadline; a chip that
 * misses it gets an ACK from the host (which aborts its command) and the chip is then considered unusable:
 * WebUSB cannot cancel the read still pending, so its late answer would be taken for the next one.
 *
 * InCommRF (`04`) carries one frame to the card: `timeout (LE, 0.1 ms units) | frame` → `status (LE u32) |
 * 1 byte | card frame`. Status bit `0x80` = the card did not answer; other bits = damaged reception.
 */
import { CardError } from '../../apdu/card-error.ts';
import { concatBytes } from '../../apdu/hex.ts';
import { decodePort100Frame, encodePort100Command, Port100FrameError, PORT100_ACK } from './port100-frame.ts';
import type { RfOutcome } from './iso-dep-session.ts';
import type { UsbDeviceLike } from './usb-device-like.ts';

/** Port-100 command codes used here. */
export const PORT100_COMMAND = {
  inSetRf: 0x00,
  inSetProtocol: 0x02,
  inCommRf: 0x04,
  switchRf: 0x06,
  getFirmwareVersion: 0x20,
  setCommandType: 0x2a,
} as const;

/** InCommRF status bit: no answer from the card within the timeout. */
export const RF_RECEIVE_TIMEOUT = 0x0000_0080;

export interface Port100ChipOptions {
  /** Time for the chip to ACK a command frame, in ms. */
  ackTimeoutMs?: number;
  /** Time a response may take beyond the command's own timeout, in ms. */
  responseMarginMs?: number;
}

export interface Port100Chip {
  /** Runs one command and returns the response data (after `D7 code+1`). */
  command(code: number, data: Uint8Array, timeoutMs: number, signal?: AbortSignal): Promise<Uint8Array>;
  /** Runs a settings command whose answer is one status byte, 0 = success. */
  configure(code: number, data: Uint8Array, signal?: AbortSignal): Promise<void>;
  /** Sends one frame to the card with InCommRF and returns what came back. */
  inCommRf(frame: Uint8Array, timeoutMs: number, signal?: AbortSignal): Promise<RfOutcome>;
  /** Aborts any command in progress (host ACK). Never throws. */
  abort(): Promise<void>;
}

const USB_READ_LENGTH = 1024;
const CONFIGURE_TIMEOUT_MS = 100;

export function createPort100Chip(device: UsbDeviceLike, endpoints: { in: number; out: number }, options: Port100ChipOptions = {}): Port100Chip {
  const ackTimeoutMs = options.ackTimeoutMs ?? 1_000;
  const marginMs = options.responseMarginMs ?? 500;
  let broken: CardError | null = null;

  async function write(bytes: Uint8Array<ArrayBuffer>): Promise<void> {
    const result = await device.transferOut(endpoints.out, bytes).catch((error: unknown) => {
      throw new CardError('transportError', { reason: 'usb write failed', cause: error });
    });
    if (result.status !== undefined && result.status !== 'ok') throw new CardError('transportError', { reason: `usb write ${result.status}` });
  }

  async function read(timeoutMs: number, signal?: AbortSignal): Promise<Uint8Array> {
    const transfer = device.transferIn(endpoints.in, USB_READ_LENGTH);
    const result = await race(transfer, timeoutMs, signal).catch(async (error: unknown) => {
      // The read is still pending inside WebUSB; nothing more can be read reliably.
      broken = error instanceof CardError ? error : new CardError('transportError', { reason: 'usb read failed', cause: error });
      transfer.catch(() => undefined);
      await abort();
      throw broken;
    });
    if (result.status !== undefined && result.status !== 'ok') throw new CardError('transportError', { reason: `usb read ${result.status}` });
    const view = result.data;
    return view ? new Uint8Array(view.buffer, view.byteOffset, view.byteLength).slice() : new Uint8Array(0);
  }

  async function command(code: number, data: Uint8Array, timeoutMs: number, signal?: AbortSignal): Promise<Uint8Array> {
    if (broken) throw new CardError(broken.code, { reason: 'reader must be reconnected' });
    if (signal?.aborted) throw new CardError('cancelled');
    await write(encodePort100Command(code, data));
    let ackError: Port100FrameError | null = null;
    try {
      if (decodePort100Frame(await read(ackTimeoutMs, signal)).kind !== 'ack') throw new CardError('transportError', { reason: 'reader did not acknowledge' });
    } catch (error) {
      // A damaged ACK: the response still follows and must be read, or it would answer the next command.
      if (!(error instanceof Port100FrameError)) throw error;
      ackError = error;
    }
    const response = decodePort100Frame(await read(timeoutMs + marginMs, signal));
    if (ackError) throw ackError;
    if (response.kind !== 'data' || response.tfi !== 0xd7 || response.code !== ((code + 1) & 0xff)) {
      throw new CardError('transportError', { reason: 'unexpected reader response' });
    }
    return response.data;
  }

  async function configure(code: number, data: Uint8Array, signal?: AbortSignal): Promise<void> {
    let answer: Uint8Array;
    try {
      answer = await command(code, data, CONFIGURE_TIMEOUT_MS, signal);
    } catch (error) {
      if (!(error instanceof Port100FrameError)) throw error;
      // A damaged answer to a settings command: the settings are idempotent, so ask once more.
      answer = await command(code, data, CONFIGURE_TIMEOUT_MS, signal).catch((again: unknown) => {
        throw again instanceof Port100FrameError ? new CardError('transportError', { reason: again.code, cause: again }) : again;
      });
    }
    if (answer[0] !== 0x00) throw new CardError('transportError', { reason: `reader status ${answer[0] ?? 'missing'} for command ${code}` });
  }

  async function inCommRf(frame: Uint8Array, timeoutMs: number, signal?: AbortSignal): Promise<RfOutcome> {
    const units = Math.min(0xffff, Math.max(1, Math.ceil(timeoutMs * 10)));
    let answer: Uint8Array;
    try {
      answer = await command(PORT100_COMMAND.inCommRf, concatBytes(Uint8Array.of(units & 0xff, units >> 8), frame), units / 10, signal);
    } catch (error) {
      // A damaged reader frame is a damaged card frame as far as ISO-DEP goes: it recovers with R(NAK).
      if (error instanceof Port100FrameError) return { ok: false, error: 'damaged', detail: error.code };
      throw error;
    }
    if (answer.length < 5) return { ok: false, error: 'damaged', detail: 'short InCommRF answer' };
    const status = ((answer[0] ?? 0) | ((answer[1] ?? 0) << 8) | ((answer[2] ?? 0) << 16) | ((answer[3] ?? 0) << 24)) >>> 0;
    if (status === 0) return { ok: true, frame: answer.slice(5) };
    if ((status & RF_RECEIVE_TIMEOUT) !== 0) return { ok: false, error: 'noAnswer', detail: 'receive timeout' };
    return { ok: false, error: 'damaged', detail: `rf status ${status.toString(16).padStart(8, '0')}` };
  }

  async function abort(): Promise<void> {
    await device.transferOut(endpoints.out, PORT100_ACK.slice()).catch(() => undefined);
  }

  return { command, configure, inCommRf, abort };
}

/** Settles with `work`, or rejects with `timeout` after `ms`, or `cancelled` when `signal` aborts. */
function race<T>(work: Promise<T>, ms: number, signal?: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const finish = (action: () => void) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      action();
    };
    const onAbort = () => finish(() => reject(new CardError('cancelled')));
    const timer = setTimeout(() => finish(() => reject(new CardError('timeout', { reason: 'reader did not answer' }))), ms);
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => finish(() => resolve(value)),
      (error: unknown) => finish(() => reject(new CardError('transportError', { reason: 'usb read failed', cause: error }))),
    );
  });
}
