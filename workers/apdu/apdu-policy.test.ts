import { describe, expect, it } from 'vitest';
import { createApduPolicy, guardTransport, type ApduPolicy, type PolicyDecision } from './apdu-policy.ts';
import { CardError } from './card-error.ts';
import { hexToBytes } from './hex.ts';

const SELECT_JPKI = '00A4040C0AD392F000260100000001';
const SELECT_CARD_INFO = '00A4040C0AD3921000310001010408';
const SELECT_VISUAL = '00A4040C0AD3921000310001010402';
const DIGEST_INFO = '3031300D060960864801650304020105000420' + 'AB'.repeat(32);
const SIGN = `802A008033${DIGEST_INFO}00`;

/** Sends commands through the policy, answering each allowed one with `sw`, and returns the last decision. */
function run(policy: ApduPolicy, commands: string[], sw = '9000'): PolicyDecision {
  let decision: PolicyDecision = { allowed: true };
  for (const command of commands) {
    decision = policy.check(hexToBytes(command));
    if (!decision.allowed) return decision;
    policy.observe(hexToBytes(command), hexToBytes(sw));
  }
  return decision;
}

function decide(setup: string[], command: string) {
  const policy = createApduPolicy();
  const ready = run(policy, setup);
  expect(ready).toEqual({ allowed: true });
  return policy.check(hexToBytes(command));
}

const allowed = { allowed: true };
const refused = (rule: string) => ({ allowed: false, rule });

describe('APDU policy: SELECT DF', () => {
  it('allows the JPKI AP and the card-info AP', () => {
    expect(decide([], SELECT_JPKI)).toEqual(allowed);
    expect(decide([], SELECT_CARD_INFO)).toEqual(allowed);
  });

  it('refuses any other AID, including the visual AP', () => {
    expect(decide([], SELECT_VISUAL)).toEqual(refused('selectAidNotAllowed'));
    expect(decide([], '00A4040C0AD392F000260100000002')).toEqual(refused('selectAidNotAllowed'));
    expect(decide([], '00A4040C09D392F0002601000000')).toEqual(refused('selectAidNotAllowed'));
  });

  it('refuses select modes other than P2 = 0C without Le (FCI, by path, MF)', () => {
    expect(decide([], '00A4040009D392F0002601000000')).toEqual(refused('selectModeNotAllowed'));
    expect(decide([], `${SELECT_JPKI}00`)).toEqual(refused('selectModeNotAllowed'));
    expect(decide([], '00A4080C02000A')).toEqual(refused('selectModeNotAllowed'));
    expect(decide([], '00A4000C023F00')).toEqual(refused('selectModeNotAllowed'));
  });
});

describe('APDU policy: SELECT EF', () => {
  it.each(['0006', '000A', '000B', '0017', '0018'])('allows JPKI EF %s', (fid) => {
    expect(decide([SELECT_JPKI], `00A4020C02${fid}`)).toEqual(allowed);
  });

  it.each(['0011', '0002'])('allows card-info EF %s', (fid) => {
    expect(decide([SELECT_CARD_INFO], `00A4020C02${fid}`)).toEqual(allowed);
  });

  it('refuses EF 0001 of the card-info AP: the individual number', () => {
    expect(decide([SELECT_CARD_INFO], '00A4020C020001')).toEqual(refused('selectEfNotAllowed'));
  });

  it('refuses the JPKI signing files and EFs of the other app', () => {
    for (const fid of ['0001', '0002', '001A', '001B', '0011']) expect(decide([SELECT_JPKI], `00A4020C02${fid}`)).toEqual(refused('selectEfNotAllowed'));
    for (const fid of ['000A', '0018', '0005']) expect(decide([SELECT_CARD_INFO], `00A4020C02${fid}`)).toEqual(refused('selectEfNotAllowed'));
  });

  it('refuses an EF select before any app is selected', () => {
    expect(decide([], '00A4020C02000A')).toEqual(refused('selectEfWithoutApp'));
  });

  it('refuses an EF select after a failed app select (no riding on the previous app)', () => {
    const policy = createApduPolicy();
    run(policy, [SELECT_JPKI]);
    policy.observe(hexToBytes(SELECT_CARD_INFO), hexToBytes('6A82'));
    expect(policy.state).toEqual({ app: null, ef: null, moreData: false });
    expect(policy.check(hexToBytes('00A4020C02000A'))).toEqual(refused('selectEfWithoutApp'));
  });
});

