/**
 * Insurers, providers, staff and who serves whom (provider_links): the organisation tables, read through the
 * domain schemas. Writes are idempotent upserts (seeding twice changes nothing).
 */
import { z } from 'zod';
import { Insurer, InsuredNumber, InsurerNumber, Provider, ProviderNumber, Staff } from '../../src/domain/index.ts';
import type { Queryable } from './database.ts';
import { parseRows } from './parse-rows.ts';
import { appendSyncLog, inTransaction } from '../sync/sync-log-store.ts';

const InsurerRow = z
  .object({ insurer_number: z.string(), name: z.string(), prefecture: z.string(), platform_live_from: z.string().nullable() })
  .transform((r) => ({ insurerNumber: r.insurer_number, name: r.name, prefecture: r.prefecture, platformLiveFrom: r.platform_live_from }))
  .pipe(Insurer);

const ProviderRow = z
  .object({
    provider_number: z.string(),
    name: z.string(),
    kind: z.string(),
    service_kinds: z.unknown(),
    area_grade: z.number(),
    address: z.string(),
  })
  .transform((r) => ({ providerNumber: r.provider_number, name: r.name, kind: r.kind, serviceKinds: r.service_kinds, areaGrade: r.area_grade, address: r.address }))
  .pipe(Provider);

const INSURER_COLUMNS = 'insurer_number, name, prefecture, platform_live_from';
const PROVIDER_COLUMNS = 'provider_number, name, kind, service_kinds, area_grade, address';

export async function listInsurers(q: Queryable): Promise<Insurer[]> {
  return parseRows('insurers', InsurerRow, await q.query(`SELECT ${INSURER_COLUMNS} FROM insurers ORDER BY insurer_number`));
}

export async function findInsurer(q: Queryable, insurerNumber: InsurerNumber): Promise<Insurer | null> {
  const rows = await q.query(`SELECT ${INSURER_COLUMNS} FROM insurers WHERE insurer_number = $1`, [insurerNumber]);
  return parseRows('insurers', InsurerRow, rows)[0] ?? null;
}

/** The insurers of the people a provider serves. */
export async function listInsurersOfProvider(q: Queryable, providerNumber: ProviderNumber): Promise<Insurer[]> {
  const rows = await q.query(
    `SELECT ${INSURER_COLUMNS} FROM insurers
     WHERE insurer_number IN (SELECT DISTINCT insurer_number FROM provider_links WHERE provider_number = $1)
     ORDER BY insurer_number`,
    [providerNumber],
  );
  return parseRows('insurers', InsurerRow, rows);
}

export async function listProviders(q: Queryable): Promise<Provider[]> {
  return parseRows('providers', ProviderRow, await q.query(`SELECT ${PROVIDER_COLUMNS} FROM providers ORDER BY provider_number`));
}

export async function findProvider(q: Queryable, providerNumber: ProviderNumber): Promise<Provider | null> {
  const rows = await q.query(`SELECT ${PROVIDER_COLUMNS} FROM providers WHERE provider_number = $1`, [providerNumber]);
  return parseRows('providers', ProviderRow, rows)[0] ?? null;
}

export async function countInsurers(q: Queryable): Promise<number> {
  const rows = await q.query('SELECT count(*)::integer AS n FROM insurers');
  return parseRows('insurers', z.object({ n: z.number().int() }), rows)[0]?.n ?? 0;
}

export async function upsertInsurers(q: Queryable, insurers: readonly Insurer[]): Promise<void> {
  if (insurers.length === 0) return;
  await q.query(
    `INSERT INTO insurers (insurer_number, name, prefecture, platform_live_from)
     SELECT r."insurerNumber", r.name, r.prefecture, r."platformLiveFrom"
     FROM jsonb_to_recordset($1::jsonb) AS r("insurerNumber" text, name text, prefecture text, "platformLiveFrom" date)
     ON CONFLICT (insurer_number) DO UPDATE SET name = EXCLUDED.name, prefecture = EXCLUDED.prefecture, platform_live_from = EXCLUDED.platform_live_from`,
    [JSON.stringify(insurers.map((i) => Insurer.parse(i)))],
  );
}

