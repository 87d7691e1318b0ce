import { describe, expect, it } from 'vitest';
import { createPairing, hashToken, randomPairingCode } from './pairing.ts';
import { createMemoryPairingStore, MAX_TOKENS_PER_ORIGIN, withPairing } from './pairing-store.ts';

/** Randomness that replays fixed bytes, then counts up. */
function scripted(...chunks: number[][]): (size: number) => Uint8Array {
  let n = 0;
  return (size) => {
    const next = chunks.shift();
    if (next) return Uint8Array.from(next);
    return Uint8Array.from({ length: size }, () => n++ & 0xff);
  };
}

describe('pairing codes', () => {
  it('maps 4 random bytes to six digits, rejecting the biased top of the range', () => {
    // 0x0001E240 = 123456; 0xFFFFFFFF ≥ 4 294 000 000 is drawn again.
    expect(randomPairingCode(scripted([0x00, 0x01, 0xe2, 0x40]))).toBe('123456');
    expect(randomPairingCode(scripted([0xff, 0xff, 0xff, 0xff], [0x00, 0x00, 0x00, 0x07]))).toBe('000007');
    // 0xFFF13D7F = 4 293 999 999, the largest accepted value (mod 10⁶ = 999999); 0xFFF13D80 is drawn again.
    expect(randomPairingCode(scripted([0xff, 0xf1, 0x3d, 0x7f]))).toBe('999999');
    expect(randomPairingCode(scripted([0xff, 0xf1, 0x3d, 0x80], [0x00, 0x0f, 0x42, 0x3f]))).toBe('999999');
  });

  it('hashes tokens with SHA-256 (FIPS 180-4 test vector "abc")', () => {
    expect(hashToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('issues a token once per code and checks it per origin', async () => {
    const store = createMemoryPairingStore();
    const shown: string[] = [];
    const pairing = createPairing({ store, clock: () => new Date('2026-04-01T00:00:00Z'), random: scripted([0, 0, 0x30, 0x39]), onCode: (c) => shown.push(c) });
    expect(shown).toEqual(['012345']);
    const outcome = await pairing.pair('http://localhost:8080', '012345');
    if (!outcome.ok) throw new Error('expected pairing');
    expect(outcome.tokenHash).toBe(hashToken(outcome.token));
    expect(shown).toHaveLength(2);
    expect(await pairing.pair('http://localhost:8080', '012345')).toMatchObject({ ok: false, code: 'wrongPairingCode', attemptsLeft: 4 });
    expect(await pairing.authenticate('http://localhost:8080', outcome.token)).toBe(outcome.tokenHash);
    expect(await pairing.authenticate('https://other.example', outcome.token)).toBeNull();
    expect(await pairing.authenticate('http://localhost:8080', `${outcome.token.slice(0, -1)}A`)).toBeNull();
  });

  it('keeps at most MAX_TOKENS_PER_ORIGIN pairings per origin, dropping the oldest', () => {
    const record = (origin: string, i: number) => ({ origin, tokenHash: i.toString(16).padStart(64, '0'), createdAt: `2026-04-0${1 + (i % 9)}T00:00:00.000Z` });
    let list = [record('https://other.example', 99)];
    for (let i = 0; i < MAX_TOKENS_PER_ORIGIN + 2; i++) list = withPairing(list, record('http://localhost:8080', i));
    const mine = list.filter((p) => p.origin === 'http://localhost:8080').map((p) => parseInt(p.tokenHash, 16));
    expect(mine).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
    expect(list[0]?.origin).toBe('https://other.example');
  });
});
