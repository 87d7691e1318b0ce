/**
 * Property: whatever the network does to pushes, every mutation a tablet writes takes effect on the server
 * exactly once and in seq order. A reference client (an outbox array and the last acknowledged seq, as the
 * app keeps them) writes k mutations, then pushes through one of these faults: none, the request lost, the
 * response lost, the request delivered twice at once, the server failing after its commit (500), two pushes
 * in flight (the outbox's first two batches) delivered in reverse order, the server restarting between its
 * commit and the answer (a new app over the same database: its in-memory state, such as seen nonces, is gone),
 * and the client crashing before or after the server committed (the page dies; a new client over the stored
 * outbox and acknowledged seq carries on). Each step goes by one of the two roads into the same seq counter:
 * the page's push (mutations, with the session) or the service worker's courier (the same batch as envelopes
 * under the device's courier key, no session). It keeps unacknowledged entries and, at the end, retries until
 * the outbox is empty.
 *
 * What is checked: the decisions the server committed (captured below the app, so lost answers count too)
 * give each seq one `applied`/`rejected`, in increasing order, and after it only `duplicate` (after an apply) or
 * the same refusal with its reason (after a refusal); the audit log
 * holds each viewed entry once, allowed or denied as expected, in seq order; each notice's acknowledgement
 * is the first one written; the device's last applied seq is the number of mutations written.
 * PGlite only (about 30 random runs); a seed that ever fails is pinned as a named test at the end.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Mutation, MutationResult } from '../../src/protocol/sync.ts';
import { createApp } from '../app.ts';
import type { Database, Queryable } from '../db/database.ts';
import { openMigrated, testDatabaseFactories } from '../db/test-databases.testing.ts';
import { applyFeed } from '../feeds/apply-feed.ts';
import { captureLogger } from '../testing/capture-logger.testing.ts';
import { feedMeta, fixedClock, insuredNumberOf, link, loadOrganisations, makeFeed, makeRecord, OFFICE } from '../testing/platform-fixtures.testing.ts';
import { enrollDevice, loadStaff, signedClient, STAFF, type SignedClient } from '../testing/signed-client.testing.ts';
import type { PushOutcome } from './apply-push.ts';
import { listNoticeAcknowledgements } from './notice-acknowledgement-store.ts';
import { readLastAppliedSeq } from './device-sync-state-store.ts';
import { acknowledged, courierPush, deviceEntries, push, viewed, type PushAnswer } from './sync-fixtures.testing.ts';

const FAULTS = [
  'none',
  'requestLost',
  'responseLost',
  'duplicated',
  'serverErrorAfterCommit',
  'reordered',
  'serverRestartAfterCommit',
  'clientCrashBeforeCommit',
  'clientCrashAfterCommit',
] as const;
type Fault = (typeof FAULTS)[number];

/** What the tablet writes: a read of person 1…3 (served) or 9 (not served), or seeing notice 1…3. */
type Intent = { kind: 'view'; person: number } | { kind: 'ack'; eventId: number };

/** Which push carries a step: the page's, or the service worker's courier. */
type Road = 'page' | 'courier';

interface Scenario {
  readonly maxBatch: number;
  readonly steps: readonly { readonly writes: readonly Intent[]; readonly fault: Fault; readonly road?: Road }[];
}

const intent: fc.Arbitrary<Intent> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(1, 2, 3, 9).map((person): Intent => ({ kind: 'view', person })) },
  { weight: 1, arbitrary: fc.constantFrom(1, 2, 3).map((eventId): Intent => ({ kind: 'ack', eventId })) },
);
const scenario: fc.Arbitrary<Scenario> = fc.record({
  maxBatch: fc.integer({ min: 1, max: 6 }),
  steps: fc.array(fc.record({ writes: fc.array(intent, { maxLength: 4 }), fault: fc.constantFrom(...FAULTS), road: fc.constantFrom<Road>('page', 'courier') }), {
    minLength: 1,
    maxLength: 8,
  }),
});

const CM = STAFF.officeCareManager.staffId;
const ACK_BASE = Date.parse('2026-07-10T00:00:00.000Z');

/**
 * The database below the app: records every push the server committed (its decisions survive a lost answer)
 * and, when armed, fails the next push right after its commit, as a connection dropped before the answer.
 */
