import { describe, expect, it } from 'vitest';
import type { DeviceAuditEntry } from '../protocol/admin.ts';
import { createMemoryLocalStore } from '../data/memory-local-store.ts';
import { AdminApiError } from '../data/admin-api.ts';
import { AUDIT_UPLOAD_BATCH, uploadDeviceAudit } from './upload-device-audit.ts';

/** Entry i: a fixed uuid, read i seconds after 09:00 on 2 Nov 2026 (so oldest first is ascending i). */
function entry(i: number): DeviceAuditEntry {
  return {
    entryId: `00000000-0000-4000-8000-${i.toString().padStart(12, '0')}`,
    occurredAt: new Date(Date.UTC(2026, 10, 2, 9, 0, i)).toISOString(),
    action: 'person.view',
    insurerNumber: '131016',
    insuredNumber: (1_000_000_000 + (i % 7)).toString(),
  };
}

const indexOf = (e: DeviceAuditEntry): number => Number(e.entryId.slice(-12));

async function storeWith(count: number) {
  const store = createMemoryLocalStore();
  // Recorded newest first, so the upload has to sort.
  await store.recordAudit(Array.from({ length: count }, (_, i) => entry(count - 1 - i)));
  return store;
}

interface Deferred {
  resolve(): void;
  reject(error: unknown): void;
}

describe('upload of device audit entries', () => {
  it('sends 1,200 entries oldest first in batches of 500, 500 and 200, then forgets them', async () => {
    expect(AUDIT_UPLOAD_BATCH).toBe(500);
    const store = await storeWith(1200);
    const batches: DeviceAuditEntry[][] = [];
    const sent = await uploadDeviceAudit(store, {
      async uploadAudit(entries) {
        batches.push([...entries]);
        return { accepted: entries.length, duplicates: 0 };
      },
    });
    expect(sent).toBe(1200);
    expect(batches.map((b) => b.length)).toEqual([500, 500, 200]);
    expect(batches.flat().map(indexOf)).toEqual(Array.from({ length: 1200 }, (_, i) => i));
    expect(store.raw.audit.size).toBe(0);
  });

  it('removes a batch only after its upload has resolved', async () => {
    const store = await storeWith(1200);
    const pending: Deferred[] = [];
    const sizesAtCall: number[] = [];
    const running = uploadDeviceAudit(store, {
      uploadAudit: (entries) =>
        new Promise((resolve, reject) => {
          sizesAtCall.push(store.raw.audit.size);
          pending.push({ resolve: () => resolve({ accepted: entries.length, duplicates: 0 }), reject });
        }),
    });
    // The memory store works in microtasks: one macrotask lets everything that can run, run.
    const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

    await settle();
    expect(pending).toHaveLength(1);
    expect(store.raw.audit.size).toBe(1200);
    pending[0]!.resolve();
    await settle();
    expect(pending).toHaveLength(2);
    expect(store.raw.audit.size).toBe(700);
    pending[1]!.resolve();
    await settle();
    expect(store.raw.audit.size).toBe(200);
    pending[2]!.resolve();
    expect(await running).toBe(1200);
    expect(sizesAtCall).toEqual([1200, 700, 200]);
    expect(store.raw.audit.size).toBe(0);
  });

  it('keeps every entry when the upload fails', async () => {
    const store = await storeWith(1200);
    const result = uploadDeviceAudit(store, {
      async uploadAudit() {
        throw new AdminApiError('network');
      },
    });
    await expect(result).rejects.toMatchObject({ code: 'network' });
    expect(store.raw.audit.size).toBe(1200);
    expect((await store.readPendingAudit(2000)).items).toHaveLength(1200);
  });

  it('keeps the batches not yet accepted when a later upload fails', async () => {
    const store = await storeWith(1200);
    let calls = 0;
    const result = uploadDeviceAudit(store, {
      async uploadAudit(entries) {
        calls += 1;
        if (calls === 2) throw new AdminApiError('http', { status: 503 });
        return { accepted: entries.length, duplicates: 0 };
      },
    });
    await expect(result).rejects.toMatchObject({ code: 'http', status: 503 });
    const left = (await store.readPendingAudit(2000)).items.map(indexOf);
    expect(left).toEqual(Array.from({ length: 700 }, (_, i) => 500 + i));
  });

  it('sends nothing when nothing is pending, and stops after an exact multiple of the batch', async () => {
    const empty = createMemoryLocalStore();
    let calls = 0;
    const api = {
      async uploadAudit(entries: readonly DeviceAuditEntry[]) {
        calls += 1;
        return { accepted: entries.length, duplicates: 0 };
      },
    };
    expect(await uploadDeviceAudit(empty, api)).toBe(0);
    expect(calls).toBe(0);
    expect(await uploadDeviceAudit(await storeWith(1000), api)).toBe(1000);
    expect(calls).toBe(2);
  });
});
