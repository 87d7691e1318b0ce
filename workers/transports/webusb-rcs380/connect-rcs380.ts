/**
 * Opens a My Number card on an RC-S380: claims the USB interface, sets the Port-100 chip up for NFC-B at
 * 106 kbit/s, polls with REQB until a card answers, activates it with ATTRIB and returns a `CardConnection`
 * that carries APDUs as ISO-DEP blocks (see iso-dep-session.ts).
 *
 * Set-up order, as the Port-100 chip expects it: host ACK (clears a half-finished command), SetCommandType 1,
 * SwitchRF off (a fresh field, so the card powers up clean), InSetRF `03 07 0F 07` (Type B 106 kbit/s both
 * ways), InSetProtocol with the chip's defaults, then the Type B settings (initial guard time 20, SOF and EOF
 * added and checked). The first InCommRF switches the field on.
 */
import { CardError } from '../../apdu/card-error.ts';
import type { CardConnection } from '../card-transport.ts';
import { createIsoDepSession } from './iso-dep-session.ts';
import { encodeAttrib, frameWaitingTimeMs, parseAtqb, REQB, type Atqb } from './nfc-b.ts';
import { createPort100Chip, PORT100_COMMAND, type Port100Chip, type Port100ChipOptions } from './port100-chip.ts';
import type { UsbDeviceLike } from './usb-device-like.ts';

/** InSetRF: send and receive at 106 kbit/s Type B. */
export const IN_SET_RF_106B = Uint8Array.of(0x03, 0x07, 0x0f, 0x07);
/** InSetProtocol: the chip's default settings (key, value pairs 00…13). */
export const IN_SET_PROTOCOL_DEFAULTS = Uint8Array.of(
  0x00, 0x18, 0x01, 0x01, 0x02, 0x01, 0x03, 0x00, 0x04, 0x00, 0x05, 0x00, 0x06, 0x00, 0x07, 0x08, 0x08, 0x00, 0x09, 0x00,
  0x0a, 0x00, 0x0b, 0x00, 0x0c, 0x00, 0x0e, 0x04, 0x0f, 0x00, 0x10, 0x00, 0x11, 0x00, 0x12, 0x00, 0x13, 0x06,
);
/** InSetProtocol for Type B: initial guard time (00) 20, add SOF (09), check SOF (0A), add EOF (0B), check EOF (0C). */
export const IN_SET_PROTOCOL_TYPE_B = Uint8Array.of(0x00, 0x14, 0x09, 0x01, 0x0a, 0x01, 0x0b, 0x01, 0x0c, 0x01);

export interface Rcs380ConnectOptions extends Port100ChipOptions {
  /** REQB attempts before answering `noCard`. */
  pollAttempts?: number;
  /** Wait for an ATQB, in ms. */
  pollTimeoutMs?: number;
  /** Deadline for one APDU with its extensions, in ms. */
  apduDeadlineMs?: number;
}

const INTERFACE_NUMBER = 0;
const CONFIGURATION_VALUE = 1;

export async function connectRcs380(device: UsbDeviceLike, signal: AbortSignal, options: Rcs380ConnectOptions = {}): Promise<CardConnection> {
  const endpoints = await claim(device);
  const chip = createPort100Chip(device, endpoints, options);
  try {
    await chip.abort();
    await chip.configure(PORT100_COMMAND.setCommandType, Uint8Array.of(0x01), signal);
    await chip.configure(PORT100_COMMAND.switchRf, Uint8Array.of(0x00), signal);
    await chip.configure(PORT100_COMMAND.inSetRf, IN_SET_RF_106B, signal);
    await chip.configure(PORT100_COMMAND.inSetProtocol, IN_SET_PROTOCOL_DEFAULTS, signal);
    await chip.configure(PORT100_COMMAND.inSetProtocol, IN_SET_PROTOCOL_TYPE_B, signal);
    const atqb = await poll(chip, signal, options);
    if (!atqb.isoDep) throw new CardError('unsupportedCard', { reason: 'card is not ISO/IEC 14443-4' });
    const fwtMs = frameWaitingTimeMs(atqb.fwi);
    const attrib = await chip.inCommRf(encodeAttrib(atqb.pupi), fwtMs, signal);
    // The ATTRIB answer is MBLI | CID; the CID must be the 0 we asked for.
    if (!attrib.ok || attrib.frame.length < 1 || ((attrib.frame[0] ?? 0xff) & 0x0f) !== 0) {
      throw new CardError(attrib.ok || attrib.error === 'damaged' ? 'transportError' : 'cardRemoved', { reason: 'ATTRIB failed' });
    }
    const session = createIsoDepSession((frame, timeoutMs, s) => chip.inCommRf(frame, timeoutMs, s), {
      fsc: atqb.fsc,
      fwtMs,
      ...(options.apduDeadlineMs === undefined ? {} : { apduDeadlineMs: options.apduDeadlineMs }),
    });
    let closed = false;
    return {
      async transmit(apdu, apduSignal) {
        if (closed) throw new CardError('transportError', { reason: 'connection closed' });
        return session.transmit(apdu, apduSignal);
      },
      async close() {
        if (closed) return;
        closed = true;
        await session.deselect();
        await shutDown(device, chip);
      },
    };
  } catch (error) {
    await shutDown(device, chip);
    throw error;
  }
}

async function claim(device: UsbDeviceLike): Promise<{ in: number; out: number }> {
  try {
    if (!device.opened) await device.open();
    if (device.configuration?.configurationValue !== CONFIGURATION_VALUE) await device.selectConfiguration(CONFIGURATION_VALUE);
    await device.claimInterface(INTERFACE_NUMBER);
  } catch (error) {
    // SecurityError (protected class), NotFoundError (unplugged), InvalidStateError (claimed elsewhere).
    await device.close().catch(() => undefined);
    throw new CardError('transportError', { reason: `usb open failed: ${error instanceof Error ? error.name : 'unknown'}`, cause: error });
  }
  const endpoints = device.configuration?.interfaces.find((i) => i.interfaceNumber === INTERFACE_NUMBER)?.alternate.endpoints ?? [];
  const bulkIn = endpoints.find((e) => e.type === 'bulk' && e.direction === 'in');
  const bulkOut = endpoints.find((e) => e.type === 'bulk' && e.direction === 'out');
  if (!bulkIn || !bulkOut) {
    await device.close().catch(() => undefined);
    throw new CardError('transportError', { reason: 'reader has no bulk endpoints' });
  }
  return { in: bulkIn.endpointNumber, out: bulkOut.endpointNumber };
}

async function poll(chip: Port100Chip, signal: AbortSignal, options: Rcs380ConnectOptions): Promise<Atqb> {
  const attempts = options.pollAttempts ?? 5;
  const timeoutMs = options.pollTimeoutMs ?? 30;
  for (let attempt = 0; attempt < attempts; attempt++) {
    const outcome = await chip.inCommRf(REQB, timeoutMs, signal);
    const atqb = outcome.ok ? parseAtqb(outcome.frame) : null;
    if (atqb) return atqb;
  }
  throw new CardError('noCard');
}

/** Field off, chip idle, device closed; never throws. */
async function shutDown(device: UsbDeviceLike, chip: Port100Chip): Promise<void> {
  await chip.configure(PORT100_COMMAND.switchRf, Uint8Array.of(0x00)).catch(() => undefined);
  await chip.abort();
  await device.close().catch(() => undefined);
}