describe('APDU policy: READ BINARY', () => {
  it('allows reads of the certificates, the token and the basic info', () => {
    for (const fid of ['000A', '000B', '0006']) expect(decide([SELECT_JPKI, `00A4020C02${fid}`], '00B0000004')).toEqual(allowed);
    expect(decide([SELECT_CARD_INFO, '00A4020C020002'], '00B0010400')).toEqual(allowed);
  });

  it('refuses reads of PIN and key EFs', () => {
    expect(decide([SELECT_JPKI, '00A4020C020017'], '00B0000000')).toEqual(refused('readBinaryNotAllowed'));
    expect(decide([SELECT_JPKI, '00A4020C020018'], '00B0000000')).toEqual(refused('readBinaryNotAllowed'));
    expect(decide([SELECT_CARD_INFO, '00A4020C020011'], '00B0000000')).toEqual(refused('readBinaryNotAllowed'));
  });

  it('refuses a read with no EF selected, or after a failed EF select', () => {
    expect(decide([SELECT_JPKI], '00B0000004')).toEqual(refused('readBinaryNotAllowed'));
    const policy = createApduPolicy();
    run(policy, [SELECT_JPKI, '00A4020C02000A']);
    policy.observe(hexToBytes('00A4020C02000B'), hexToBytes('6A82'));
    expect(policy.check(hexToBytes('00B0000004'))).toEqual(refused('readBinaryNotAllowed'));
  });

  it('refuses short-EF-id reads, which would reach EF 0001 without selecting it', () => {
    expect(decide([SELECT_CARD_INFO, '00A4020C020002'], '00B0810000')).toEqual(refused('readBinaryShortFileId'));
    expect(decide([SELECT_JPKI, '00A4020C02000A'], '00B08A0000')).toEqual(refused('readBinaryShortFileId'));
  });

  it('refuses READ BINARY with data (odd forms) ', () => {
    expect(decide([SELECT_JPKI, '00A4020C02000A'], '00B0000001AA')).toEqual(refused('readBinaryNotAllowed'));
  });
});

describe('APDU policy: VERIFY', () => {
  it('allows the retries query and a 4-digit PIN on each PIN EF', () => {
    expect(decide([SELECT_JPKI, '00A4020C020018'], '00200080')).toEqual(allowed);
    expect(decide([SELECT_JPKI, '00A4020C020018'], '002000800431323334')).toEqual(allowed);
    expect(decide([SELECT_CARD_INFO, '00A4020C020011'], '002000800439383736')).toEqual(allowed);
  });

  it('refuses VERIFY on other EFs or with other references', () => {
    expect(decide([SELECT_JPKI, '00A4020C02000A'], '00200080')).toEqual(refused('verifyNotPinEf'));
    expect(decide([SELECT_JPKI], '00200080')).toEqual(refused('verifyNotPinEf'));
    expect(decide([SELECT_JPKI, '00A4020C020018'], '00200081')).toEqual(refused('verifyNotPinEf'));
    expect(decide([SELECT_JPKI, '00A4020C020018'], '00200180')).toEqual(refused('verifyNotPinEf'));
  });

  it('refuses VERIFY data that is not 4 ASCII digits', () => {
    expect(decide([SELECT_JPKI, '00A4020C020018'], '0020008003313233')).toEqual(refused('verifyDataNotPin'));
    expect(decide([SELECT_JPKI, '00A4020C020018'], '0020008004313233')).toEqual(refused('malformedCommand'));
    expect(decide([SELECT_JPKI, '00A4020C020018'], '00200080043132334A')).toEqual(refused('verifyDataNotPin'));
    expect(decide([SELECT_JPKI, '00A4020C020018'], '00200080053132333435')).toEqual(refused('verifyDataNotPin'));
    expect(decide([SELECT_JPKI, '00A4020C020018'], '00200080043132333400')).toEqual(refused('verifyDataNotPin'));
  });
});

