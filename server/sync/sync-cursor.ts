/**
 * The pull cursor, opaque to the tablet: base64url of a small JSON object.
 *  - `{ v: 1, mode: 'snapshot', after: [insurerNumber, insuredNumber] | null, hw }`: a first sync paging
 *    through the provider's people in key order, after the given person; `hw` is the sync-log high-water mark
 *    read before the first page, so that whatever changes while the snapshot is read comes again from the log.
 *  - `{ v: 1, mode: 'log', after: logId }`: the provider's sync-log rows after `logId`.
 */
import { z } from 'zod';
import { InsuredNumber, InsurerNumber } from '../../src/domain/index.ts';

const LogId = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

export const SyncCursor = z.discriminatedUnion('mode', [
  z.object({ v: z.literal(1), mode: z.literal('snapshot'), after: z.tuple([InsurerNumber, InsuredNumber]).nullable(), hw: LogId }).strict(),
  z.object({ v: z.literal(1), mode: z.literal('log'), after: LogId }).strict(),
]);
export type SyncCursor = z.infer<typeof SyncCursor>;

export function encodeSyncCursor(cursor: SyncCursor): string {
  return Buffer.from(JSON.stringify(SyncCursor.parse(cursor)), 'utf8').toString('base64url');
}

/** The cursor a tablet sent back, or null when it is not one this server wrote. */
export function decodeSyncCursor(text: string): SyncCursor | null {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(text)) return null;
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  const parsed = SyncCursor.safeParse(json);
  return parsed.success ? parsed.data : null;
}
