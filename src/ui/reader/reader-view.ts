/**
 * The card reader screen's pure view model: what this browser can reach (said plainly), the expiry of the
 * 利用者証明用電子証明書 read from its DER (RFC 5280 §4.1.2.5: `validity.notAfter`, UTCTime or
 * GeneralizedTime), the tries-left line shown before any PIN is typed, the PIN pad's state, progress and error
 * text. No IO: the screen passes in what the browser has.
 */
import type { IsoDate } from '../../domain/identifiers.ts';
import { formatSeireki, formatWareki } from '../../domain/wareki.ts';
import { CARD_ERROR_MESSAGES, type CardErrorInfo, type CardProgress, type CardStep, type PinRetries } from '../../protocol/card.ts';
import { parseTlv, type TlvNode } from '../../../workers/apdu/tlv.ts';
import { tokyoDate } from '../format/tokyo-time.ts';

export interface BiText {
  ja: string;
  en: string;
}

/** What the browser offers for reaching a card. */
export interface BrowserCapabilities {
  /** `navigator.usb` exists (Chrome/Edge on desktop and Android). */
  webUsb: boolean;
  /** `NDEFReader` exists (Chrome on Android). */
  webNfc: boolean;
  /** iPhone or iPad (iPadOS reports itself as a Mac with touch). */
  ios: boolean;
}

export interface AvailabilityLine {
  id: 'webNfc' | 'ios' | 'ccid' | 'webUsb';
  /** `available`: usable here; `unavailable`: cannot work here; `info`: a fact to know. */
  state: 'available' | 'unavailable' | 'info';
  text: BiText;
}

/** The plain facts of what can reach a My Number card from this browser (see docs/research card-reading). */
export function availabilityLines(caps: BrowserCapabilities): AvailabilityLine[] {
  const lines: AvailabilityLine[] = [
    {
      id: 'webNfc',
      state: 'unavailable',
      text: {
        ja: caps.webNfc
          ? 'このブラウザーにはWeb NFCがありますが、Web NFCはマイナンバーカードと通信できません（NDEF形式のタグ専用です）。'
          : 'Web NFCはマイナンバーカードと通信できません（NDEF形式のタグ専用です）。',
        en: 'Web NFC cannot talk to a My Number card (it reads NDEF tags only).',
      },
    },
  ];
  // Said on every device: staff choosing a tablet for visits need to know it too.
  lines.push({
    id: 'ios',
    state: caps.ios ? 'unavailable' : 'info',
    text: { ja: 'iPhone・iPadのブラウザーはUSB機器にもNFCにもアクセスできません。パソコンかAndroid端末をお使いください。', en: 'Browsers on iPhone and iPad cannot reach USB devices or NFC. Use a PC or an Android device.' },
  });
  lines.push({
    id: 'ccid',
    state: 'info',
    text: {
      ja: '一般的なICカードリーダー（CCID方式、例: RC-S300）は、パソコンで連携アプリを起動してペアリングすると使えます。',
      en: 'Ordinary smart-card readers (CCID, e.g. RC-S300) work through the bridge app on the PC, once paired.',
    },
  });
  lines.push(
    caps.webUsb
      ? {
          id: 'webUsb',
          state: 'available',
          text: { ja: 'このブラウザーではSony RC-S380をUSBで直接つなげます。', en: 'This browser can use a Sony RC-S380 directly over USB.' },
        }
      : {
          id: 'webUsb',
          state: 'unavailable',
          text: { ja: 'このブラウザーはWebUSBに対応していないため、USBリーダーを直接つなげません。', en: 'This browser has no WebUSB, so USB readers cannot be used directly.' },
        },
  );
  return lines;
}

/** The RC-S380's USB ids (vendor class 0xFF, so WebUSB may claim it; CCID readers are protected). */
export const RC_S380_FILTERS = [
  { vendorId: 0x054c, productId: 0x06c1 },
  { vendorId: 0x054c, productId: 0x06c3 },
] as const;

/**
 * `notAfter` of an X.509 certificate as the date in Japan, or null when the DER is not a certificate.
 * TBSCertificate = SEQUENCE { [0] version OPTIONAL, serialNumber, signature, issuer, validity, … }.
 */
export function certificateExpiry(der: Uint8Array): IsoDate | null {
  const parsed = parseTlv(der);
  if (!parsed.ok) return null;
  const certificate = parsed.value[0];
  const tbs = certificate?.tag === 0x30 ? certificate.children[0] : undefined;
  if (!tbs || tbs.tag !== 0x30) return null;
  const fields = tbs.children[0]?.tag === 0xa0 ? tbs.children.slice(1) : tbs.children;
  const validity = fields[3];
  if (!validity || validity.tag !== 0x30) return null;
  const notAfter = validity.children[1];
  const instant = notAfter ? derTime(notAfter) : null;
  return instant ? tokyoDate(instant) : null;
}

