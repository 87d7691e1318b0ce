import { describe, expect, it } from 'vitest';
import { makeInsuredRecord } from '../../data/insured-record.testing.ts';
import { createMemoryLocalStore } from '../../data/memory-local-store.ts';
import { savePaperEntry } from './save-paper-entry.ts';

const OFFICE = '1310100001';
const NOW = new Date('2026-07-01T01:00:00.000Z');
const ENTRY_ID = '00000000-0000-4000-8000-000000000001';

function deps(store: ReturnType<typeof createMemoryLocalStore>) {
  return { store, providerNumber: OFFICE, staff: { staffId: 'staff-0001', name: '試験 ケアマネ' }, now: () => NOW, newEntryId: () => ENTRY_ID };
}

describe('savePaperEntry', () => {
  it('queues paperRecordEntered and puts the person, marked as from paper, on the office list', async () => {
    const store = createMemoryLocalStore();
    const { source: _source, version: _version, updatedAt: _updatedAt, ...content } = makeInsuredRecord({ insurerNumber: '229029', insuredNumber: '0000000009' });
    const record = await savePaperEntry(deps(store), content, null);
    expect(record).toMatchObject({ source: { kind: 'paper', enteredBy: '試験 ケアマネ', enteredAt: NOW.toISOString() }, version: 1, insuredNumber: '0000000009' });
    expect((await store.readPeople(OFFICE)).items).toEqual([record]);
    const queued = (await store.readOutbox(10)).items;
    expect(queued).toHaveLength(1);
    expect(queued[0]).toMatchObject({ seq: 1, name: 'paperRecordEntered', version: 1, staffId: 'staff-0001' });
    expect(queued[0]?.args).toEqual({ entryId: ENTRY_ID, enteredAt: NOW.toISOString(), content, replacesVersion: null });
  });

  it('a correction names the version it replaces and stores the next one', async () => {
    const store = createMemoryLocalStore();
    const { source: _source, version: _version, updatedAt: _updatedAt, ...content } = makeInsuredRecord({ insurerNumber: '229029' });
    const record = await savePaperEntry(deps(store), content, 3);
    expect(record.version).toBe(4);
    expect((await store.readOutbox(10)).items[0]?.args).toMatchObject({ replacesVersion: 3 });
  });

  it('writes nothing when the store refuses (e.g. storage full)', async () => {
    const store = createMemoryLocalStore();
    store.failNextWrite(new DOMException('full', 'QuotaExceededError'));
    const { source: _source, version: _version, updatedAt: _updatedAt, ...content } = makeInsuredRecord({ insurerNumber: '229029' });
    await expect(savePaperEntry(deps(store), content, null)).rejects.toMatchObject({ code: 'quota' });
    expect((await store.readPeople(OFFICE)).items).toEqual([]);
    expect(await store.outboxCount()).toBe(0);
  });
});
