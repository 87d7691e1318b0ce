/**
 * Saves a paper entry (紙から転記) on the device: the `paperRecordEntered` mutation and the person's record, marked
 * as from paper, in one transaction of the store, so the person is on the office's list at once (offline too)
 * and the entry reaches the server with the next sync. The record on the device is the one the server will
 * hold if it accepts the entry (same version); the next pull replaces it either way.
 */
import type { InsuredRecord, InsuredRecordContent } from '../../domain/insured.ts';
import type { LocalStore } from '../../data/local-store.ts';

export interface SavePaperEntryDeps {
  readonly store: Pick<LocalStore, 'enqueueMutation'>;
  /** The device's office: the person joins its list. */
  readonly providerNumber: string;
  readonly staff: { readonly staffId: string; readonly name: string };
  readonly now: () => Date;
  readonly newEntryId: () => string;
}

/** Queues the entry with its local record; returns the record as now stored. Rejects with the store's DataError. */
export async function savePaperEntry(deps: SavePaperEntryDeps, content: InsuredRecordContent, replacesVersion: number | null): Promise<InsuredRecord> {
  const enteredAt = deps.now().toISOString();
  const record: InsuredRecord = {
    ...content,
    source: { kind: 'paper', enteredBy: deps.staff.name, enteredAt },
    version: (replacesVersion ?? 0) + 1,
    updatedAt: enteredAt,
  };
  await deps.store.enqueueMutation(
    'paperRecordEntered',
    1,
    deps.staff.staffId,
    { entryId: deps.newEntryId(), enteredAt, content, replacesVersion },
    { people: { providerNumber: deps.providerNumber, records: [record] } },
  );
  return record;
}
