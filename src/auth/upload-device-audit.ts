/**
 * Sends the reads recorded on this device (kept encrypted until then, also offline) to the platform's audit
 * log, oldest first in batches; an entry is forgotten only after the server has accepted it (re-sending is
 * harmless: the server counts a repeat as a duplicate).
 */
import type { LocalStore } from '../data/local-store.ts';
import type { AuthApi } from './auth-api.ts';

export const AUDIT_UPLOAD_BATCH = 500;

export async function uploadDeviceAudit(store: Pick<LocalStore, 'readPendingAudit' | 'removeAudit'>, api: Pick<AuthApi, 'uploadAudit'>): Promise<number> {
  let sent = 0;
  for (;;) {
    const pending = (await store.readPendingAudit(AUDIT_UPLOAD_BATCH)).items;
    if (pending.length === 0) return sent;
    await api.uploadAudit(pending);
    await store.removeAudit(pending.map((e) => e.entryId));
    sent += pending.length;
    if (pending.length < AUDIT_UPLOAD_BATCH) return sent;
  }
}
