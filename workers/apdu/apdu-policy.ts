/**
 * The APDU allow-list every transport passes through. It is a small state machine that follows which
 * application and which EF the card has selected (from the commands sent and their status words) and lets
 * through only:
 *
 * | command                              | allowed when                                                       |
 * |--------------------------------------|--------------------------------------------------------------------|
 * | SELECT DF  `00 A4 04 0C 0A <AID>`    | AID is the JPKI AP or the 券面事項入力補助AP                          |
 * | SELECT EF  `00 A4 02 0C 02 <FID>`    | an app is selected and FID is listed for it (never 0001 of the text AP) |
 * | READ BINARY `00 B0 <off> <Le>`       | the selected EF is a readable one (not a PIN or key); no SFI form    |
 * | VERIFY `00 20 00 80 [04 <digits>]`   | the selected EF is the app's PIN EF; data absent or 4 ASCII digits   |
 * | COMPUTE DIGITAL SIGNATURE `80 2A 00 80 33 <DigestInfo> 00` | JPKI selected, EF 0017 (auth key) selected, SHA-256 DigestInfo |
 * | GET RESPONSE `00 C0 00 00 <Le>`      | right after a `61xx` answer                                        |
 *
 * Everything else, including CHANGE REFERENCE DATA (`00 24`), RESET RETRY COUNTER (`00 2C`), writes,
 * secure messaging or chained CLAs and the visual AP, is refused before it reaches the card. A failed SELECT
 * drops the state back to "nothing selected" so a later EF select cannot ride on a guess.
 */
import { CardError } from './card-error.ts';
import { decodeCommandApdu, type DecodedCommandApdu } from './command-apdu.ts';
import { bytesEqual } from './hex.ts';
import type { CardTransport } from '../transports/card-transport.ts';
import type { CardApp } from '../../src/protocol/card.ts';
import { CARD_INFO_AID, CARD_INFO_FILES, JPKI_AID, JPKI_FILES, PIN_FILE, SHA256_DIGEST_INFO_PREFIX } from '../mynumber/card-layout.ts';

/** Stable names of the rule that refused a command (carried as the error's `reason`). */
export type PolicyRule =
  | 'malformedCommand'
  | 'commandNotAllowed'
  | 'selectModeNotAllowed'
  | 'selectAidNotAllowed'
  | 'selectEfWithoutApp'
  | 'selectEfNotAllowed'
  | 'readBinaryShortFileId'
  | 'readBinaryNotAllowed'
  | 'verifyNotPinEf'
  | 'verifyDataNotPin'
  | 'signNotAllowed'
  | 'signDataNotDigestInfo'
  | 'getResponseUnexpected';

export interface PolicyState {
  app: CardApp | null;
  ef: number | null;
  /** The last answer was 61xx, so one GET RESPONSE may follow. */
  moreData: boolean;
}

export type PolicyDecision = { allowed: true } | { allowed: false; rule: PolicyRule };

export interface ApduPolicy {
  /** Decides on a command before it is sent. */
  check(apdu: Uint8Array): PolicyDecision;
  /** Updates the state with a command that was sent and the card's answer. */
  observe(apdu: Uint8Array, response: Uint8Array): void;
  /** Forgets the selection (after a transport failure the card's state is unknown). */
  reset(): void;
  readonly state: Readonly<PolicyState>;
}

/** EFs that may be selected, per app. */
const SELECTABLE: Record<CardApp, ReadonlySet<number>> = {
  jpki: new Set(Object.values(JPKI_FILES)),
  cardInfo: new Set(Object.values(CARD_INFO_FILES)),
};
/** EFs that may be read with READ BINARY, per app. */
const READABLE: Record<CardApp, ReadonlySet<number>> = {
  jpki: new Set([JPKI_FILES.token, JPKI_FILES.authCertificate, JPKI_FILES.authCaCertificate]),
  cardInfo: new Set([CARD_INFO_FILES.basicFourInfo]),
};

const INS = { select: 0xa4, readBinary: 0xb0, verify: 0x20, sign: 0x2a, getResponse: 0xc0 } as const;

