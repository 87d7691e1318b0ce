/**
 * For tests of encryption at rest: looks for known strings ("canaries": a name, an insured number, a PIN) in
 * every key and value of every table of the device database. Each value is structured-cloned (what IndexedDB
 * stores), walked, stringified, and every byte array in it is also decoded as UTF-8, so a canary hidden in
 * bytes is found too.
 */
import type { Dexie } from 'dexie';

function texts(value: unknown, out: string[], seen = new Set<unknown>()): void {
  if (typeof value === 'string') out.push(value);
  else if (typeof value === 'number' || typeof value === 'bigint') out.push(String(value));
  else if (ArrayBuffer.isView(value)) out.push(new TextDecoder('utf-8').decode(new Uint8Array(value.buffer, value.byteOffset, value.byteLength)));
  else if (value instanceof ArrayBuffer) out.push(new TextDecoder('utf-8').decode(new Uint8Array(value)));
  else if (typeof value === 'object' && value !== null && !seen.has(value)) {
    seen.add(value);
    for (const [key, inner] of Object.entries(value)) {
      out.push(key);
      texts(inner, out, seen);
    }
    if (value instanceof Map || value instanceof Set) for (const inner of value) texts(inner, out, seen);
  }
}

function stringified(value: unknown): string {
  try {
    return JSON.stringify(value, (_key, inner: unknown) => (ArrayBuffer.isView(inner) ? Array.from(new Uint8Array(inner.buffer, inner.byteOffset, inner.byteLength)) : inner)) ?? '';
  } catch {
    return '';
  }
}

/** Where each canary was found, as "table: canary" (empty when none is anywhere). */
export async function findCanaries(db: Dexie, canaries: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  for (const table of db.tables) {
    const rows = await table.toArray();
    const keys = await table.toCollection().primaryKeys();
    const haystack: string[] = [];
    for (const item of [...rows, ...keys]) {
      const clone: unknown = structuredClone(item);
      texts(clone, haystack);
      haystack.push(stringified(clone));
    }
    for (const canary of canaries) if (haystack.some((text) => text.includes(canary))) found.push(`${table.name}: ${canary}`);
  }
  return found;
}
