import { describe, expect, it } from 'vitest';
import { deriveWrapKey, unwrapDataKey, wrapDataKey, type WrapSecret } from './key-wrap.ts';
import { SecurityError } from './security-error.ts';

const bytes = (fill: number, length = 32) => new Uint8Array(length).fill(fill);
const dataKey = Uint8Array.from({ length: 32 }, (_, i) => 255 - i);
// Fewer PBKDF2 rounds than the product's 600,000: the derivation is the same, only slower.
const pinSecret = (pin: string, leaseShare = bytes(7)): WrapSecret => ({ kind: 'pin', pin, salt: bytes(1, 16), iterations: 1000, leaseShare });

describe('data key wrapping', () => {
  it('unwraps with the same escrow key and wrap id', async () => {
    const wrap = await wrapDataKey(await deriveWrapKey({ kind: 'escrow', escrowKey: bytes(9) }, 'escrow'), dataKey, 'escrow');
    expect(wrap.iv).toHaveLength(12);
    expect(wrap.wrapped).toHaveLength(32 + 16);
    const again = await unwrapDataKey(await deriveWrapKey({ kind: 'escrow', escrowKey: bytes(9) }, 'escrow'), wrap, 'escrow');
    expect(again).toEqual(dataKey);
  });

  it('does not unwrap with another escrow key', async () => {
    const wrap = await wrapDataKey(await deriveWrapKey({ kind: 'escrow', escrowKey: bytes(9) }, 'escrow'), dataKey, 'escrow');
    expect(await unwrapDataKey(await deriveWrapKey({ kind: 'escrow', escrowKey: bytes(10) }, 'escrow'), wrap, 'escrow')).toBeUndefined();
  });

  it('needs both the PIN and the lease share', async () => {
    const wrap = await wrapDataKey(await deriveWrapKey(pinSecret('482915'), 'pin:s-1'), dataKey, 'pin:s-1');
    expect(await unwrapDataKey(await deriveWrapKey(pinSecret('482915'), 'pin:s-1'), wrap, 'pin:s-1')).toEqual(dataKey);
    expect(await unwrapDataKey(await deriveWrapKey(pinSecret('482916'), 'pin:s-1'), wrap, 'pin:s-1')).toBeUndefined();
    expect(await unwrapDataKey(await deriveWrapKey(pinSecret('482915', bytes(8)), 'pin:s-1'), wrap, 'pin:s-1')).toBeUndefined();
  });

  it('reads full-width digits from a Japanese IME as the same PIN', async () => {
    const wrap = await wrapDataKey(await deriveWrapKey(pinSecret('482915'), 'pin:s-1'), dataKey, 'pin:s-1');
    expect(await unwrapDataKey(await deriveWrapKey(pinSecret('４８２９１５'), 'pin:s-1'), wrap, 'pin:s-1')).toEqual(dataKey);
  });

  it('binds a wrap to its id: another staff member’s slot with the same PIN does not open it', async () => {
    const wrap = await wrapDataKey(await deriveWrapKey(pinSecret('482915'), 'pin:s-1'), dataKey, 'pin:s-1');
    expect(await unwrapDataKey(await deriveWrapKey(pinSecret('482915'), 'pin:s-2'), wrap, 'pin:s-2')).toBeUndefined();
  });

  it('needs the passkey PRF output and the lease share', async () => {
    const prf = (prfOutput: Uint8Array, leaseShare = bytes(7)): WrapSecret => ({ kind: 'prf', prfOutput, leaseShare });
    const wrap = await wrapDataKey(await deriveWrapKey(prf(bytes(3)), 'prf:cred'), dataKey, 'prf:cred');
    expect(await unwrapDataKey(await deriveWrapKey(prf(bytes(3)), 'prf:cred'), wrap, 'prf:cred')).toEqual(dataKey);
    expect(await unwrapDataKey(await deriveWrapKey(prf(bytes(4)), 'prf:cred'), wrap, 'prf:cred')).toBeUndefined();
    expect(await unwrapDataKey(await deriveWrapKey(prf(bytes(3), bytes(8)), 'prf:cred'), wrap, 'prf:cred')).toBeUndefined();
  });

  it('refuses secrets and keys of the wrong length with badKeyLength', async () => {
    await expect(deriveWrapKey({ kind: 'escrow', escrowKey: bytes(1, 16) }, 'escrow')).rejects.toMatchObject({ code: 'badKeyLength' });
    await expect(deriveWrapKey({ kind: 'prf', prfOutput: bytes(1), leaseShare: bytes(1, 31) }, 'prf:x')).rejects.toBeInstanceOf(SecurityError);
    const kek = await deriveWrapKey({ kind: 'escrow', escrowKey: bytes(9) }, 'escrow');
    await expect(wrapDataKey(kek, bytes(1, 16), 'escrow')).rejects.toMatchObject({ code: 'badKeyLength' });
  });

  it('derives the PIN part with PBKDF2-SHA-256 as RFC 7914 §11 specifies (test vector, 1 round)', async () => {
    // RFC 7914 §11: PBKDF2-HMAC-SHA256(P="passwd", S="salt", c=1, dkLen=64) begins 55 ac 04 6e 56 e3 08 9f ...
    const material = await crypto.subtle.importKey('raw', new TextEncoder().encode('passwd'), 'PBKDF2', false, ['deriveBits']);
    const bits = new Uint8Array(await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: new TextEncoder().encode('salt'), iterations: 1 }, material, 256));
    expect(Buffer.from(bits.slice(0, 8)).toString('hex')).toBe('55ac046e56e3089f');
  });
});
