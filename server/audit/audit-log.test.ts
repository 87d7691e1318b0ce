/** Appending to and reading the audit log on every test database (PGlite always, PostgreSQL when configured). */
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.ts';
import { openMigrated, resetDatabase, testDatabaseFactories } from '../db/test-databases.testing.ts';
import { AUDIT_OFFICE, auditEntry, OTHER_OFFICE, tickingClock } from './audit-fixtures.testing.ts';
import { auditEntryHash, GENESIS_HASH } from './audit-hash.ts';
import { appendAudit, appendAuditInTransaction, listAudit, parseAuditQuery } from './audit-log.ts';
import { verifyAuditChain } from './verify-audit.ts';

describe('parseAuditQuery', () => {
  it('turns the query strings into filters and a bounded page size', () => {
    expect(parseAuditQuery({ from: '2026-07-01', before: '42', limit: '20' })).toEqual({ filters: { from: '2026-07-01', before: 42 }, limit: 20 });
    expect(parseAuditQuery({}).limit).toBe(100);
    expect(parseAuditQuery({ limit: '0' }).limit).toBe(1);
    expect(parseAuditQuery({ limit: '9999' }).limit).toBe(1000);
  });

  it('refuses a day that does not exist', () => {
    expect(() => parseAuditQuery({ to: '2026-02-30' })).toThrow(expect.objectContaining({ code: 'invalidDay' }) as Error);
  });
});

