import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { openVault, SealedRow } from './vault.ts';
import { SecurityError } from './security-error.ts';
import { makeInsuredRecord } from '../data/insured-record.testing.ts';

const dataKey = () => Uint8Array.from({ length: 32 }, (_, i) => i * 7);
const person = { insurerNumber: '131016', insuredNumber: '0000000001', name: '試験 花子' };

describe('vault', () => {
  it('seals a value and opens it again', async () => {
    const vault = await openVault(dataKey());
    const row = await vault.seal('person', '131016-0000000001', person);
    expect(SealedRow.safeParse(row).success).toBe(true);
    expect(row.kind).toBe('person');
    expect(row.iv).toHaveLength(12);
    expect(await vault.open(row)).toEqual(person);
  });

  it('gives one natural key the same id every time, and a fresh IV and ciphertext every time', async () => {
    const vault = await openVault(dataKey());
    const a = await vault.seal('person', '131016-0000000001', person);
    const b = await vault.seal('person', '131016-0000000001', person);
    expect(a.id).toBe(b.id);
    expect(a.id).toBe(await vault.rowId('person', '131016-0000000001'));
    expect(a.iv).not.toEqual(b.iv);
    expect(a.data).not.toEqual(b.data);
    expect(await vault.rowId('auditEntry', '131016-0000000001')).not.toBe(a.id);
  });

  it('derives ids from the data key: another device’s key gives other ids', async () => {
    const other = Uint8Array.from({ length: 32 }, (_, i) => i * 7 + 1);
    expect(await (await openVault(dataKey())).rowId('person', '131016-0000000001')).not.toBe(await (await openVault(other)).rowId('person', '131016-0000000001'));
  });

  it('id is the HMAC-SHA-256 of kind:naturalKey under the HKDF row-id sub-key (recomputed independently)', async () => {
    const hkdf = await crypto.subtle.importKey('raw', dataKey(), 'HKDF', false, ['deriveBits']);
    const subKey = await crypto.subtle.deriveBits({ name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: new TextEncoder().encode('tsunagi/row-id') }, hkdf, 256);
    const hmac = await crypto.subtle.importKey('raw', subKey, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    const expected = Buffer.from(await crypto.subtle.sign('HMAC', hmac, new TextEncoder().encode('person:131016-0000000001'))).toString('base64url');
    expect(await (await openVault(dataKey())).rowId('person', '131016-0000000001')).toBe(expected);
  });

  it('refuses a row moved to another id or kind, a flipped bit, or another key', async () => {
    const vault = await openVault(dataKey());
    const hanako = await vault.seal('person', '131016-0000000001', person);
    const taro = await vault.seal('person', '131016-0000000002', { ...person, insuredNumber: '0000000002' });
    const moved = { ...hanako, id: taro.id };
    await expect(vault.open(moved)).rejects.toMatchObject({ code: 'sealedRowUnreadable' });
    await expect(vault.open({ ...hanako, kind: 'auditEntry' })).rejects.toBeInstanceOf(SecurityError);
    const flipped = new Uint8Array(hanako.data);
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    await expect(vault.open({ ...hanako, data: flipped })).rejects.toMatchObject({ code: 'sealedRowUnreadable' });
    const stranger = await openVault(Uint8Array.from({ length: 32 }, () => 5));
    await expect(stranger.open(hanako)).rejects.toMatchObject({ code: 'sealedRowUnreadable' });
  });

  it('round-trips any JSON value, and any flipped bit of IV or ciphertext makes the row unreadable', async () => {
    const vault = await openVault(dataKey());
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), fc.nat(), fc.integer({ min: 0, max: 7 }), fc.boolean(), async (value, at, bit, inIv) => {
        const row = await vault.seal('auditEntry', 'k', value);
        expect(await vault.open(row)).toEqual(JSON.parse(JSON.stringify(value)));
        const bytes = new Uint8Array(inIv ? row.iv : row.data);
        const index = at % bytes.length;
        bytes[index] = (bytes[index] ?? 0) ^ (1 << bit);
        await expect(vault.open(inIv ? { ...row, iv: bytes } : { ...row, data: bytes })).rejects.toMatchObject({ code: 'sealedRowUnreadable' });
      }),
      { numRuns: 100 },
    );
  });

  it('does not depend on the caller keeping the key: zeroing it after openVault changes nothing', async () => {
    const key = dataKey();
    const vault = await openVault(key);
    const row = await vault.seal('auditEntry', 'e-1', { n: 1 });
    key.fill(0);
    expect(await vault.open(row)).toEqual({ n: 1 });
  });

  it('refuses a data key of the wrong length', async () => {
    await expect(openVault(new Uint8Array(16))).rejects.toMatchObject({ code: 'badKeyLength' });
  });

  it('seals and opens 10,000 person records in parallel batches (timed)', async () => {
    const vault = await openVault(dataKey());
    const people = Array.from({ length: 10_000 }, (_, i) => makeInsuredRecord({ insuredNumber: String(i + 1).padStart(10, '0') }));
    const batch = 256;
    const inBatches = async <T, R>(items: T[], work: (item: T) => Promise<R>): Promise<R[]> => {
      const out: R[] = [];
      for (let at = 0; at < items.length; at += batch) out.push(...(await Promise.all(items.slice(at, at + batch).map(work))));
      return out;
    };
    const started = performance.now();
    const rows = await inBatches(people, (p) => vault.seal('person', `${p.insurerNumber}-${p.insuredNumber}`, { providerNumbers: ['1310100001'], record: p }));
    const sealed = performance.now();
    const opened = await inBatches(rows, (row) => vault.open(row));
    const done = performance.now();
    expect(new Set(rows.map((r) => r.id)).size).toBe(10_000);
    expect(opened[9_999]).toEqual({ providerNumbers: ['1310100001'], record: people[9_999] });
    console.info(`vault, 10,000 person records: seal ${Math.round(sealed - started)} ms, open ${Math.round(done - sealed)} ms`);
  }, 60_000);
});
