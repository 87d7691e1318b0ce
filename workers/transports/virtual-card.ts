/**
 * A software My Number card that answers APDUs the way the research notes describe a real one
 * (/work/shared/research/card-reading.md §1): three applications selected by AID (JPKI, 券面事項入力補助AP,
 * 券面事項確認AP), transparent EFs read with READ BINARY (also by short EF id, as ISO/IEC 7816-4 allows),
 * PINs with retry counters (63Cx, 6984 once blocked), verification that is forgotten when an application
 * is selected again, and COMPUTE DIGITAL SIGNATURE with an RSA-2048 auth key.
 *
 * It also holds what Tsunagi must never touch: EF 0001 of the card-info app (the 個人番号, here a synthetic
 * canary) and the JPKI signing files. Tests use the APDU log to prove such commands never reach the card.
 * The log blanks VERIFY / CHANGE REFERENCE DATA data with `*` so PINs are not kept.
 *
 * `transmission: 'getResponse'` makes it behave like a T=0 card: signatures come back through `61xx` +
 * GET RESPONSE and a READ BINARY asking past the end gets `6Cxx` (the right Le) instead of a short answer.
 */
import { decodeCommandApdu, type DecodedCommandApdu } from '../apdu/command-apdu.ts';
import { bytesEqual, hexToBytes } from '../apdu/hex.ts';
import { encodeResponseApdu } from '../apdu/response-apdu.ts';
import { encodeConstructedTlv, encodeTlv } from '../apdu/tlv-encoder.ts';
import { BASIC_INFO_TAGS, CARD_INFO_AID, CARD_INFO_FILES, JPKI_AID, JPKI_FILES } from '../mynumber/card-layout.ts';
import type { BasicFourInfo, CardApp } from '../../src/protocol/card.ts';
import type { VirtualCardKeys } from './virtual-card-keys.ts';
import { rsaPkcs1Sign } from './virtual-card-rsa.ts';

/** The visual AP (券面事項確認AP: photo); present on the card, never allowed by Tsunagi's policy. */
const VISUAL_AID = hexToBytes('D3921000310001010402');

/** EF 0001 of the card-info app: the individual number. Named only here, in the test card. */
export const INDIVIDUAL_NUMBER_EF = 0x0001;

/**
 * A synthetic 個人番号 with a valid check digit (all nines: never issued as a real number), stored in EF
 * 0001 as a canary: it must never appear in anything Tsunagi receives.
 */
export const INDIVIDUAL_NUMBER_CANARY = `99999999999${myNumberCheckDigit('99999999999')}`;

/**
 * The check digit of an 11-digit individual number base (行政手続における特定の個人を識別するための番号の
 * 利用等に関する法律施行令 §8): Σ Pn·Qn over the digits from the right, Qn = n+1 (n ≤ 6) or n−5 (n ≥ 7);
 * remainder r = Σ mod 11; check digit 0 when r ≤ 1, else 11 − r.
 */
export function myNumberCheckDigit(base11: string): number {
  if (!/^\d{11}$/.test(base11)) throw new RangeError('11 digits expected');
  let sum = 0;
  for (let n = 1; n <= 11; n++) {
    const p = Number(base11[11 - n]);
    const q = n <= 6 ? n + 1 : n - 5;
    sum += p * q;
  }
  const r = sum % 11;
  return r <= 1 ? 0 : 11 - r;
}

export interface VirtualCardConfig extends BasicFourInfo {
  authPin: string;
  cardInfoPin: string;
  /** Tries left at the start (default 3 each). */
  retries?: { auth?: number; cardInfo?: number };
  keys: VirtualCardKeys;
  /** `direct` (default): answers carry their data. `getResponse`: T=0 style 61xx / 6Cxx. */
  transmission?: 'direct' | 'getResponse';
}

type PinId = 'auth' | 'cardInfo' | 'signing';

type VirtualEf =
  | { kind: 'binary'; content: Uint8Array; requires: PinId | null }
  | { kind: 'pin'; pin: PinId }
  | { kind: 'key'; key: 'auth' | 'signing' };

