import { describe, expect, it } from 'vitest';
import { makeInsuredRecord } from '../data/insured-record.testing.ts';
import { tombstone, upsert } from '../data/local-store-contract.testing.ts';
import { createMemoryLocalStore } from '../data/memory-local-store.ts';
import type { SyncStore } from './sync-engine.ts';
import { createFakeSyncServer } from './fake-sync-server.testing.ts';
import { createSyncEngine } from './sync-engine.ts';

const OFFICE = '1310100001';
const NOW = new Date('2025-09-01T03:00:00.000Z');
const person = (n: number) => makeInsuredRecord({ insuredNumber: String(n).padStart(10, '0'), name: `試験 ${n}` });

/** The engine's store, logging when a page is stored (after the write resolved). */
function loggingStore(events: string[]) {
  const store = createMemoryLocalStore();
  const logged: SyncStore = {
    ...store,
    applyPull: async (page) => {
      await store.applyPull(page);
      events.push(`stored ${page.cursor}`);
    },
  };
  return { store, logged };
}

describe('sync engine: onPulled', () => {
  it('reports each page after it is stored, with its changes in order', async () => {
    const events: string[] = [];
    const { logged } = loggingStore(events);
    const server = createFakeSyncServer({ office: OFFICE, changes: [upsert(person(1)), upsert(person(2)), tombstone(person(1)), upsert(person(3)), upsert(person(4))] });
    const engine = createSyncEngine({
      store: logged,
      apiFetch: server.apiFetch,
      now: () => NOW,
      pullLimit: 2,
      onPulled: (changes, page) => events.push(`pulled ${page.cursor}: ${changes.map((c) => `${c.op} ${c.op === 'upsert' ? c.record.insuredNumber : c.insuredNumber}`).join(', ')}`),
    });
    expect((await engine.syncNow()).error).toBeNull();
    expect(events).toEqual([
      'stored c2',
      'pulled c2: upsert 0000000001, upsert 0000000002',
      'stored c4',
      'pulled c4: remove 0000000001, upsert 0000000003',
      'stored c5',
      'pulled c5: upsert 0000000004',
    ]);
  });

  it('does not report a page whose write failed (the list on screen stays what is stored)', async () => {
    const pulled: string[] = [];
    const store = createMemoryLocalStore();
    const server = createFakeSyncServer({ office: OFFICE, changes: [upsert(person(1)), upsert(person(2))] });
    const engine = createSyncEngine({ store, apiFetch: server.apiFetch, now: () => NOW, pullLimit: 1, onPulled: (_, page) => pulled.push(page.cursor) });
    store.failNextWrite(new DOMException('full', 'QuotaExceededError'));
    expect((await engine.syncNow()).error?.code).toBe('quota');
    expect(pulled).toEqual([]);
    expect((await engine.syncNow()).error).toBeNull();
    expect(pulled).toEqual(['c1', 'c2']);
  });
});
