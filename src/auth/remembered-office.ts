/**
 * What the device remembers between sign-ins, in plain form because none of it is about a care recipient:
 * its office, the idle-lock setting, and the staff who have signed in on it (name and role, so an offline
 * unlock can show who is working and what their role allows). Read back through zod; wiped with the rest.
 */
import { z } from 'zod';
import { Provider } from '../domain/organisations.ts';
import { SignedInStaff } from '../protocol/auth.ts';
import type { TsunagiDb } from '../data/tsunagi-db.ts';

export const RememberedOffice = z.object({
  provider: Provider,
  idleLockMinutes: z.number().int().min(1).max(60),
  staff: z.array(SignedInStaff),
});
export type RememberedOffice = z.infer<typeof RememberedOffice>;

const KEY = 'session.rememberedOffice';

export async function recallOffice(db: TsunagiDb): Promise<RememberedOffice | undefined> {
  const parsed = RememberedOffice.safeParse((await db.settings.get(KEY))?.value);
  return parsed.success ? parsed.data : undefined;
}

/** Records the office and adds (or updates) the staff member. */
export async function rememberOffice(db: TsunagiDb, provider: Provider, idleLockMinutes: number, staff: SignedInStaff): Promise<void> {
  const known = (await recallOffice(db))?.staff.filter((s) => s.staffId !== staff.staffId) ?? [];
  const value: RememberedOffice = { provider, idleLockMinutes, staff: [...known, staff] };
  await db.settings.put({ key: KEY, value });
}
