/**
 * The courier push through the real app on every test database: the key issued at sign-in, envelopes sealed
 * with it applied once in the same seq run as the page's push, and every envelope the server must not open
 * (tampered, another staff member's or device's key, expired, revoked) held with what follows it.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SignInResponse, type CourierKey } from '../../src/protocol/auth.ts';
import { COURIER_PUSH_PATH, CourierPushResponse, type CourierEnvelope } from '../../src/protocol/courier.ts';
import { ApiError } from '../../src/protocol/people.ts';
import { PushGap, type Mutation } from '../../src/protocol/sync.ts';
import type { z } from 'zod';
import { importCourierKey, sealCourierEnvelope } from '../../src/security/courier-seal.ts';
import { createApp } from '../app.ts';
import type { Database } from '../db/database.ts';
import { countRows, openMigrated, resetDatabase, testDatabaseFactories } from '../db/test-databases.testing.ts';
import { applyFeed } from '../feeds/apply-feed.ts';
import { readLastAppliedSeq } from '../sync/device-sync-state-store.ts';
import { REJECTION_REASONS } from '../sync/sync-reasons.ts';
import { deviceEntries, push, viewed } from '../sync/sync-fixtures.testing.ts';
import { captureLogger } from '../testing/capture-logger.testing.ts';
import { feedMeta, insuredNumberOf, link, loadOrganisations, makeFeed, makeRecord, NOW, OFFICE } from '../testing/platform-fixtures.testing.ts';
import { enrollDevice, loadStaff, STAFF, TEST_PIN, type SignedClient } from '../testing/signed-client.testing.ts';
import { SEQ_GAP_MESSAGE } from './sync-routes.ts';

const CM = STAFF.officeCareManager.staffId;
const HELPER = STAFF.officeHelper.staffId;
const DAY = 86_400_000;

type CourierAnswer =
  | { readonly status: 200; readonly body: CourierPushResponse }
  | { readonly status: 409; readonly body: z.infer<typeof PushGap> }
  | { readonly status: number; readonly body: ApiError };

describe.each(testDatabaseFactories())('courier push on $name', (factory) => {
  let db: Database;
  let dispose: () => Promise<void>;
  let now: Date;
  const clock = () => now;
  let app: ReturnType<typeof createApp>;
  let office: SignedClient;
  let person: { insurerNumber: string; insuredNumber: string };

  beforeAll(async () => {
    ({ db, dispose } = await openMigrated(factory));
  });
  afterAll(async () => dispose());
  beforeEach(async () => {
    now = NOW;
    await resetDatabase(db);
    await loadOrganisations(db);
    await loadStaff(db);
    app = createApp({ db, logger: captureLogger().logger, clock, signInRateLimit: { capacity: 100, refillPerMinute: 100 } });
    office = await enrollDevice(app, db, CM, clock);
    const record = makeRecord(insuredNumberOf(1));
    const file = makeFeed([record]);
    expect(await applyFeed(db, file, feedMeta(file), clock)).toMatchObject({ status: 'applied' });
    await link(db, OFFICE.providerNumber, [record]);
    person = record;
  });

  const keyOf = (response: SignInResponse): CourierKey => {
    if (response.courierKey === undefined) throw new Error('sign-in without a courier key');
    return response.courierKey;
  };

  /** The envelope the tablet would seal for `mutation` (sealed as `sealedAs` when given: a tampered copy). */
  const seal = async (client: SignedClient, key: CourierKey, mutation: Mutation, sealedAs: Partial<{ deviceId: string; seq: number }> = {}): Promise<CourierEnvelope> => {
    const address = { keyId: key.keyId, staffId: mutation.staffId, seq: sealedAs.seq ?? mutation.seq };
    const envelope = await sealCourierEnvelope(await importCourierKey(key.secret), sealedAs.deviceId ?? client.deviceId, address, {
      name: mutation.name,
      version: mutation.version,
      args: mutation.args,
    });
    return { ...envelope, seq: mutation.seq };
  };

  const courier = async (client: SignedClient, envelopes: readonly CourierEnvelope[]): Promise<CourierAnswer> => {
    const response = await client.request(COURIER_PUSH_PATH, { json: { envelopes }, token: null });
    const json: unknown = await response.json();
    if (response.status === 200) return { status: 200, body: CourierPushResponse.parse(json) };
    if (response.status === 409) return { status: 409, body: PushGap.parse(json) };
    return { status: response.status, body: ApiError.parse(json) };
  };

  const signInWithPin = async (client: SignedClient, staffId: string): Promise<SignInResponse> => {
    const response = await client.request('/api/v1/auth/pin', { json: { staffId, pin: TEST_PIN }, token: null });
    expect(response.status).toBe(200);
    return SignInResponse.parse(await response.json());
  };

  it('issues a courier key at enrollment and at every sign-in, bound to the device and the staff member', async () => {
    const enrolled = keyOf(office.enrollment);
    expect(enrolled.keyId).toHaveLength(22);
    expect(enrolled.secret).toHaveLength(43);
    expect(enrolled.expiresAt).toBe(new Date(NOW.getTime() + 30 * DAY).toISOString());
    now = new Date(NOW.getTime() + 3_600_000);
    const again = keyOf(await signInWithPin(office, CM));
    expect(again.keyId).not.toBe(enrolled.keyId);
    expect(again.secret).not.toBe(enrolled.secret);
    const rows = await db.query<{ key_id: string; device_id: string; staff_id: string; secret: string }>(`SELECT key_id, device_id, staff_id, secret FROM courier_keys ORDER BY issued_at`);
    expect(rows).toEqual([
      { key_id: enrolled.keyId, device_id: office.deviceId, staff_id: CM, secret: enrolled.secret },
      { key_id: again.keyId, device_id: office.deviceId, staff_id: CM, secret: again.secret },
    ]);
  });

  it('applies an envelope once, in the same seq run as the page push; a second delivery is a duplicate', async () => {
    const key = keyOf(office.enrollment);
    expect(await push(office, [viewed(1, CM, person)])).toMatchObject({ status: 200, body: { lastAppliedSeq: 1 } });

    const second = viewed(2, CM, person);
    const envelope = await seal(office, key, second);
    expect(await courier(office, [envelope])).toEqual({ status: 200, body: { lastAppliedSeq: 2, results: [{ seq: 2, status: 'applied' }], held: null } });
    expect(await deviceEntries(db, office.deviceId)).toHaveLength(2);
    expect((await deviceEntries(db, office.deviceId))[1]).toEqual({ entryId: second.args.entryId, outcome: 'allowed', staffId: CM });

    const rows = await countRows(db);
    expect(await courier(office, [envelope])).toEqual({ status: 200, body: { lastAppliedSeq: 2, results: [{ seq: 2, status: 'duplicate' }], held: null } });
    // The page pushes the same mutation it queued: already applied through the courier.
    expect(await push(office, [second])).toEqual({ status: 200, body: { lastAppliedSeq: 2, results: [{ seq: 2, status: 'duplicate' }] } });
    expect(await countRows(db)).toEqual(rows);

    expect(await courier(office, [await seal(office, key, viewed(4, CM, person))])).toEqual({ status: 409, body: { code: 'seqGap', message: SEQ_GAP_MESSAGE, expectedSeq: 3 } });
    expect(await countRows(db)).toEqual(rows);

    const skipping = await courier(office, [await seal(office, key, viewed(3, CM, person)), await seal(office, key, viewed(5, CM, person))]);
    expect(skipping.status).toBe(400);
    expect((skipping.body as ApiError).message).toContain('envelopes.1.seq');
    expect(await readLastAppliedSeq(db, office.deviceId)).toBe(2);
  });

  it('holds a tampered envelope and everything after it, applying what came before', async () => {
    const key = keyOf(office.enrollment);
    const tamperings: ((seq: number) => Promise<CourierEnvelope>)[] = [
      // Sealed for the next seq, sent at this one (a replay at another place in the run).
      (seq) => seal(office, key, viewed(seq, CM, person), { seq: seq + 1 }),
      (seq) => seal(office, key, viewed(seq, CM, person), { deviceId: 'another-device' }),
      async (seq) => {
        const sealed = await seal(office, key, viewed(seq, CM, person));
        return { ...sealed, data: `${sealed.data.slice(0, -4)}${sealed.data.endsWith('AAAA') ? 'BBBB' : 'AAAA'}` };
      },
    ];
    for (const [base, tamper] of tamperings.entries()) {
      const answer = await courier(office, [await seal(office, key, viewed(base + 1, CM, person)), await tamper(base + 2), await seal(office, key, viewed(base + 3, CM, person))]);
      expect(answer).toEqual({ status: 200, body: { lastAppliedSeq: base + 1, results: [{ seq: base + 1, status: 'applied' }], held: { seq: base + 2, code: 'unreadable' } } });
      expect(await readLastAppliedSeq(db, office.deviceId)).toBe(base + 1);
    }
  });

  it("holds an envelope claimed for another staff member, or sealed with another device's key", async () => {
    const key = keyOf(office.enrollment);
    const helper = await enrollDevice(app, db, HELPER, clock);
    const helperKey = keyOf(helper.enrollment);

    const claimed = await seal(office, key, viewed(1, HELPER, person));
    expect(await courier(office, [claimed])).toEqual({ status: 200, body: { lastAppliedSeq: 0, results: [], held: { seq: 1, code: 'keyUnknown' } } });

    // Sealed for this device with a key the server gave the helper's tablet: only the key's binding refuses it.
    const borrowed = await seal(office, helperKey, viewed(2, HELPER, person));
    const answer = await courier(office, [await seal(office, key, viewed(1, CM, person)), borrowed, await seal(office, key, viewed(3, CM, person))]);
    expect(answer).toEqual({ status: 200, body: { lastAppliedSeq: 1, results: [{ seq: 1, status: 'applied' }], held: { seq: 2, code: 'keyUnknown' } } });

    const unknown = await seal(office, { ...key, keyId: 'A'.repeat(22) }, viewed(2, CM, person));
    expect(await courier(office, [unknown])).toMatchObject({ status: 200, body: { lastAppliedSeq: 1, held: { seq: 2, code: 'keyUnknown' } } });
    expect(await readLastAppliedSeq(db, office.deviceId)).toBe(1);
  });

  it('holds an envelope whose key has expired; a newer key from a later sign-in opens what follows', async () => {
    const old = keyOf(office.enrollment);
    const queued = await seal(office, old, viewed(1, CM, person));
    now = new Date(NOW.getTime() + 30 * DAY);
    expect(await courier(office, [queued])).toEqual({ status: 200, body: { lastAppliedSeq: 0, results: [], held: { seq: 1, code: 'keyExpired' } } });
    const fresh = keyOf(await signInWithPin(office, CM));
    expect(await courier(office, [await seal(office, fresh, viewed(1, CM, person))])).toMatchObject({ status: 200, body: { lastAppliedSeq: 1, held: null } });
  });

  it("revokes an offboarded staff member's keys on every device, and a revoked device's keys", async () => {
    const admin = await enrollDevice(app, db, STAFF.officeAdmin.staffId, clock);
    const helper = await enrollDevice(app, db, HELPER, clock);
    // The care manager also signed in on the helper's tablet; that tablet stays in service after they leave.
    const cmOnShared = keyOf(await signInWithPin(helper, CM));
    const helperKey = keyOf(helper.enrollment);
    const batch = [await seal(helper, helperKey, viewed(1, HELPER, person)), await seal(helper, cmOnShared, viewed(2, CM, person)), await seal(helper, helperKey, viewed(3, HELPER, person))];

    const offboarded = await admin.request(`/api/v1/admin/staff/${CM}/offboard`, { method: 'POST' });
    expect(offboarded.status).toBe(200);
    expect(await courier(helper, batch)).toEqual({ status: 200, body: { lastAppliedSeq: 1, results: [{ seq: 1, status: 'applied' }], held: { seq: 2, code: 'keyUnknown' } } });
    const secrets = await db.query<{ staff_id: string; secret: string | null }>(`SELECT staff_id, secret FROM courier_keys WHERE revoked_at IS NOT NULL ORDER BY staff_id`);
    expect(secrets).toEqual([
      { staff_id: CM, secret: null },
      { staff_id: CM, secret: null },
    ]);

    // The care manager's own tablet went with them: refused before any envelope is looked at.
    const gone = await courier(office, [await seal(office, keyOf(office.enrollment), viewed(1, CM, person))]);
    expect([gone.status, (gone.body as ApiError).code]).toEqual([403, 'deviceRevoked']);

    const revoked = await admin.request(`/api/v1/admin/devices/${helper.deviceId}/revoke`, { json: { reason: '紛失' } });
    expect(revoked.status).toBe(200);
    const live = await db.query<{ n: number }>(`SELECT count(*)::integer AS n FROM courier_keys WHERE device_id = $1 AND revoked_at IS NULL`, [helper.deviceId]);
    expect(live).toEqual([{ n: 0 }]);
    const refused = await courier(helper, batch.slice(1));
    expect([refused.status, (refused.body as ApiError).code]).toEqual([403, 'deviceRevoked']);
  });

  it('keeps the refusal of a retired staff member whose key was not revoked', async () => {
    const key = keyOf(office.enrollment);
    await db.query(`UPDATE staff SET retired_at = $2 WHERE staff_id = $1`, [CM, NOW]);
    const answer = await courier(office, [await seal(office, key, viewed(1, CM, person))]);
    expect(answer).toEqual({
      status: 200,
      body: { lastAppliedSeq: 1, results: [{ seq: 1, status: 'rejected', reason: { code: 'staffNotAllowed', message: REJECTION_REASONS.staffNotAllowed.ja } }], held: null },
    });
  });

  it('needs the device signature but no access token', async () => {
    const envelope = await seal(office, keyOf(office.enrollment), viewed(1, CM, person));
    const body = JSON.stringify({ envelopes: [envelope] });
    const unsigned = await app.request(COURIER_PUSH_PATH, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
    expect([unsigned.status, ApiError.parse(await unsigned.json()).code]).toEqual([401, 'deviceRequired']);
    // The page's push on the same path prefix still wants the staff session.
    const pushWithoutToken = await office.request('/api/v1/sync/push', { json: { mutations: [viewed(1, CM, person)] }, token: null });
    expect(pushWithoutToken.status).toBe(401);
    expect(await courier(office, [envelope])).toMatchObject({ status: 200, body: { lastAppliedSeq: 1, held: null } });
  });
});