export async function upsertProviders(q: Queryable, providers: readonly Provider[]): Promise<void> {
  if (providers.length === 0) return;
  await q.query(
    `INSERT INTO providers (provider_number, name, kind, service_kinds, area_grade, address)
     SELECT r."providerNumber", r.name, r.kind, r."serviceKinds", r."areaGrade", r.address
     FROM jsonb_to_recordset($1::jsonb) AS r("providerNumber" text, name text, kind text, "serviceKinds" jsonb, "areaGrade" integer, address text)
     ON CONFLICT (provider_number) DO UPDATE SET name = EXCLUDED.name, kind = EXCLUDED.kind, service_kinds = EXCLUDED.service_kinds,
       area_grade = EXCLUDED.area_grade, address = EXCLUDED.address`,
    [JSON.stringify(providers.map((p) => Provider.parse(p)))],
  );
}

export async function upsertStaff(q: Queryable, staff: readonly Staff[]): Promise<void> {
  if (staff.length === 0) return;
  await q.query(
    `INSERT INTO staff (staff_id, provider_number, name, role)
     SELECT r."staffId", r."providerNumber", r.name, r.role
     FROM jsonb_to_recordset($1::jsonb) AS r("staffId" text, "providerNumber" text, name text, role text)
     ON CONFLICT (staff_id) DO UPDATE SET provider_number = EXCLUDED.provider_number, name = EXCLUDED.name, role = EXCLUDED.role`,
    [JSON.stringify(staff.map((s) => Staff.parse(s)))],
  );
}

export const ProviderLink = z.object({ providerNumber: ProviderNumber, insurerNumber: InsurerNumber, insuredNumber: InsuredNumber });
export type ProviderLink = z.infer<typeof ProviderLink>;

const LinkedRow = z
  .object({ provider_number: z.string(), insurer_number: z.string(), insured_number: z.string() })
  .transform((r) => ({ providerNumber: r.provider_number, insurerNumber: r.insurer_number, insuredNumber: r.insured_number }));

/**
 * Records who serves whom; links already present are left as they are. Each new link is an 'upsert' in the
 * provider's sync log, written in the same transaction (the caller's, or one of its own).
 */
export async function insertProviderLinks(q: Queryable, links: readonly ProviderLink[], now: Date = new Date()): Promise<void> {
  if (links.length === 0) return;
  const parsed = links.map((l) => ProviderLink.parse(l));
  await inTransaction(q, async (tx) => {
    const rows = await tx.query(
      `INSERT INTO provider_links (insurer_number, insured_number, provider_number)
       SELECT e.value->>'insurerNumber', e.value->>'insuredNumber', e.value->>'providerNumber'
       FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS e(value, ordinal)
       ORDER BY e.ordinal
       ON CONFLICT DO NOTHING
       RETURNING provider_number, insurer_number, insured_number`,
      [JSON.stringify(parsed)],
    );
    const inserted = parseRows('provider_links', LinkedRow, rows);
    await appendSyncLog(tx, inserted.map((link) => ({ ...link, op: 'upsert' as const })), now);
  });
}

/**
 * Ends a link (the provider no longer serves the person): the provider's devices receive a tombstone through
 * the sync log, written in the same transaction. False when there was no such link.
 */
export async function removeProviderLink(q: Queryable, link: ProviderLink, now: Date = new Date()): Promise<boolean> {
  const parsed = ProviderLink.parse(link);
  return inTransaction(q, async (tx) => {
    const rows = await tx.query(
      `DELETE FROM provider_links WHERE provider_number = $1 AND insurer_number = $2 AND insured_number = $3
       RETURNING provider_number, insurer_number, insured_number`,
      [parsed.providerNumber, parsed.insurerNumber, parsed.insuredNumber],
    );
    const removed = parseRows('provider_links', LinkedRow, rows);
    await appendSyncLog(tx, removed.map((l) => ({ ...l, op: 'remove' as const })), now);
    return removed.length > 0;
  });
}