function observedDatabase(inner: Database): Database & { committedPushes: PushOutcome[]; failNextPushAfterCommit(): void } {
  let armed = false;
  const committedPushes: PushOutcome[] = [];
  return {
    engine: inner.engine,
    committedPushes,
    failNextPushAfterCommit: () => void (armed = true),
    query: (sql, params) => inner.query(sql, params),
    transaction: async (fn) => {
      let isPush = false;
      const result = await inner.transaction((tx) =>
        fn({
          query: (sql, params) => {
            if (sql.includes('device_sync_state')) isPush = true;
            return tx.query(sql, params);
          },
        } satisfies Queryable),
      );
      if (isPush) {
        committedPushes.push(result as PushOutcome);
        if (armed) {
          armed = false;
          throw new Error('connection lost after commit');
        }
      }
      return result;
    },
    close: () => inner.close(),
  };
}

/** What the tablet keeps in IndexedDB: it survives a crash of the page. */
interface StoredOutbox {
  readonly outbox: Mutation[];
  lastAcked: number;
  nextSeq: number;
  readonly written: Mutation[];
  /** The HTTP status of every answer received, in order. */
  readonly answers: number[];
}

/** The app's outbox, reduced to what the protocol needs: one page's life over the stored outbox. */
class ReferenceClient {
  /** The road of the current step. */
  road: Road = 'page';

  constructor(
    private readonly device: SignedClient,
    private readonly maxBatch: number,
    private readonly stored: StoredOutbox = { outbox: [], lastAcked: 0, nextSeq: 1, written: [], answers: [] },
  ) {}

  get outbox(): Mutation[] {
    return this.stored.outbox;
  }

  get written(): Mutation[] {
    return this.stored.written;
  }

  get answers(): readonly number[] {
    return this.stored.answers;
  }

  /** The page died: a new one opens the same stored outbox, with a new connection to the server. */
  restarted(device: SignedClient): ReferenceClient {
    return new ReferenceClient(device, this.maxBatch, this.stored);
  }

  write(what: Intent): void {
    const seq = this.stored.nextSeq++;
    const mutation =
      what.kind === 'view'
        ? viewed(seq, CM, { insurerNumber: '229011', insuredNumber: insuredNumberOf(what.person) })
        : { ...acknowledged(seq, CM, what.eventId), args: { eventId: what.eventId, acknowledgedAt: new Date(ACK_BASE + seq * 1000).toISOString() } };
    this.stored.outbox.push(mutation);
    this.stored.written.push(mutation);
  }

  /**
   * One push attempt through `fault`; true when an answer arrived and was applied to the outbox. Crashes and
   * restarts are played by the caller (they replace the client or the app); here they are the lost answer.
   */
  private send(batch: readonly Mutation[]): Promise<PushAnswer> {
    return this.road === 'courier' ? courierPush(this.device, batch) : push(this.device, batch);
  }

  async pushOnce(fault: Fault, db: ReturnType<typeof observedDatabase>): Promise<boolean> {
    const batch = this.outbox.slice(0, this.maxBatch);
    if (batch.length === 0) return true;
    if (fault === 'requestLost' || fault === 'clientCrashBeforeCommit') return false;
    if (fault === 'responseLost' || fault === 'clientCrashAfterCommit') {
      await this.send(batch);
      return false;
    }
    if (fault === 'serverErrorAfterCommit' || fault === 'serverRestartAfterCommit') {
      db.failNextPushAfterCommit();
      const answer = await this.send(batch);
      expect(answer.status).toBe(500);
      return false;
    }
    if (fault === 'reordered') {
      // The next batch was sent right after this one and overtakes it; both answers arrive, in delivery order.
      const next = this.outbox.slice(this.maxBatch, this.maxBatch * 2);
      const overtaking = next.length > 0 ? await this.send(next) : undefined;
      const answer = await this.send(batch);
      if (overtaking) this.receive(overtaking);
      return this.receive(answer);
    }
    const answer = fault === 'duplicated' ? (await Promise.all([this.send(batch), this.send(batch)]))[0]! : await this.send(batch);
    return this.receive(answer);
  }