describe('APDU policy: COMPUTE DIGITAL SIGNATURE', () => {
  it('allows the SHA-256 DigestInfo with the auth key selected', () => {
    expect(decide([SELECT_JPKI, '00A4020C020017'], SIGN)).toEqual(allowed);
  });

  it('refuses it with another EF or app selected', () => {
    expect(decide([SELECT_JPKI, '00A4020C020018'], SIGN)).toEqual(refused('signNotAllowed'));
    expect(decide([SELECT_JPKI], SIGN)).toEqual(refused('signNotAllowed'));
    expect(decide([SELECT_CARD_INFO, '00A4020C020011'], SIGN)).toEqual(refused('signNotAllowed'));
  });

  it('refuses other data or a missing Le', () => {
    const sha1DigestInfo = `3021300906052B0E03021A05000414${'AB'.repeat(20)}`;
    expect(decide([SELECT_JPKI, '00A4020C020017'], `802A008023${sha1DigestInfo}00`)).toEqual(refused('signDataNotDigestInfo'));
    expect(decide([SELECT_JPKI, '00A4020C020017'], `802A008033${DIGEST_INFO}`)).toEqual(refused('signDataNotDigestInfo'));
    expect(decide([SELECT_JPKI, '00A4020C020017'], `802A00800A${'00'.repeat(10)}00`)).toEqual(refused('signDataNotDigestInfo'));
    expect(decide([SELECT_JPKI, '00A4020C020017'], `802A9E9A33${DIGEST_INFO}00`)).toEqual(refused('signNotAllowed'));
  });
});

describe('APDU policy: everything else', () => {
  it.each([
    ['CHANGE REFERENCE DATA', '002401800435363738'],
    ['RESET RETRY COUNTER', '002C0080'],
    ['UPDATE BINARY', '00D6000001AA'],
    ['READ RECORD', '00B2010400'],
    ['GET CHALLENGE', '0084000008'],
    ['INTERNAL AUTHENTICATE', '0088000004AABBCCDD00'],
    ['MANAGE SECURITY ENVIRONMENT', '002241B603830101'],
    ['secure messaging CLA', '0CA4040C0AD392F000260100000001'],
    ['command chaining CLA', '10A4040C0AD392F000260100000001'],
    ['proprietary class, other INS', '80CA000000'],
  ])('refuses %s', (_name, hex) => {
    expect(decide([SELECT_JPKI, '00A4020C020018'], hex)).toEqual(refused('commandNotAllowed'));
  });

  it('refuses malformed commands', () => {
    expect(decide([], '00A4')).toEqual(refused('malformedCommand'));
    expect(decide([], '00A4040C0AD392')).toEqual(refused('malformedCommand'));
  });

  it('allows GET RESPONSE only right after a 61xx answer', () => {
    const policy = createApduPolicy();
    run(policy, [SELECT_JPKI, '00A4020C020017']);
    expect(policy.check(hexToBytes('00C0000000'))).toEqual(refused('getResponseUnexpected'));
    policy.observe(hexToBytes(SIGN), hexToBytes('6100'));
    expect(policy.check(hexToBytes('00C0000000'))).toEqual(allowed);
    expect(policy.check(hexToBytes('00C0010000'))).toEqual(refused('getResponseUnexpected'));
    policy.observe(hexToBytes('00C0000000'), hexToBytes('9000'));
    expect(policy.check(hexToBytes('00C0000000'))).toEqual(refused('getResponseUnexpected'));
  });
});

describe('guardTransport', () => {
  it('never sends a refused command and raises apduForbidden with the rule', async () => {
    const sent: string[] = [];
    const guarded = guardTransport({
      transmit: async (apdu) => {
        sent.push(Buffer.from(apdu).toString('hex'));
        return hexToBytes('9000');
      },
    });
    await guarded.transmit(hexToBytes(SELECT_CARD_INFO));
    const error = await guarded.transmit(hexToBytes('00A4020C020001')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CardError);
    expect(error).toMatchObject({ code: 'apduForbidden', reason: 'selectEfNotAllowed' });
    expect(sent).toEqual([SELECT_CARD_INFO.toLowerCase()]);
  });

  it('forgets the selection when the transport fails', async () => {
    let fail = false;
    const guarded = guardTransport({
      transmit: async () => {
        if (fail) throw new CardError('cardRemoved');
        return hexToBytes('9000');
      },
    });
    await guarded.transmit(hexToBytes(SELECT_JPKI));
    fail = true;
    await expect(guarded.transmit(hexToBytes('00A4020C02000A'))).rejects.toMatchObject({ code: 'cardRemoved' });
    expect(guarded.policy.state.app).toBeNull();
  });
});
