import { createHash, X509Certificate, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { bytesToHex } from '../apdu/hex.ts';
import { createTestCard, TEST_CARD_HOLDER, testCardKeys, wireTestCard } from '../transports/virtual-card-fixture.ts';
import { verifyAuthPin } from './pin.ts';
import { selectApp } from './select.ts';
import { sha256DigestInfo, signDigestWithAuthKey } from './sign-digest.ts';

// SHA-256("abc") (FIPS 180-2 appendix B.1).
const ABC_DIGEST = 'BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD';
const fromHex = (hex: string) => Uint8Array.from(Buffer.from(hex, 'hex'));

describe('sha256DigestInfo', () => {
  it('prefixes the digest with the DER DigestInfo header for SHA-256', () => {
    expect(bytesToHex(sha256DigestInfo(fromHex(ABC_DIGEST)))).toBe(`3031300D060960864801650304020105000420${ABC_DIGEST}`);
  });

  it('refuses anything but 32 bytes', () => {
    expect(() => sha256DigestInfo(new Uint8Array(20))).toThrow(/invalidDigest/);
    expect(() => sha256DigestInfo(new Uint8Array(33))).toThrow(/invalidDigest/);
  });
});

describe('signDigestWithAuthKey', () => {
  it('sends the documented command and returns a signature the certificate verifies (6 APDUs with the PIN)', async () => {
    const card = await createTestCard();
    const { transport, log } = wireTestCard(card);
    const data = Buffer.from('abc');
    await verifyAuthPin(transport, TEST_CARD_HOLDER.authPin);
    const signature = await signDigestWithAuthKey(transport, fromHex(ABC_DIGEST));
    expect(log().slice(4)).toEqual(['00A4020C020017', `802A008033${bytesToHex(sha256DigestInfo(fromHex(ABC_DIGEST)))}00`]);
    expect(log()).toHaveLength(6);
    expect(signature.length).toBe(256);
    const certificate = new X509Certificate((await testCardKeys()).authCertificate);
    expect(verify('RSA-SHA256', data, certificate.publicKey, signature)).toBe(true);
    expect(verify('RSA-SHA256', Buffer.from('abd'), certificate.publicKey, signature)).toBe(false);
  });

  it('works with a T=0 style card (61xx + GET RESPONSE)', async () => {
    const card = await createTestCard({ transmission: 'getResponse' });
    const { transport, log } = wireTestCard(card);
    const digest = createHash('sha256').update('consent').digest();
    await verifyAuthPin(transport, TEST_CARD_HOLDER.authPin);
    const signature = await signDigestWithAuthKey(transport, digest);
    expect(log().at(-1)).toBe('00C0000000');
    const certificate = new X509Certificate((await testCardKeys()).authCertificate);
    expect(verify('RSA-SHA256', Buffer.from('consent'), certificate.publicKey, signature)).toBe(true);
  });

  it('is refused by the card without the PIN (6982), also when the app was selected again after VERIFY', async () => {
    const card = await createTestCard();
    const { transport } = wireTestCard(card);
    await selectApp(transport, 'jpki');
    await expect(signDigestWithAuthKey(transport, fromHex(ABC_DIGEST))).rejects.toMatchObject({ code: 'securityNotSatisfied', statusWord: 0x6982 });
    await verifyAuthPin(transport, TEST_CARD_HOLDER.authPin);
    await selectApp(transport, 'jpki');
    await expect(signDigestWithAuthKey(transport, fromHex(ABC_DIGEST))).rejects.toMatchObject({ code: 'securityNotSatisfied' });
  });

  it('sends nothing for a digest of the wrong size', async () => {
    const card = await createTestCard();
    const { transport, log } = wireTestCard(card);
    await expect(signDigestWithAuthKey(transport, new Uint8Array(31))).rejects.toMatchObject({ code: 'invalidDigest' });
    expect(log()).toEqual([]);
  });
});