  private receive(answer: PushAnswer): boolean {
    this.stored.answers.push(answer.status);
    if (answer.status === 409 && 'expectedSeq' in answer.body) {
      this.acknowledge(answer.body.expectedSeq - 1);
      return true;
    }
    if (answer.status !== 200 || !('lastAppliedSeq' in answer.body)) throw new Error(`push: ${answer.status} ${JSON.stringify(answer.body)}`);
    this.acknowledge(answer.body.lastAppliedSeq);
    return true;
  }

  private acknowledge(seq: number): void {
    this.stored.lastAcked = Math.max(this.stored.lastAcked, seq);
    while (this.outbox[0] !== undefined && this.outbox[0].seq <= this.stored.lastAcked) this.outbox.shift();
  }
}

/** The same device talking to `app` (after a restart of the server, or from a new page after a crash). */
function reconnect(device: SignedClient, app: App): SignedClient {
  const again = signedClient(app, fixedClock, device.keys, device.enrollment);
  again.accessToken = device.accessToken;
  return again;
}

/** Plays `s` and checks the server's decisions and effects; returns the statuses the client received. */
async function runScenario(makeApp: () => App, db: ReturnType<typeof observedDatabase>, s: Scenario): Promise<readonly number[]> {
  let app = makeApp();
  const device = await enrollDevice(app, db, CM, fixedClock);
  await db.query('DELETE FROM notice_acknowledgements');
  let client = new ReferenceClient(device, s.maxBatch);
  const firstCommit = db.committedPushes.length;
  for (const step of s.steps) {
    for (const w of step.writes) client.write(w);
    client.road = step.road ?? 'page';
    await client.pushOnce(step.fault, db);
    if (step.fault === 'serverRestartAfterCommit') {
      app = makeApp();
      client = client.restarted(reconnect(device, app));
    }
    if (step.fault === 'clientCrashBeforeCommit' || step.fault === 'clientCrashAfterCommit') client = client.restarted(reconnect(device, app));
  }
  client.road = 'page';
  for (let attempt = 0; client.outbox.length > 0; attempt++) {
    if (attempt > client.written.length + 5) throw new Error(`outbox not healed: ${client.outbox.length} left`);
    await client.pushOnce('none', db);
  }

  // The server's committed decisions: one applied/rejected per seq, in order, duplicates only after it.
  // A replayed seq is answered as first decided: `duplicate` after an apply, the same refusal after a refusal.
  const decided: number[] = [];
  const firstDecision = new Map<number, MutationResult>();
  for (const outcome of db.committedPushes.slice(firstCommit)) {
    expect(outcome.status).toBe('pushed');
    if (outcome.status !== 'pushed') continue;
    for (const result of outcome.response.results as MutationResult[]) {
      const first = firstDecision.get(result.seq);
      if (first === undefined) {
        expect(result.status).not.toBe('duplicate');
        firstDecision.set(result.seq, result);
        decided.push(result.seq);
      } else {
        expect(result).toEqual(first.status === 'rejected' ? first : { seq: result.seq, status: 'duplicate' });
      }
    }
  }
  expect(decided).toEqual(client.written.map((m) => m.seq));
  expect(await readLastAppliedSeq(db, device.deviceId)).toBe(client.written.length);

  // Effects: each read once, in seq order, denied for the person the office does not serve.
  const views = client.written.filter((m) => m.name === 'personViewed');
  expect(await deviceEntries(db, device.deviceId)).toEqual(
    views.map((m) => ({ entryId: String(m.args.entryId), outcome: m.args.insuredNumber === insuredNumberOf(9) ? 'denied' : 'allowed', staffId: CM })),
  );
  // Acknowledgements: one per notice seen, and it is the first one written (a later one applied first would win).
  const acks = await listNoticeAcknowledgements(db, OFFICE.providerNumber);
  const ackMutations = client.written.filter((m) => m.name === 'noticeAcknowledged');
  const ackedEvents = [...new Set(ackMutations.map((m) => Number(m.args.eventId)))].sort();
  expect(acks.map((a) => [a.eventId, a.deviceId])).toEqual(ackedEvents.map((eventId) => [eventId, device.deviceId]));
  const stored = await db.query<{ event_id: number; acknowledged_at: Date }>('SELECT event_id, acknowledged_at FROM notice_acknowledgements ORDER BY event_id');
  expect(stored.map((r) => r.acknowledged_at.toISOString())).toEqual(ackedEvents.map((eventId) => ackMutations.find((m) => Number(m.args.eventId) === eventId)?.args.acknowledgedAt));
  return client.answers;
}