interface VirtualDf {
  aid: Uint8Array;
  app: CardApp | 'visual';
  files: Map<number, VirtualEf>;
}

export interface VirtualCard {
  /** Processes one command APDU and returns the response APDU. */
  transmit(apdu: Uint8Array): Uint8Array;
  /** Every APDU received, in order (PIN data blanked). */
  readonly apduLog: readonly Uint8Array[];
  /** Tries left of a PIN. */
  triesLeft(app: CardApp): number;
  /** Power cycle: nothing selected, nothing verified. */
  reset(): void;
}

const MAX_TRIES = 3;
const SW = {
  ok: 0x9000,
  endOfFile: 0x6282,
  wrongLength: 0x6700,
  incompatibleFile: 0x6981,
  securityNotSatisfied: 0x6982,
  blocked: 0x6984,
  conditionsNotSatisfied: 0x6985,
  noCurrentEf: 0x6986,
  wrongParameters: 0x6a86,
  fileNotFound: 0x6a82,
  referencedDataNotFound: 0x6a88,
  offsetOutOfRange: 0x6b00,
  insNotSupported: 0x6d00,
  claNotSupported: 0x6e00,
} as const;

export function createVirtualCard(config: VirtualCardConfig): VirtualCard {
  const pins: Record<PinId, { value: Uint8Array; tries: number; max: number }> = {
    auth: { value: ascii(config.authPin), tries: config.retries?.auth ?? MAX_TRIES, max: MAX_TRIES },
    cardInfo: { value: ascii(config.cardInfoPin), tries: config.retries?.cardInfo ?? MAX_TRIES, max: MAX_TRIES },
    // The signing password (6–16 characters, 5 tries): present so the card is complete; Tsunagi never uses it.
    signing: { value: ascii('TESTSIGN1'), tries: 5, max: 5 },
  };
  const verified: Record<PinId, boolean> = { auth: false, cardInfo: false, signing: false };
  const log: Uint8Array[] = [];
  const mode = config.transmission ?? 'direct';

  const dfs: VirtualDf[] = [
    {
      aid: JPKI_AID,
      app: 'jpki',
      files: new Map<number, VirtualEf>([
        [JPKI_FILES.token, binary(padded(ascii('JPKIAPICCTOKEN2'), 0x20, 0x20), null)],
        [JPKI_FILES.authCertificate, binary(padded(config.keys.authCertificate, 2048, 0xff), null)],
        [JPKI_FILES.authCaCertificate, binary(padded(config.keys.caCertificate, 2048, 0xff), null)],
        [JPKI_FILES.authKey, { kind: 'key', key: 'auth' }],
        [JPKI_FILES.authPin, { kind: 'pin', pin: 'auth' }],
        // Signing certificate / key / password: guarded by the signing password.
        [0x0001, binary(padded(Uint8Array.of(0x30, 0x00), 16, 0xff), 'signing')],
        [0x001a, { kind: 'key', key: 'signing' }],
        [0x001b, { kind: 'pin', pin: 'signing' }],
      ]),
    },
    {
      aid: CARD_INFO_AID,
      app: 'cardInfo',
      files: new Map<number, VirtualEf>([
        [CARD_INFO_FILES.pin, { kind: 'pin', pin: 'cardInfo' }],
        [INDIVIDUAL_NUMBER_EF, binary(padded(encodeTlv(0x10, ascii(INDIVIDUAL_NUMBER_CANARY)), 17, 0xff), 'cardInfo')],
        [CARD_INFO_FILES.basicFourInfo, binary(padded(encodeBasicFourInfoFile(config), 512, 0xff), 'cardInfo')],
      ]),
    },
    { aid: VISUAL_AID, app: 'visual', files: new Map() },
  ];

  let currentDf: VirtualDf | null = null;
  let currentEf: { fid: number; ef: VirtualEf } | null = null;
  let pending: Uint8Array | null = null;

  function transmit(apdu: Uint8Array): Uint8Array {
    log.push(redacted(apdu));
    const decoded = decodeCommandApdu(apdu);
    if (!decoded.ok) return status(SW.wrongLength);
    const c = decoded.value;
    if (!(c.cla === 0x00 && c.ins === 0xc0)) pending = null;
    if (c.cla === 0x00) {
      switch (c.ins) {
        case 0xa4:
          return select(c);
        case 0xb0:
          return readBinary(c);
        case 0x20:
          return verify(c);
        case 0x24:
          return changeReferenceData(c);
        case 0xc0:
          return getResponse(c);
        default:
          return status(SW.insNotSupported);
      }
    }
    if (c.cla === 0x80) return c.ins === 0x2a ? sign(c) : status(SW.insNotSupported);
    return status(SW.claNotSupported);
  }

  function select(c: DecodedCommandApdu): Uint8Array {
    if (c.p2 !== 0x0c) return status(SW.wrongParameters);
    if (c.p1 === 0x04) {
      const df = dfs.find((d) => bytesEqual(d.aid, c.data));
      if (!df) return status(SW.fileNotFound);
      currentDf = df;
      currentEf = null;
      for (const id of Object.keys(verified) as PinId[]) verified[id] = false;
      return status(SW.ok);
    }
    if (c.p1 === 0x02) {
      if (c.data.length !== 2) return status(SW.wrongLength);
      const fid = ((c.data[0] ?? 0) << 8) | (c.data[1] ?? 0);
      const ef = currentDf?.files.get(fid);
      if (!ef) return status(SW.fileNotFound);
      currentEf = { fid, ef };
      return status(SW.ok);
    }
    return status(SW.wrongParameters);
  }

  function readBinary(c: DecodedCommandApdu): Uint8Array {
    let target = currentEf;
    let offset = ((c.p1 & 0x7f) << 8) | c.p2;
    if (c.p1 & 0x80) {
      // Short EF identifier addressing (ISO/IEC 7816-4 §7.2.2): P1 = 100xxxxx names the EF, P2 is the offset.
      const sfi = c.p1 & 0x1f;
      const match = currentDf ? [...currentDf.files.entries()].find(([fid]) => (fid & 0x1f) === sfi && fid <= 0x1f) : undefined;
      if (!match) return status(SW.fileNotFound);
      target = { fid: match[0], ef: match[1] };
      currentEf = target;
      offset = c.p2;
    }
    if (!target) return status(SW.noCurrentEf);
    if (target.ef.kind !== 'binary') return status(SW.incompatibleFile);
    if (target.ef.requires && !verified[target.ef.requires]) return status(SW.securityNotSatisfied);
    const content = target.ef.content;
    if (offset >= content.length) return status(SW.offsetOutOfRange);
    const le = c.le ?? 256;
    const available = content.length - offset;
    if (le > available) {
      if (mode === 'getResponse') return status(0x6c00 | (available & 0xff));
      return respond(content.slice(offset), SW.endOfFile);
    }
    return respond(content.slice(offset, offset + le), SW.ok);
  }

  function pinOfCurrentEf(): PinId | null {
    return currentEf?.ef.kind === 'pin' ? currentEf.ef.pin : null;
  }

  function verify(c: DecodedCommandApdu): Uint8Array {
    if (c.p1 !== 0x00 || c.p2 !== 0x80) return status(SW.wrongParameters);
    const id = pinOfCurrentEf();
    if (!id) return status(SW.referencedDataNotFound);
    const pin = pins[id];
    if (pin.tries === 0) return status(SW.blocked);
    if (c.data.length === 0) return status(0x63c0 | pin.tries);
    if (bytesEqual(c.data, pin.value)) {
      pin.tries = pin.max;
      verified[id] = true;
      return status(SW.ok);
    }
    pin.tries -= 1;
    verified[id] = false;
    return status(0x63c0 | pin.tries);
  }

  function changeReferenceData(c: DecodedCommandApdu): Uint8Array {
    const id = pinOfCurrentEf();
    if (!id) return status(SW.referencedDataNotFound);
    if (c.p1 !== 0x01 || c.p2 !== 0x80) return status(SW.wrongParameters);
    if (!verified[id]) return status(SW.securityNotSatisfied);
    pins[id].value = c.data.slice();
    return status(SW.ok);
  }

  function sign(c: DecodedCommandApdu): Uint8Array {
    if (c.p1 !== 0x00 || c.p2 !== 0x80) return status(SW.wrongParameters);
    if (currentEf?.ef.kind !== 'key') return status(SW.referencedDataNotFound);
    const keyPin: PinId = currentEf.ef.key === 'auth' ? 'auth' : 'signing';
    if (!verified[keyPin]) return status(SW.securityNotSatisfied);
    if (currentEf.ef.key !== 'auth') return status(SW.conditionsNotSatisfied);
    if (c.data.length === 0 || c.data.length > config.keys.authPrivateKey.size - 11) return status(SW.wrongLength);
    const signature = rsaPkcs1Sign(config.keys.authPrivateKey, c.data);
    if (mode === 'getResponse') {
      pending = signature;
      return status(0x6100 | (signature.length & 0xff));
    }
    return respond(signature, SW.ok);
  }

  function getResponse(c: DecodedCommandApdu): Uint8Array {
    if (!pending) return status(SW.conditionsNotSatisfied);
    const le = c.le ?? 256;
    const chunk = pending.slice(0, le);
    const rest = pending.slice(le);
    pending = rest.length > 0 ? rest : null;
    return respond(chunk, rest.length > 0 ? 0x6100 | (Math.min(rest.length, 256) & 0xff) : SW.ok);
  }

  function reset(): void {
    currentDf = null;
    currentEf = null;
    pending = null;
    for (const id of Object.keys(verified) as PinId[]) verified[id] = false;
  }

  return {
    transmit,
    apduLog: log,
    triesLeft: (app) => pins[app === 'jpki' ? 'auth' : 'cardInfo'].tries,
    reset,
  };
}

