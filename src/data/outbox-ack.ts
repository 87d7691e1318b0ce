/**
 * Drops acknowledged mutations from the outbox and records the server's last applied seq, in one transaction.
 * Shared by the page's store (which holds the vault) and the service worker's courier (which does not): neither
 * needs to open a row to drop it.
 */
import { parseSyncState } from './stored-rows.ts';
import type { TsunagiDb } from './tsunagi-db.ts';

export function ackOutboxRows(db: TsunagiDb, uptoSeq: number): Promise<void> {
  return db.transaction('rw', [db.outbox, db.syncState], async () => {
    await db.outbox.where('seq').belowOrEqual(uptoSeq).delete();
    const state = parseSyncState(await db.syncState.toArray());
    await db.syncState.put({ key: 'lastAppliedSeq', value: Math.max(state.lastAppliedSeq, uptoSeq) });
  });
}