/** UTCTime (tag 0x17, YYMMDDHHMMSSZ; RFC 5280: YY < 50 is 20YY) or GeneralizedTime (0x18, YYYYMMDDHHMMSSZ). */
function derTime(node: TlvNode): Date | null {
  const text = String.fromCharCode(...node.value);
  const match = node.tag === 0x17 ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text) : node.tag === 0x18 ? /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text) : null;
  if (!match) return null;
  const [, y, mo, d, h, mi, s] = match.map(Number) as [number, number, number, number, number, number, number];
  const year = node.tag === 0x17 ? (y < 50 ? 2000 + y : 1900 + y) : y;
  const instant = new Date(Date.UTC(year, mo - 1, d, h, mi, s));
  return Number.isNaN(instant.getTime()) || instant.getUTCDate() !== d ? null : instant;
}

/** 「カードを読み取れました: 利用者証明用電子証明書の有効期限 令和13年11月24日（2031年11月24日）」 */
export function certificateReadMessage(expiry: IsoDate | null): BiText {
  if (expiry === null) {
    return { ja: 'カードを読み取れました（電子証明書の有効期限は読み取れませんでした）', en: 'The card was read (the certificate’s expiry could not be read).' };
  }
  return {
    ja: `カードを読み取れました: 利用者証明用電子証明書の有効期限 ${formatWareki(expiry)}（${formatSeireki(expiry)}）`,
    en: `The card was read: the user-authentication certificate expires on ${expiry}.`,
  };
}

/** The tries-left line, shown before any PIN is typed; `warning` when one try is left or none. */
export function retriesMessage(retries: PinRetries): { text: BiText; level: 'normal' | 'warning' | 'blocked' } {
  if (retries.blocked || retries.triesLeft === 0) return { text: CARD_ERROR_MESSAGES.pinBlocked, level: 'blocked' };
  const text = {
    ja: `利用者証明用の暗証番号（4桁）の残り回数: ${retries.triesLeft}回`,
    en: `Tries left for the 4-digit authentication PIN: ${retries.triesLeft}`,
  };
  return { text, level: retries.triesLeft === 1 ? 'warning' : 'normal' };
}

export const PIN_LENGTH = 4;

export interface PinPadState {
  digits: string;
}

export type PinPadAction = { type: 'digit'; digit: string } | { type: 'backspace' } | { type: 'clear' };

export const EMPTY_PIN_PAD: PinPadState = { digits: '' };

export function pinPadReducer(state: PinPadState, action: PinPadAction): PinPadState {
  switch (action.type) {
    case 'digit':
      if (!/^[0-9]$/.test(action.digit) || state.digits.length >= PIN_LENGTH) return state;
      return { digits: state.digits + action.digit };
    case 'backspace':
      return { digits: state.digits.slice(0, -1) };
    case 'clear':
      return EMPTY_PIN_PAD;
  }
}

/** The masked display: one ● per typed digit, ○ for the rest. */
export function maskedPin(state: PinPadState): string {
  return '●'.repeat(state.digits.length) + '○'.repeat(PIN_LENGTH - state.digits.length);
}

export function pinComplete(state: PinPadState): boolean {
  return state.digits.length === PIN_LENGTH;
}

const STEP_TEXT: Record<CardStep, BiText> = {
  connecting: { ja: 'カードリーダーに接続しています', en: 'Connecting to the reader' },
  selectingApp: { ja: 'カードを確認しています', en: 'Checking the card' },
  readingRetries: { ja: '暗証番号の残り回数を読み取っています', en: 'Reading the PIN tries left' },
  verifyingPin: { ja: '暗証番号を確認しています', en: 'Checking the PIN' },
  readingAuthCertificate: { ja: '利用者証明用電子証明書を読み取っています', en: 'Reading the authentication certificate' },
  readingCaCertificate: { ja: '発行元の証明書を読み取っています', en: 'Reading the issuer’s certificate' },
  signing: { ja: '電子署名しています', en: 'Signing' },
  readingBasicInfo: { ja: '券面事項を読み取っています', en: 'Reading the card details' },
};

/** Progress as words and a fraction (null while the total is unknown). */
export function progressView(progress: CardProgress): { text: BiText; fraction: number | null } {
  const fraction = progress.apdusTotal > 0 ? Math.min(1, progress.apdusDone / progress.apdusTotal) : null;
  return { text: STEP_TEXT[progress.step], fraction };
}

/** The message of a failure (the worker's text already carries the tries left after a wrong PIN). */
export function errorText(error: CardErrorInfo): BiText {
  return { ja: error.messageJa, en: error.messageEn };
}