/** EF 0002 content: FF20 { DF21 header, DF22 name, DF23 address, DF24 YYYYMMDD, DF25 ISO 5218 code }. */
export function encodeBasicFourInfoFile(info: BasicFourInfo): Uint8Array {
  const utf8 = new TextEncoder();
  const name = utf8.encode(info.name);
  const address = utf8.encode(info.address);
  const birth = ascii(info.birthDate.replace(/-/g, ''));
  const sex = ascii({ male: '1', female: '2', notApplicable: '9' }[info.sex]);
  // The header lists the lengths of the four fields (the decoder does not depend on it).
  const header = Uint8Array.of(name.length >> 8, name.length & 0xff, address.length >> 8, address.length & 0xff, 0, birth.length, 0, sex.length);
  return encodeConstructedTlv(
    BASIC_INFO_TAGS.container,
    encodeTlv(BASIC_INFO_TAGS.header, header),
    encodeTlv(BASIC_INFO_TAGS.name, name),
    encodeTlv(BASIC_INFO_TAGS.address, address),
    encodeTlv(BASIC_INFO_TAGS.birthDate, birth),
    encodeTlv(BASIC_INFO_TAGS.sex, sex),
  );
}

function binary(content: Uint8Array, requires: PinId | null): VirtualEf {
  return { kind: 'binary', content, requires };
}

/** A transparent EF has a fixed size; the content is followed by filler up to it. */
function padded(content: Uint8Array, size: number, filler: number): Uint8Array {
  if (content.length >= size) return content;
  const out = new Uint8Array(size).fill(filler);
  out.set(content, 0);
  return out;
}

function ascii(text: string): Uint8Array {
  return Uint8Array.from(text, (ch) => ch.charCodeAt(0) & 0xff);
}

function status(sw: number): Uint8Array {
  return encodeResponseApdu(new Uint8Array(0), sw);
}

function respond(data: Uint8Array, sw: number): Uint8Array {
  return encodeResponseApdu(data, sw);
}

/** A copy of the APDU with the data of VERIFY / CHANGE REFERENCE DATA replaced by `*`. */
function redacted(apdu: Uint8Array): Uint8Array {
  const copy = apdu.slice();
  const decoded = decodeCommandApdu(apdu);
  if (decoded.ok && decoded.value.cla === 0x00 && (decoded.value.ins === 0x20 || decoded.value.ins === 0x24) && decoded.value.data.length > 0) {
    copy.fill(0x2a, 5, 5 + decoded.value.data.length);
  }
  return copy;
}