describe.each(testDatabaseFactories())('audit log on $name', (factory) => {
  let db: Database;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    ({ db, dispose } = await openMigrated(factory));
  });
  afterAll(async () => dispose());
  beforeEach(async () => resetDatabase(db));

  const stored = async () =>
    db.query<{ seq: number; prev_hash: string; hash: string; recorded_at: Date; device_entry_id: string | null }>(
      'SELECT seq, prev_hash, hash, recorded_at, device_entry_id FROM audit_log ORDER BY seq',
    );

  it('chains entries: seq 1, 2, 3…, each prev_hash the hash before, the first after 64 zeros', async () => {
    const clock = tickingClock();
    expect(await appendAudit(db, [auditEntry(), auditEntry({ action: 'people.list', insuredNumber: null, insurerNumber: null })], clock)).toEqual({ appended: 2, duplicates: 0 });
    expect(await appendAudit(db, [auditEntry({ outcome: 'denied', detail: { reason: 'notServed', count: 3, again: false } })], clock)).toEqual({ appended: 1, duplicates: 0 });
    const rows = await stored();
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3]);
    expect(rows[0]?.prev_hash).toBe(GENESIS_HASH);
    expect(rows[1]?.prev_hash).toBe(rows[0]?.hash);
    expect(rows[2]?.prev_hash).toBe(rows[1]?.hash);
    // One recording time per call, from the clock.
    expect(rows.map((r) => r.recorded_at.toISOString())).toEqual(['2026-07-10T01:00:00.000Z', '2026-07-10T01:00:00.000Z', '2026-07-10T01:00:01.000Z']);
    expect(await verifyAuditChain(db)).toEqual({ ok: true, entries: 3, headHash: rows[2]?.hash });
  });

  it('stores exactly what it hashed: the first hash recomputes from the entry as given', async () => {
    const occurredAt = new Date('2026-07-09T23:59:59.999Z');
    await appendAudit(db, [auditEntry({ occurredAt, detail: { b: 1.5, a: 'メモ' } })], () => new Date('2026-07-10T01:00:00.000Z'));
    const [row] = await stored();
    const expected = auditEntryHash(GENESIS_HASH, {
      seq: 1,
      recordedAt: new Date('2026-07-10T01:00:00.000Z'),
      occurredAt,
      origin: 'server',
      action: 'person.read',
      outcome: 'allowed',
      staffId: 'staff-1',
      deviceId: 'device-1',
      providerNumber: AUDIT_OFFICE,
      insurerNumber: '229011',
      insuredNumber: '0000000001',
      detail: { a: 'メモ', b: 1.5 },
      sourceAddress: '192.0.2.10',
      deviceEntryId: null,
    });
    expect(row?.hash).toBe(expected);
  });

  it('reads back what it hashed for any detail values (jsonb reorders keys and re-spells numbers)', async () => {
    const value = fc.oneof(fc.string({ unit: 'grapheme' }), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer(), fc.boolean(), fc.constant(null));
    await fc.assert(
      fc.asyncProperty(fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), value, { maxKeys: 5 }), fc.string({ unit: 'grapheme', maxLength: 20 }), async (detail, staffId) => {
        await appendAudit(db, [auditEntry({ detail, staffId: `s-${staffId}` })], () => new Date('2026-07-10T01:00:00.000Z'));
        expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
      }),
      { numRuns: 40, seed: 20260710 },
    );
  });

  it('counts a device entry uploaded again as a duplicate and stores it once (also twice in one upload)', async () => {
    const clock = tickingClock();
    const device = (entryId: string, deviceId = 'device-1') => auditEntry({ origin: 'device', action: 'person.view', deviceEntryId: entryId, deviceId });
    const e1 = '6f1c3a52-8a4e-4d7b-9a51-1f2d3c4b5a61';
    const e2 = '6f1c3a52-8a4e-4d7b-9a51-1f2d3c4b5a62';
    expect(await appendAudit(db, [device(e1), device(e2), device(e2)], clock)).toEqual({ appended: 2, duplicates: 1 });
    expect(await appendAudit(db, [device(e2), device(e1)], clock)).toEqual({ appended: 0, duplicates: 2 });
    // The same entry id from another device is another entry.
    expect(await appendAudit(db, [device(e1, 'device-2')], clock)).toEqual({ appended: 1, duplicates: 0 });
    expect((await stored()).map((r) => r.device_entry_id)).toEqual([e1, e2, e1]);
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });

  it('keeps one valid chain when 20 appends race', async () => {
    const clock = tickingClock();
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => appendAudit(db, [auditEntry({ detail: { n: i } }), auditEntry({ detail: { n: i, second: true } })], clock)));
    expect(results.every((r) => r.appended === 2)).toBe(true);
    expect((await stored()).map((r) => r.seq)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    const verified = await verifyAuditChain(db);
    expect(verified).toMatchObject({ ok: true, entries: 40 });
  });

  it('appends inside a caller transaction, and rolls back with it', async () => {
    const clock = tickingClock();
    await expect(
      db.transaction(async (tx) => {
        await appendAuditInTransaction(tx, [auditEntry()], clock);
        throw new Error('the action failed');
      }),
    ).rejects.toThrow('the action failed');
    expect(await stored()).toEqual([]);
    await db.transaction((tx) => appendAuditInTransaction(tx, [auditEntry()], clock));
    expect((await stored()).map((r) => r.seq)).toEqual([1]);
  });

  it('refuses an entry of the wrong shape before touching the table', async () => {
    const clock = tickingClock();
    await expect(appendAudit(db, [auditEntry({ providerNumber: '123' })], clock)).rejects.toMatchObject({ code: 'invalidAuditEntry' });
    await expect(appendAudit(db, [auditEntry({ detail: { n: Number.NaN } })], clock)).rejects.toMatchObject({ code: 'invalidAuditEntry' });
    await expect(appendAudit(db, [auditEntry({ deviceId: null, deviceEntryId: 'x' })], clock)).rejects.toMatchObject({ code: 'invalidAuditEntry' });
    await expect(appendAudit(db, [auditEntry({ detail: { note: 'a\u0000b' } })], clock)).rejects.toMatchObject({ code: 'invalidAuditEntry' });
    expect(await stored()).toEqual([]);
  });

  it("lists one provider's entries newest first, paged with before/nextBefore", async () => {
    const clock = tickingClock();
    await appendAudit(db, [1, 2, 3, 4, 5].map((n) => auditEntry({ detail: { n } })), clock);
    await appendAudit(db, [auditEntry({ providerNumber: OTHER_OFFICE })], clock);
    const first = await listAudit(db, AUDIT_OFFICE, {}, 2);
    expect(first.entries.map((e) => e.seq)).toEqual([5, 4]);
    expect(first.nextBefore).toBe(4);
    const second = await listAudit(db, AUDIT_OFFICE, { before: 4 }, 2);
    expect(second.entries.map((e) => e.seq)).toEqual([3, 2]);
    const last = await listAudit(db, AUDIT_OFFICE, { before: 2 }, 2);
    expect(last).toMatchObject({ nextBefore: null });
    expect(last.entries.map((e) => e.seq)).toEqual([1]);
    expect(last.entries[0]).toEqual({
      seq: 1,
      recordedAt: '2026-07-10T01:00:00.000Z',
      occurredAt: '2026-07-10T01:00:00.000Z',
      origin: 'server',
      action: 'person.read',
      outcome: 'allowed',
      staffId: 'staff-1',
      deviceId: 'device-1',
      providerNumber: AUDIT_OFFICE,
      insurerNumber: '229011',
      insuredNumber: '0000000001',
      detail: { n: 1 },
      sourceAddress: '192.0.2.10',
      hash: (await stored())[0]?.hash,
    });
    expect((await listAudit(db, OTHER_OFFICE, {}, 10)).entries.map((e) => e.seq)).toEqual([6]);
  });

  it('filters by Tokyo day (UTC+9), staff, action and insured number', async () => {
    const clock = tickingClock();
    await appendAudit(
      db,
      [
        // 2026-07-09 23:59:59.999 in Tokyo
        auditEntry({ occurredAt: new Date('2026-07-09T14:59:59.999Z') }),
        // 2026-07-10 00:00 in Tokyo
        auditEntry({ occurredAt: new Date('2026-07-09T15:00:00.000Z'), staffId: 'staff-2' }),
        // 2026-07-10 23:59:59.999 in Tokyo
        auditEntry({ occurredAt: new Date('2026-07-10T14:59:59.999Z'), action: 'documents.read', insuredNumber: '0000000002' }),
        // 2026-07-11 00:00 in Tokyo
        auditEntry({ occurredAt: new Date('2026-07-10T15:00:00.000Z') }),
      ],
      clock,
    );
    const seqs = async (filters: Parameters<typeof listAudit>[2]) => (await listAudit(db, AUDIT_OFFICE, filters, 100)).entries.map((e) => e.seq);
    expect(await seqs({ from: '2026-07-10', to: '2026-07-10' })).toEqual([3, 2]);
    expect(await seqs({ to: '2026-07-09' })).toEqual([1]);
    expect(await seqs({ from: '2026-07-11' })).toEqual([4]);
    expect(await seqs({ staffId: 'staff-2' })).toEqual([2]);
    expect(await seqs({ action: 'documents.read' })).toEqual([3]);
    expect(await seqs({ insuredNumber: '0000000002' })).toEqual([3]);
  });
});
