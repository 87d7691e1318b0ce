/**
 * Tampering with the stored chain the way a privileged database user could (trigger switched off), on every
 * test database, and what verification names.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.ts';
import { openMigrated, resetDatabase, testDatabaseFactories } from '../db/test-databases.testing.ts';
import { auditEntry, tickingClock } from './audit-fixtures.testing.ts';
import { auditEntryHash } from './audit-hash.ts';
import { appendAudit } from './audit-log.ts';
import { verifyAuditChain } from './verify-audit.ts';

describe.each(testDatabaseFactories())('verifyAuditChain on $name', (factory) => {
  let db: Database;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    ({ db, dispose } = await openMigrated(factory));
  });
  afterAll(async () => dispose());
  beforeEach(async () => {
    await resetDatabase(db);
    await appendAudit(db, [1, 2, 3, 4, 5].map((n) => auditEntry({ detail: { n } })), tickingClock());
  });

  /** Runs SQL with the append-only trigger off, as an attacker with table-owner rights could. */
  const tamper = async (...statements: string[]) => {
    await db.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_or_delete');
    try {
      for (const sql of statements) await db.query(sql);
    } finally {
      await db.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update_or_delete');
    }
  };

  const hashOf = async (seq: number) => (await db.query<{ hash: string }>('SELECT hash FROM audit_log WHERE seq = $1', [seq]))[0]?.hash ?? '';

  /** A forged entry at `seq` whose prev_hash is the hash of `seq - 1` and whose own hash is computed correctly. */
  const insertForged = async (seq: number) => {
    const prevHash = await hashOf(seq - 1);
    const forged = {
      seq,
      recordedAt: new Date('2026-07-10T01:00:00.000Z'),
      occurredAt: new Date('2026-07-10T01:00:00.000Z'),
      origin: 'server',
      action: 'signOut',
      outcome: 'allowed',
      staffId: 'staff-9',
      deviceId: 'device-9',
      providerNumber: '2270100011',
      insurerNumber: null,
      insuredNumber: null,
      detail: {},
      sourceAddress: null,
      deviceEntryId: null,
    };
    await db.query(
      `INSERT INTO audit_log (seq, recorded_at, occurred_at, origin, action, outcome, staff_id, device_id, provider_number, detail, prev_hash, hash)
       VALUES ($1, $2, $3, 'server', 'signOut', 'allowed', 'staff-9', 'device-9', '2270100011', '{}'::jsonb, $4, $5)`,
      [seq, forged.recordedAt.toISOString(), forged.occurredAt.toISOString(), prevHash, auditEntryHash(prevHash, forged)],
    );
  };

  it('finds an intact chain intact, across page boundaries too', async () => {
    const head = await hashOf(5);
    expect(await verifyAuditChain(db)).toEqual({ ok: true, entries: 5, headHash: head });
    expect(await verifyAuditChain(db, 2)).toEqual({ ok: true, entries: 5, headHash: head });
  });

  it('verifies an empty log as intact with the genesis head', async () => {
    await resetDatabase(db);
    expect(await verifyAuditChain(db)).toEqual({ ok: true, entries: 0, headHash: '0'.repeat(64) });
  });

  it('lets no plain UPDATE or DELETE through the trigger, and the chain stays intact', async () => {
    await expect(db.query(`UPDATE audit_log SET outcome = 'denied' WHERE seq = 2`)).rejects.toThrow(/append-only/);
    await expect(db.query('DELETE FROM audit_log WHERE seq = 2')).rejects.toThrow(/append-only/);
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });

  it('names an altered entry by its seq', async () => {
    await tamper(`UPDATE audit_log SET detail = '{"n": 99}'::jsonb WHERE seq = 3`);
    expect(await verifyAuditChain(db, 2)).toEqual({
      ok: false,
      entries: 2,
      problem: { seq: 3, kind: 'altered', message: '連番 3 の記録が変更されています（内容がハッシュと一致しません）。' },
    });
  });

  it('names an entry whose time was moved by one millisecond', async () => {
    await tamper(`UPDATE audit_log SET occurred_at = occurred_at + interval '1 millisecond' WHERE seq = 4`);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: false, problem: { seq: 4, kind: 'altered' } });
  });

  it('names a deleted middle entry as missing', async () => {
    await tamper('DELETE FROM audit_log WHERE seq = 3');
    expect(await verifyAuditChain(db)).toEqual({
      ok: false,
      entries: 2,
      problem: { seq: 3, kind: 'missing', message: '連番 3 の記録がありません（削除された可能性があります）。' },
    });
  });

  it('names the whole run when several entries are deleted, and the first when the gap spans a page', async () => {
    await tamper('DELETE FROM audit_log WHERE seq IN (2, 3)');
    expect(await verifyAuditChain(db, 1)).toMatchObject({ ok: false, problem: { seq: 2, kind: 'missing', message: '連番 2〜3 の記録がありません（削除された可能性があります）。' } });
  });

  it('names a deletion hidden by renumbering the later entries down', async () => {
    await tamper('DELETE FROM audit_log WHERE seq = 3', 'UPDATE audit_log SET seq = seq + 1000 WHERE seq > 3', 'UPDATE audit_log SET seq = seq - 1001 WHERE seq > 1000');
    expect(await verifyAuditChain(db)).toMatchObject({ ok: false, entries: 2, problem: { seq: 3, kind: 'missing' } });
  });

  it('names a forged entry inserted with a plausible hash (the later entries renumbered up to make room)', async () => {
    await tamper('UPDATE audit_log SET seq = seq + 1000 WHERE seq >= 3', 'UPDATE audit_log SET seq = seq - 999 WHERE seq > 1000');
    // A plain INSERT needs no privilege: the trigger guards only UPDATE and DELETE.
    await insertForged(3);
    expect(await verifyAuditChain(db)).toEqual({
      ok: false,
      entries: 2,
      problem: { seq: 3, kind: 'inserted', message: '連番 3 の記録は後から挿入されたものです（連番 4 の記録は、その前の記録につながっています）。' },
    });
  });

  it('names a forged entry that replaced a deleted one as a broken link at the next entry', async () => {
    await tamper('DELETE FROM audit_log WHERE seq = 3');
    await insertForged(3);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: false, entries: 3, problem: { seq: 4, kind: 'brokenLink' } });
    expect(((await verifyAuditChain(db)) as { problem: { message: string } }).problem.message).toContain('連番 4 の記録が直前の記録（連番 3）とつながっていません');
  });

  it('names a deleted first entry', async () => {
    await tamper('DELETE FROM audit_log WHERE seq = 1');
    expect(await verifyAuditChain(db)).toMatchObject({ ok: false, entries: 0, problem: { seq: 1, kind: 'missing' } });
  });

  it('names an entry whose stored hash was replaced', async () => {
    await tamper(`UPDATE audit_log SET hash = '${'a'.repeat(64)}' WHERE seq = 5`);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: false, entries: 4, problem: { seq: 5, kind: 'altered' } });
  });
});
