/**
 * 基本4情報 from the 券面事項入力補助AP, EF 0002:
 *   FF20 { DF21 header, DF22 name (UTF-8), DF23 address (UTF-8), DF24 birth date (ASCII YYYYMMDD),
 *          DF25 sex (ASCII ISO/IEC 5218: 1 male, 2 female, 9 not applicable) }
 * The decoded record is checked with the `BasicFourInfo` schema. Errors name the field, never its content.
 */
import { CardError } from '../apdu/card-error.ts';
import { parseFirstTlv, findTlv } from '../apdu/tlv.ts';
import type { GuardedTransport } from '../apdu/apdu-policy.ts';
import { BasicFourInfo, type CardSex } from '../../src/protocol/card.ts';
import { BASIC_INFO_TAGS, CARD_INFO_FILES } from './card-layout.ts';
import type { CardOperationContext } from './card-operation-context.ts';
import { verifyPin, type VerifyPinOptions } from './pin.ts';
import { readTlvFile } from './read-tlv-file.ts';
import { selectEf } from './select.ts';

const SEX_CODES: Record<string, CardSex> = { '1': 'male', '2': 'female', '9': 'notApplicable' };

/** Decodes the content of EF 0002. Throws `CardError('malformedResponse')` with the failing field as reason. */
export function decodeBasicFourInfo(bytes: Uint8Array): BasicFourInfo {
  const parsed = parseFirstTlv(bytes);
  if (!parsed.ok) throw new CardError('malformedResponse', { reason: `basicFourInfo: ${parsed.error.message}`, cause: parsed.error });
  const container = parsed.value;
  if (container.tag !== BASIC_INFO_TAGS.container || !container.constructed) {
    throw new CardError('malformedResponse', { reason: 'basicFourInfo: not an FF20 container' });
  }
  const field = (tag: number, name: string): Uint8Array => {
    const node = findTlv(container.children, tag);
    if (!node) throw new CardError('malformedResponse', { reason: `basicFourInfo: ${name} missing` });
    return node.value;
  };
  const name = utf8(field(BASIC_INFO_TAGS.name, 'name'), 'name').trim();
  const address = utf8(field(BASIC_INFO_TAGS.address, 'address'), 'address').trim();
  const birth = ascii(field(BASIC_INFO_TAGS.birthDate, 'birthDate'));
  const candidate = {
    name,
    address,
    birthDate: /^\d{8}$/.test(birth) ? `${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6, 8)}` : birth,
    sex: SEX_CODES[ascii(field(BASIC_INFO_TAGS.sex, 'sex'))] ?? 'unknown',
  };
  const result = BasicFourInfo.safeParse(candidate);
  if (!result.success) {
    const fields = [...new Set(result.error.issues.map((i) => String(i.path[0] ?? '')))].join(',');
    throw new CardError('malformedResponse', { reason: `basicFourInfo: invalid ${fields}` });
  }
  return result.data;
}

/**
 * VERIFY the card-info PIN and read 基本4情報: SELECT AP, SELECT 0011, retries, VERIFY, SELECT 0002,
 * READ BINARY head + rest: 7 APDUs for a file under 263 bytes.
 */
export async function readBasicFourInfo(
  transport: GuardedTransport,
  pin: string,
  options: VerifyPinOptions = {},
  context: CardOperationContext = {},
): Promise<BasicFourInfo> {
  await verifyPin(transport, 'cardInfo', pin, options, context);
  context.step?.('readingBasicInfo');
  context.expectMore?.(2);
  await selectEf(transport, CARD_INFO_FILES.basicFourInfo, context);
  // 7 bytes cover the longest header: a 2-byte tag and an `82 LL LL` length.
  const bytes = await readTlvFile(transport, 7, context);
  try {
    return decodeBasicFourInfo(bytes);
  } finally {
    bytes.fill(0);
  }
}

const utf8Decoder = new TextDecoder('utf-8', { fatal: true });

function utf8(bytes: Uint8Array, name: string): string {
  try {
    return utf8Decoder.decode(bytes);
  } catch (cause) {
    throw new CardError('malformedResponse', { reason: `basicFourInfo: ${name} is not UTF-8`, cause });
  }
}

/** Short ASCII fields only (date, sex code); anything longer cannot be valid and decodes to ''. */
function ascii(bytes: Uint8Array): string {
  return bytes.length > 16 ? '' : String.fromCharCode(...bytes);
}
