/**
 * Applies a `paperRecordEntered` mutation (紙から転記): a person's cards copied by hand, for an insurer not yet
 * on the platform. Inside the push's transaction it refuses the entry when
 *  - the staff member's role may not enter paper cards (care managers and administrators may; see
 *    PAPER_ENTRY_ROLES in src/domain/paper-entry.ts for why helpers may not),
 *  - the insurer is unknown, or was on the platform on the (Tokyo) day of entry,
 *  - the platform already holds the person's record (paper never replaces platform data),
 *  - a paper record exists and the entry does not correct its current version (a new entry for a person
 *    already entered, or a correction made from an older version: a stale edit),
 *  - a correction comes from an office that does not serve the person;
 * else it stores the content with source `paper` (the staff member's display name, the device's time of entry)
 * and version + 1, keeps the replaced version in `insured_history`, and links the person to the device's office.
 * The caller writes the sync log for the people this changed once, after the batch (see apply-push.ts).
 */
import type { z } from 'zod';
import type { InsuredRecord } from '../../src/domain/index.ts';
import { mayEnterPaperRecords } from '../../src/domain/paper-entry.ts';
import type { PaperRecordEnteredArgs } from '../../src/protocol/sync.ts';
import type { StaffMember } from '../auth/staff-store.ts';
import type { Queryable } from '../db/database.ts';
import { insertInsuredRecordsIfAbsent, linkPersonToProvider, readInsuredRecordForUpdate, writeInsuredHistory, writeInsuredRecords } from '../db/insured-store.ts';
import { findInsurer } from '../db/organisation-store.ts';
import type { RejectionCode } from './sync-reasons.ts';

export interface PaperEntryContext {
  /** The device's office: the person is linked to it. */
  readonly providerNumber: string;
  readonly staff: Pick<StaffMember, 'staffId' | 'name' | 'role'>;
}

export type PaperRecordOutcome =
  | { readonly status: 'applied'; readonly record: InsuredRecord; readonly replaced: InsuredRecord | null; readonly linked: boolean }
  | { readonly status: 'rejected'; readonly code: RejectionCode };

const TOKYO_OFFSET_MS = 9 * 60 * 60 * 1000;

/** The Tokyo calendar day of an instant (Japan has no daylight saving time). */
export function tokyoDayOf(instant: string): string {
  return new Date(Date.parse(instant) + TOKYO_OFFSET_MS).toISOString().slice(0, 10);
}

export async function applyPaperRecord(
  tx: Queryable,
  context: PaperEntryContext,
  args: z.infer<typeof PaperRecordEnteredArgs>,
  now: Date,
): Promise<PaperRecordOutcome> {
  const rejected = (code: RejectionCode): PaperRecordOutcome => ({ status: 'rejected', code });
  if (!mayEnterPaperRecords(context.staff.role)) return rejected('paperRoleNotAllowed');
  const { content, replacesVersion } = args;

  const insurer = await findInsurer(tx, content.insurerNumber);
  if (insurer === null) return rejected('paperInsurerUnknown');
  if (insurer.platformLiveFrom !== null && insurer.platformLiveFrom <= tokyoDayOf(args.enteredAt)) return rejected('paperInsurerOnPlatform');

  const stored = await readInsuredRecordForUpdate(tx, content.insurerNumber, content.insuredNumber);
  if (stored?.source.kind === 'platform') return rejected('paperPlatformRecordExists');
  if (stored !== null && replacesVersion === null) return rejected('paperRecordExists');
  if (replacesVersion !== null && stored?.version !== replacesVersion) return rejected('paperRecordStale');

  const record: InsuredRecord = {
    ...content,
    source: { kind: 'paper', enteredBy: context.staff.name, enteredAt: args.enteredAt },
    version: (stored?.version ?? 0) + 1,
    updatedAt: now.toISOString(),
  };
  if (stored === null) {
    // Another device may have entered the same person since the read above (no row to lock yet).
    if ((await insertInsuredRecordsIfAbsent(tx, [record])) === 0) return rejected('paperRecordExists');
  } else {
    const served = await tx.query('SELECT 1 AS linked FROM provider_links WHERE provider_number = $1 AND insurer_number = $2 AND insured_number = $3', [
      context.providerNumber,
      content.insurerNumber,
      content.insuredNumber,
    ]);
    if (served.length === 0) return rejected('personNotServed');
    await writeInsuredHistory(tx, [{ record: stored, replacedAt: record.updatedAt, replacedByFeedId: null }]);
    await writeInsuredRecords(tx, [record]);
  }
  const linked = await linkPersonToProvider(tx, context.providerNumber, content.insurerNumber, content.insuredNumber);
  return { status: 'applied', record, replaced: stored, linked };
}