type App = ReturnType<typeof createApp>;

describe.each(testDatabaseFactories().filter((f) => f.name === 'pglite'))('sync push protocol under faults on $name', (factory) => {
  let db: ReturnType<typeof observedDatabase>;
  let dispose: () => Promise<void>;
  let makeApp: () => App;

  beforeAll(async () => {
    const opened = await openMigrated(factory);
    dispose = opened.dispose;
    db = observedDatabase(opened.db);
    await loadOrganisations(db);
    await loadStaff(db);
    const people = [1, 2, 3, 9].map((n) => makeRecord(insuredNumberOf(n)));
    const file = makeFeed(people);
    await applyFeed(db, file, feedMeta(file), fixedClock);
    await link(db, OFFICE.providerNumber, people.slice(0, 3));
    makeApp = () => createApp({ db, logger: captureLogger().logger, clock: fixedClock, signInRateLimit: { capacity: 10_000, refillPerMinute: 10_000 } });
  });
  afterAll(async () => dispose());

  it('applies every mutation exactly once, in seq order, whatever happens to the pushes', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => void (await runScenario(makeApp, db, s))),
      { numRuns: 30 },
    );
  }, 120_000);

  it('worked example: a response lost, a duplicated push, then a failure after commit', async () => {
    await runScenario(makeApp, db, {
      maxBatch: 3,
      steps: [
        { writes: [{ kind: 'view', person: 1 }, { kind: 'ack', eventId: 1 }], fault: 'responseLost' },
        { writes: [{ kind: 'view', person: 9 }, { kind: 'view', person: 2 }], fault: 'duplicated' },
        { writes: [{ kind: 'ack', eventId: 1 }], fault: 'serverErrorAfterCommit' },
      ],
    });
  });

  it('worked example: the two roads in turn — the page, the courier with its answer lost, the courier duplicated, the page again', async () => {
    await runScenario(makeApp, db, {
      maxBatch: 2,
      steps: [
        { writes: [{ kind: 'view', person: 1 }], fault: 'none', road: 'page' },
        { writes: [{ kind: 'ack', eventId: 1 }, { kind: 'view', person: 9 }], fault: 'responseLost', road: 'courier' },
        { writes: [{ kind: 'view', person: 2 }], fault: 'duplicated', road: 'courier' },
        { writes: [{ kind: 'ack', eventId: 2 }], fault: 'reordered', road: 'page' },
      ],
    });
  });

  it('worked example: two batches in flight, the second overtakes the first (409 seqGap, then both applied in order)', async () => {
    const answers = await runScenario(makeApp, db, {
      maxBatch: 2,
      steps: [
        { writes: [{ kind: 'view', person: 1 }, { kind: 'view', person: 2 }, { kind: 'ack', eventId: 2 }, { kind: 'view', person: 9 }], fault: 'reordered' },
        { writes: [{ kind: 'view', person: 3 }], fault: 'reordered' },
      ],
    });
    // Step 1: seqs 3–4 overtake 1–2 (409 seqGap), then 1–2 (200); step 2: 5 overtakes 3–4 (409), then 3–4 (200).
    expect(answers.slice(0, 4)).toEqual([409, 200, 409, 200]);
  });

  it('worked example: the server restarts between its commit and the answer, then the client crashes after the next commit', async () => {
    await runScenario(makeApp, db, {
      maxBatch: 2,
      steps: [
        { writes: [{ kind: 'view', person: 1 }, { kind: 'ack', eventId: 3 }, { kind: 'view', person: 2 }], fault: 'serverRestartAfterCommit' },
        { writes: [{ kind: 'view', person: 9 }], fault: 'clientCrashAfterCommit' },
        { writes: [{ kind: 'ack', eventId: 3 }], fault: 'clientCrashBeforeCommit' },
      ],
    });
  });
});