export function createApduPolicy(): ApduPolicy {
  const state: PolicyState = { app: null, ef: null, moreData: false };

  function check(apdu: Uint8Array): PolicyDecision {
    const decoded = decodeCommandApdu(apdu);
    if (!decoded.ok) return refuse('malformedCommand');
    const c = decoded.value;
    if (c.cla === 0x00 && c.ins === INS.getResponse) {
      return c.p1 === 0 && c.p2 === 0 && c.apduCase === 2 && state.moreData ? allow() : refuse('getResponseUnexpected');
    }
    if (c.cla === 0x00 && c.ins === INS.select) return checkSelect(c);
    if (c.cla === 0x00 && c.ins === INS.readBinary) return checkReadBinary(c);
    if (c.cla === 0x00 && c.ins === INS.verify) return checkVerify(c);
    if (c.cla === 0x80 && c.ins === INS.sign) return checkSign(c);
    return refuse('commandNotAllowed');
  }

  function checkSelect(c: DecodedCommandApdu): PolicyDecision {
    if (c.apduCase !== 3 || c.p2 !== 0x0c) return refuse('selectModeNotAllowed');
    if (c.p1 === 0x04) return appForAid(c.data) ? allow() : refuse('selectAidNotAllowed');
    if (c.p1 === 0x02) {
      if (state.app === null) return refuse('selectEfWithoutApp');
      const fid = fileId(c.data);
      return fid !== null && SELECTABLE[state.app].has(fid) ? allow() : refuse('selectEfNotAllowed');
    }
    return refuse('selectModeNotAllowed');
  }

  function checkReadBinary(c: DecodedCommandApdu): PolicyDecision {
    if (c.apduCase !== 2) return refuse('readBinaryNotAllowed');
    // P1 bit 8 set means "P1 bits 1-5 are a short EF identifier": it reads an EF without selecting it,
    // which would bypass the EF rule (SFI 1 is the individual number's EF).
    if ((c.p1 & 0x80) !== 0) return refuse('readBinaryShortFileId');
    return state.app !== null && state.ef !== null && READABLE[state.app].has(state.ef) ? allow() : refuse('readBinaryNotAllowed');
  }

  function checkVerify(c: DecodedCommandApdu): PolicyDecision {
    if (c.p1 !== 0x00 || c.p2 !== 0x80 || state.app === null || state.ef !== PIN_FILE[state.app]) return refuse('verifyNotPinEf');
    if (c.apduCase === 1) return allow();
    return c.apduCase === 3 && isFourDigits(c.data) ? allow() : refuse('verifyDataNotPin');
  }

  function checkSign(c: DecodedCommandApdu): PolicyDecision {
    if (c.p1 !== 0x00 || c.p2 !== 0x80 || state.app !== 'jpki' || state.ef !== JPKI_FILES.authKey) return refuse('signNotAllowed');
    const prefix = c.data.subarray(0, SHA256_DIGEST_INFO_PREFIX.length);
    const isDigestInfo = c.data.length === SHA256_DIGEST_INFO_PREFIX.length + 32 && bytesEqual(prefix, SHA256_DIGEST_INFO_PREFIX);
    return c.apduCase === 4 && isDigestInfo ? allow() : refuse('signDataNotDigestInfo');
  }

  function observe(apdu: Uint8Array, response: Uint8Array): void {
    const sw1 = response.length >= 2 ? (response[response.length - 2] ?? 0) : 0;
    const sw2 = response.length >= 2 ? (response[response.length - 1] ?? 0) : 0;
    const ok = sw1 === 0x90 && sw2 === 0x00;
    state.moreData = sw1 === 0x61;
    const decoded = decodeCommandApdu(apdu);
    if (!decoded.ok || decoded.value.ins !== INS.select || decoded.value.cla !== 0x00) return;
    const c = decoded.value;
    if (c.p1 === 0x04) {
      state.app = ok ? appForAid(c.data) : null;
      state.ef = null;
    } else if (c.p1 === 0x02) {
      state.ef = ok ? fileId(c.data) : null;
    }
  }

  function reset(): void {
    state.app = null;
    state.ef = null;
    state.moreData = false;
  }

  return { check, observe, reset, state };
}

/** A transport that is guarded by an APDU policy; the card operations accept only this type. */
export interface GuardedTransport extends CardTransport {
  readonly policy: ApduPolicy;
  readonly guarded: true;
}

/**
 * Puts `policy` in front of `transport`: a refused command throws `CardError('apduForbidden')` with the rule
 * as reason and is never sent.
 */
export function guardTransport(transport: CardTransport, policy: ApduPolicy = createApduPolicy()): GuardedTransport {
  return {
    policy,
    guarded: true,
    async transmit(apdu: Uint8Array, signal?: AbortSignal): Promise<Uint8Array> {
      const decision = policy.check(apdu);
      if (!decision.allowed) throw new CardError('apduForbidden', { reason: decision.rule });
      let response: Uint8Array;
      try {
        response = await transport.transmit(apdu, signal);
      } catch (error) {
        policy.reset();
        throw error;
      }
      policy.observe(apdu, response);
      return response;
    },
  };
}

function appForAid(aid: Uint8Array): CardApp | null {
  if (bytesEqual(aid, JPKI_AID)) return 'jpki';
  if (bytesEqual(aid, CARD_INFO_AID)) return 'cardInfo';
  return null;
}

function fileId(data: Uint8Array): number | null {
  return data.length === 2 ? ((data[0] ?? 0) << 8) | (data[1] ?? 0) : null;
}

function isFourDigits(data: Uint8Array): boolean {
  return data.length === 4 && data.every((b) => b >= 0x30 && b <= 0x39);
}

function allow(): PolicyDecision {
  return { allowed: true };
}

function refuse(rule: PolicyRule): PolicyDecision {
  return { allowed: false, rule };
}
