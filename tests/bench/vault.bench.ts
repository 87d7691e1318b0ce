/**
 * Encryption at rest on the tablet: sealing and opening 10,000 people's records through the vault (AES-GCM
 * with HMAC row ids, batches in parallel as the store does), against a baseline in the same run that only
 * serialises and parses the same records (what an unencrypted store pays). Also the PIN key derivation
 * (PBKDF2-SHA-256, 600,000 rounds) that an offline unlock costs once.
 */
import { generateDemoData } from '../../server/demo/index.ts';
import { PIN_ITERATIONS } from '../../src/security/key-wrap.ts';
import { openVault, type SealedRow } from '../../src/security/vault.ts';
import { ratio, type BenchRow } from './table.ts';

const BATCH = 256;

async function inBatches<T, R>(items: readonly T[], work: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += BATCH) out.push(...(await Promise.all(items.slice(i, i + BATCH).map(work))));
  return out;
}

export async function benchVault(size: number): Promise<BenchRow[]> {
  const records = generateDemoData({ seed: 3, size, today: '2026-11-25' }).records.slice(0, size);
  const vault = await openVault(crypto.getRandomValues(new Uint8Array(32)));

  let started = performance.now();
  const sealed: SealedRow[] = await inBatches(records, (r) => vault.seal('person', `${r.insurerNumber}-${r.insuredNumber}`, r));
  const sealMs = performance.now() - started;
  started = performance.now();
  await inBatches(sealed, (row) => vault.open(row));
  const openMs = performance.now() - started;

  started = performance.now();
  const plain = records.map((r) => JSON.stringify(r));
  const stringifyMs = performance.now() - started;
  started = performance.now();
  for (const text of plain) JSON.parse(text);
  const parseMs = performance.now() - started;

  const salt = crypto.getRandomValues(new Uint8Array(16));
  const pbkdf2 = async (iterations: number) => {
    const key = await crypto.subtle.importKey('raw', new TextEncoder().encode('482915'), 'PBKDF2', false, ['deriveBits']);
    const t = performance.now();
    await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, key, 256);
    return performance.now() - t;
  };
  const pinMs = await pbkdf2(PIN_ITERATIONS);
  const legacyMs = await pbkdf2(100_000);

  const n = records.length.toLocaleString('en');
  return [
    { name: `vault seal ${n} people`, figure: `${Math.round(sealMs)} ms`, baseline: `JSON.stringify ${Math.round(stringifyMs)} ms`, ratio: ratio(sealMs, stringifyMs) },
    { name: `vault open ${n} people (unlock)`, figure: `${Math.round(openMs)} ms`, baseline: `JSON.parse ${Math.round(parseMs)} ms`, ratio: ratio(openMs, parseMs) },
    { name: `PIN key derivation (PBKDF2 ${PIN_ITERATIONS.toLocaleString('en')})`, figure: `${Math.round(pinMs)} ms`, baseline: `100,000 rounds ${Math.round(legacyMs)} ms`, ratio: ratio(pinMs, legacyMs) },
  ];
}
