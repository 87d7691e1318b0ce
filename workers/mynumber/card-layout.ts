/**
 * Where things are on a My Number card: application ids (AIDs) and file ids (FIDs) Tsunagi may touch.
 * Source: the JPKI and 券面事項入力補助AP layouts as used by jpki/myna and OpenSC (see
 * /work/shared/research/card-reading.md §1). EF 0001 of the card-info app holds the 個人番号: it is
 * deliberately absent here, and the APDU policy refuses every FID not listed.
 */
import { hexToBytes } from '../apdu/hex.ts';
import type { CardApp } from '../../src/protocol/card.ts';

/** 公的個人認証 (JPKI) AP. */
export const JPKI_AID = hexToBytes('D392F000260100000001');
/** 券面事項入力補助AP. */
export const CARD_INFO_AID = hexToBytes('D3921000310001010408');

export const JPKI_FILES = {
  /** `JPKIAPICCTOKEN…`, 0x20 bytes. */
  token: 0x0006,
  /** 利用者証明用電子証明書 (DER), readable without a PIN. */
  authCertificate: 0x000a,
  /** The certificate of the CA that issued the auth certificate. */
  authCaCertificate: 0x000b,
  /** The auth private key: used by COMPUTE DIGITAL SIGNATURE, never read. */
  authKey: 0x0017,
  /** The auth PIN (4 digits, 3 tries). */
  authPin: 0x0018,
} as const;

export const CARD_INFO_FILES = {
  /** The card-info PIN (4 digits, 3 tries). */
  pin: 0x0011,
  /** 基本4情報: `FF20 { DF21 header, DF22 name, DF23 address, DF24 birth date, DF25 sex }`. */
  basicFourInfo: 0x0002,
} as const;

/** The PIN EF of each app (the target of VERIFY with P2 = 80, "the selected EF"). */
export const PIN_FILE: Record<CardApp, number> = { jpki: JPKI_FILES.authPin, cardInfo: CARD_INFO_FILES.pin };

/** Tags of the basic four info file. */
export const BASIC_INFO_TAGS = { container: 0xff20, header: 0xdf21, name: 0xdf22, address: 0xdf23, birthDate: 0xdf24, sex: 0xdf25 } as const;

/**
 * DigestInfo prefix for SHA-256 (RFC 8017 §9.2 note 1): the card pads PKCS#1 v1.5 around
 * `prefix || digest` and applies the auth key.
 */
export const SHA256_DIGEST_INFO_PREFIX = hexToBytes('3031300D060960864801650304020105000420');
