/**
 * Sync benchmarks against the real server in process (`app.request`), every request signed as the app signs it
 * (src/auth/api-fetch.ts with the device signer), on the demo dataset seeded into the database:
 *  - replay after being offline: N queued `personViewed` mutations pushed by the sync engine in batches of 500,
 *    against one request per mutation (what a Workbox background-sync queue replays), measured in the same run;
 *  - the service worker's courier delivering 1,000 queued views (sealed Dexie store on fake-indexeddb, envelopes
 *    under the sign-in's courier key, device key only), against the page's push of as many in the same run;
 *  - a care manager's first sync of the office's people into the in-memory store, and the catch-up pull after
 *    1,000 of them changed;
 *  - server push throughput with 10 and 100 devices pushing batches of 50 at once (each its own enrolled device),
 *    on PGlite and, when TEST_DATABASE_URL is set, on a fresh PostgreSQL database;
 *  - the people list on screen after a catch-up pull of 1,000 changes with 10,000 people stored (sealed Dexie
 *    store on fake-indexeddb): the pulled pages applied to the in-memory list, against reading and decrypting
 *    everyone back (what the screen did after every sync before), measured in the same run.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { createApp } from '../../server/app.ts';
import type { Database } from '../../server/db/database.ts';
import { migrate } from '../../server/db/migrate.ts';
import { openPgliteDatabase } from '../../server/db/pglite-database.ts';
import { openPostgresDatabase } from '../../server/db/postgres-database.ts';
import { generateDemoData, type DemoDataset } from '../../server/demo/index.ts';
import { createLogger } from '../../server/logger.ts';
import { seedDemo } from '../../server/seed/seed-demo.ts';
import { appendSyncLog } from '../../server/sync/sync-log-store.ts';
import { enrollDevice, type SignedClient } from '../../server/testing/signed-client.testing.ts';
import { createApiFetch, type ApiFetch } from '../../src/auth/api-fetch.ts';
import { createDeviceSigner } from '../../src/auth/device-signer.ts';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { createOfficeController } from '../../src/app/office-controller.ts';
import { createDexieLocalStore } from '../../src/data/dexie-local-store.ts';
import { makeInsuredRecord } from '../../src/data/insured-record.testing.ts';
import { createMemoryLocalStore, type MemoryLocalStore } from '../../src/data/memory-local-store.ts';
import type { PlatformApi } from '../../src/data/platform-api.ts';
import { createTsunagiDb } from '../../src/data/tsunagi-db.ts';
import { openVault } from '../../src/security/vault.ts';
import { createFakeSyncServer } from '../../src/sync/fake-sync-server.testing.ts';
import { PushResponse, type Mutation, type PersonChange } from '../../src/protocol/sync.ts';
import { deliverOutbox } from '../../src/sync/courier-delivery.ts';
import { createSyncEngine } from '../../src/sync/sync-engine.ts';
import { enrolledTabletStore } from '../fixtures/enrolled-tablet-store.ts';
import { ratio, type BenchRow } from './table.ts';

/** The demo's care-management office's first care manager (server/demo/demo-organisations.ts). */
const CARE_MANAGER = 'kyotaku-cm-1';
const TODAY = '2026-11-25';
const clock = (): Date => new Date();

export interface SyncBenchOptions {
  /** People in the demo dataset seeded into each database. */
  readonly people: number;
  /** Outbox sizes replayed after being offline. */
  readonly replay: readonly number[];
  /** Mutations the one-request-per-mutation baseline really sends; larger replays extrapolate its per-mutation cost. */
  readonly baselineReplay: number;
  /** Queued views the courier delivers (compared with the page's replay of as many, which must be in `replay`). */
  readonly courier: number;
  /** People changed before the catch-up pull. */
  readonly catchUp: number;
  /** Concurrent devices of the throughput rows. */
  readonly devices: readonly number[];
  /** Mutations each device pushes in the throughput rows (in batches of `pushBatch`). */
  readonly mutationsPerDevice: (devices: number) => number;
  readonly pushBatch: number;
  /** People stored and changes pulled for the list-update row. */
  readonly listPeople: number;
  readonly listChanges: number;
  /** Fresh PostgreSQL databases for the throughput rows (default: from TEST_DATABASE_URL, else none). */
  readonly openPostgres?: (() => Promise<{ db: Database; dispose: () => Promise<void> }>) | null;
}

export const SYNC_BENCH_DEFAULTS: SyncBenchOptions = {
  people: 10_000,
  replay: [1_000, 10_000],
  baselineReplay: 1_000,
  courier: 1_000,
  catchUp: 1_000,
  devices: [10, 100],
  mutationsPerDevice: (devices) => (devices >= 100 ? 100 : 500),
  pushBatch: 50,
  listPeople: 10_000,
  listChanges: 1_000,
};

export async function benchSync(options: Partial<SyncBenchOptions> = {}): Promise<BenchRow[]> {
  const o: SyncBenchOptions = { ...SYNC_BENCH_DEFAULTS, ...options };
  const dataset = generateDemoData({ seed: 7, size: o.people, today: TODAY });
  const rows: BenchRow[] = [];

  const db = await openPgliteDatabase();
  try {
    const server = await openServer(db, dataset);
    const first = await benchFirstSync(server, o.catchUp);
    rows.push(...first.rows);
    const replayed = await benchReplay(server, first.cursor, o);
    rows.push(...replayed.rows);
    const pagePush = replayed.byCount.get(o.courier);
    if (pagePush) rows.push(await benchCourier(server, o.courier, pagePush));
    rows.push(...(await benchThroughput(server, 'PGlite', o)));
  } finally {
    await db.close();
  }

  rows.push(await benchListUpdate(o.listPeople, o.listChanges));

  const openPostgres = o.openPostgres === undefined ? postgresFromEnv() : o.openPostgres;
  if (openPostgres) {
    const fresh = await openPostgres();
    try {
      rows.push(...(await benchThroughput(await openServer(fresh.db, dataset), 'PostgreSQL', o)));
    } finally {
      await fresh.dispose();
    }
  }
  return rows;
}

interface BenchServer {
  readonly app: ReturnType<typeof createApp>;
  readonly db: Database;
  /** People the care manager's office serves. */
  readonly served: readonly { insurerNumber: string; insuredNumber: string }[];
  readonly providerNumber: string;
  /** Staff of the office, for spreading devices over people. */
  readonly staffIds: readonly string[];
}

async function openServer(db: Database, dataset: DemoDataset): Promise<BenchServer> {
  await migrate(db);
  await seedDemo(db, dataset, clock, TODAY);
  const app = createApp({
    db,
    logger: createLogger({ level: 'silent' }),
    clock,
    // Every device of the throughput rows enrolls from the same (in-process) address.
    signInRateLimit: { capacity: 100_000, refillPerMinute: 100_000 },
  });
  const manager = dataset.staff.find((s) => s.staffId === CARE_MANAGER);
  if (!manager) throw new Error(`the demo dataset has no ${CARE_MANAGER}`);
  const served = dataset.links.filter((l) => l.providerNumber === manager.providerNumber);
  const staffIds = dataset.staff.filter((s) => s.providerNumber === manager.providerNumber && s.role !== 'admin').map((s) => s.staffId);
  return { app, db, served, providerNumber: manager.providerNumber, staffIds };
}

interface Traffic {
  requests: number;
  bytesSent: number;
  bytesReceived: number;
}

/** The app's own signed fetch (src/auth/api-fetch.ts), sent to the in-process server, counting what goes over the wire. */
function deviceFetch(server: BenchServer, client: SignedClient, traffic: Traffic): ApiFetch {
  const signer = createDeviceSigner(client.deviceId, client.keys.privateKey);
  return createApiFetch({
    fetch: async (input, init) => {
      const path = String(input);
      const headers = new Headers(init?.headers);
      const body = typeof init?.body === 'string' ? init.body : '';
      let headerBytes = 0;
      headers.forEach((value, name) => (headerBytes += name.length + value.length + 4));
      traffic.requests++;
      traffic.bytesSent += Buffer.byteLength(body) + headerBytes + `POST ${path} HTTP/1.1\r\n`.length;
      const response = await server.app.request(path, init);
      const bytes = await response.arrayBuffer();
      traffic.bytesReceived += bytes.byteLength;
      return new Response(bytes, { status: response.status, headers: response.headers });
    },
    signer: () => signer,
    accessToken: () => client.accessToken,
    now: clock,
    onDeviceRevoked: () => {
      throw new Error('bench device revoked');
    },
    onSessionEnded: () => {
      throw new Error('bench session ended');
    },
  });
}

async function benchFirstSync(server: BenchServer, catchUp: number): Promise<{ rows: BenchRow[]; cursor: string }> {
  const client = await enrollDevice(server.app, server.db, CARE_MANAGER, clock);
  const store = createMemoryLocalStore();
  const traffic: Traffic = { requests: 0, bytesSent: 0, bytesReceived: 0 };
  const engine = createSyncEngine({ store, apiFetch: deviceFetch(server, client, traffic), now: clock });

  const start = performance.now();
  const state = await engine.syncNow();
  const ms = performance.now() - start;
  if (state.error) throw new Error(`first sync failed: ${state.error.code}`);
  const people = store.raw.people.size;
  if (people !== server.served.length) throw new Error(`first sync stored ${people} people, the office serves ${server.served.length}`);
  const firstTraffic = { ...traffic };

  // The catch-up: `catchUp` of the office's people logged as changed, as a feed that touched them would log them.
  const changed = server.served.slice(0, catchUp);
  await server.db.transaction((tx) =>
    appendSyncLog(
      tx,
      changed.map((p) => ({ providerNumber: server.providerNumber, insurerNumber: p.insurerNumber, insuredNumber: p.insuredNumber, op: 'upsert' as const })),
      clock(),
    ),
  );
  Object.assign(traffic, { requests: 0, bytesSent: 0, bytesReceived: 0 });
  const catchUpStart = performance.now();
  const again = await engine.syncNow();
  const catchUpMs = performance.now() - catchUpStart;
  if (again.error) throw new Error(`catch-up sync failed: ${again.error.code}`);

  const cursor = (await store.readSyncState()).pullCursor;
  if (cursor === null) throw new Error('no cursor after the first sync');
  return {
    cursor,
    rows: [
      {
        name: `first sync, ${fmt(people)} people into the store (PGlite, pages of 500)`,
        figure: `${fmt(people / (ms / 1000))} people/s (${fmt(ms)} ms, ${firstTraffic.requests} req, ${mb(firstTraffic.bytesReceived)} received)`,
        baseline: '',
        ratio: '',
      },
      {
        name: `catch-up pull, ${fmt(changed.length)} changed people (PGlite)`,
        figure: `${fmt(catchUpMs)} ms (${traffic.requests} req, ${mb(traffic.bytesReceived)} received)`,
        baseline: '',
        ratio: '',
      },
    ],
  };
}

interface ReplayResult {
  readonly ms: number;
  readonly traffic: Traffic;
}

/** A fresh device with `count` person views queued offline, then one sync run; the pull after the push is the (empty) catch-up from `cursor`. */
async function replay(server: BenchServer, cursor: string, count: number, pushBatch: number): Promise<ReplayResult> {
  const client = await enrollDevice(server.app, server.db, CARE_MANAGER, clock);
  const store: MemoryLocalStore = createMemoryLocalStore();
  // Where applyPull keeps it: this device already holds the office's people up to `cursor`.
  store.raw.syncState.set('pullCursor', cursor);
  for (let i = 0; i < count; i++) {
    const person = server.served[i % server.served.length]!;
    await store.enqueueMutation('personViewed', 1, CARE_MANAGER, {
      entryId: randomUUID(),
      occurredAt: new Date(Date.UTC(2026, 10, 24, 0, 0, 0, i)).toISOString(),
      insurerNumber: person.insurerNumber,
      insuredNumber: person.insuredNumber,
    });
  }
  const traffic: Traffic = { requests: 0, bytesSent: 0, bytesReceived: 0 };
  const engine = createSyncEngine({ store, apiFetch: deviceFetch(server, client, traffic), now: clock, pushBatch });
  const start = performance.now();
  const state = await engine.syncNow();
  const ms = performance.now() - start;
  if (state.error) throw new Error(`replay of ${count} failed: ${state.error.code}`);
  if ((await store.outboxCount()) !== 0) throw new Error(`replay of ${count} left mutations in the outbox`);
  const [row] = await server.db.query<{ n: number }>(`SELECT count(*)::integer AS n FROM audit_log WHERE device_id = $1 AND device_entry_id IS NOT NULL`, [client.deviceId]);
  if (row?.n !== count) throw new Error(`replay of ${count}: ${row?.n ?? 0} audit entries on the server`);
  return { ms, traffic };
}

async function benchReplay(server: BenchServer, cursor: string, o: SyncBenchOptions): Promise<{ rows: BenchRow[]; byCount: Map<number, ReplayResult> }> {
  // Baseline: one request per mutation (a Workbox background-sync queue replays each stored request alone).
  const baseline = await replay(server, cursor, o.baselineReplay, 1);
  // The one pull request of the run is not a mutation's.
  const perMutation = {
    ms: baseline.ms / o.baselineReplay,
    bytes: baseline.traffic.bytesSent / o.baselineReplay,
  };
  const rows: BenchRow[] = [];
  const byCount = new Map<number, ReplayResult>();
  for (const n of o.replay) {
    const ours = await replay(server, cursor, n, 500);
    byCount.set(n, ours);
    const extrapolated = n !== o.baselineReplay;
    const baselineMs = perMutation.ms * n;
    const baselineBytes = perMutation.bytes * n;
    rows.push({
      name: `replay after offline, ${fmt(n)} person views (PGlite, sync engine, batches of 500)`,
      figure: `${fmt(ours.ms)} ms, ${ours.traffic.requests} req, ${mb(ours.traffic.bytesSent)} sent`,
      baseline: `${fmt(baselineMs)} ms, ${fmt(n + 1)} req, ${mb(baselineBytes)} sent, one per request${extrapolated ? ` (${fmt(o.baselineReplay)} measured, ×${fmt(n / o.baselineReplay)})` : ''}`,
      ratio: ratio(baselineMs, ours.ms),
    });
  }
  return { rows, byCount };
}

/**
 * A fresh device with `count` views queued in the sealed store (each with its courier envelope), then the
 * service worker's delivery (src/sync/courier-delivery.ts) to the in-process server: the server opens every
 * envelope. Measured: the delivery only, as the page's replay measures its sync run only.
 */
async function benchCourier(server: BenchServer, count: number, pagePush: ReplayResult): Promise<BenchRow> {
  const client = await enrollDevice(server.app, server.db, CARE_MANAGER, clock);
  const { db, vault, keepCourierKey } = await enrolledTabletStore(client, server.providerNumber, CARE_MANAGER, clock());
  await keepCourierKey();
  const store = createDexieLocalStore(db, vault, { now: clock });
  for (let i = 0; i < count; i++) {
    const person = server.served[i % server.served.length]!;
    await store.enqueueMutation('personViewed', 1, CARE_MANAGER, {
      entryId: randomUUID(),
      occurredAt: new Date(Date.UTC(2026, 10, 24, 0, 0, 0, i)).toISOString(),
      insurerNumber: person.insurerNumber,
      insuredNumber: person.insuredNumber,
    });
  }
  const traffic: Traffic = { requests: 0, bytesSent: 0, bytesReceived: 0 };
  const start = performance.now();
  const outcome = await deliverOutbox({
    db,
    now: clock,
    fetch: async (path, init) => {
      const body = typeof init.body === 'string' ? init.body : '';
      traffic.requests++;
      traffic.bytesSent += Buffer.byteLength(body);
      return server.app.request(path, init);
    },
  });
  const ms = performance.now() - start;
  db.close();
  if (outcome.stop !== null || outcome.delivered !== count) throw new Error(`courier delivered ${outcome.delivered} of ${count} (${outcome.stop})`);
  const [row] = await server.db.query<{ n: number }>(`SELECT count(*)::integer AS n FROM audit_log WHERE device_id = $1 AND device_entry_id IS NOT NULL`, [client.deviceId]);
  if (row?.n !== count) throw new Error(`courier of ${count}: ${row?.n ?? 0} audit entries on the server`);
  return {
    name: `service-worker courier, ${fmt(count)} queued views (envelopes opened by the server; device key only, no page)`,
    figure: `${fmt(ms)} ms, ${traffic.requests} req, ${mb(traffic.bytesSent)} sent`,
    baseline: `page's push of as many: ${fmt(pagePush.ms)} ms, ${mb(pagePush.traffic.bytesSent)} sent`,
    ratio: ratio(pagePush.ms, ms),
  };
}

async function benchThroughput(server: BenchServer, label: string, o: SyncBenchOptions): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const devices of o.devices) {
    const clients: SignedClient[] = [];
    for (let d = 0; d < devices; d++) clients.push(await enrollDevice(server.app, server.db, server.staffIds[d % server.staffIds.length]!, clock));
    const perDevice = o.mutationsPerDevice(devices);
    const latencies: number[] = [];
    const start = performance.now();
    await Promise.all(
      clients.map(async (client, d) => {
        const staffId = server.staffIds[d % server.staffIds.length]!;
        for (let seq = 1; seq <= perDevice; seq += o.pushBatch) {
          const mutations: Mutation[] = [];
          for (let s = seq; s < Math.min(seq + o.pushBatch, perDevice + 1); s++) {
            const person = server.served[(d * perDevice + s) % server.served.length]!;
            mutations.push({
              seq: s,
              name: 'personViewed',
              version: 1,
              staffId,
              args: { entryId: randomUUID(), occurredAt: new Date(Date.UTC(2026, 10, 24, 0, 0, 0, s)).toISOString(), insurerNumber: person.insurerNumber, insuredNumber: person.insuredNumber },
            });
          }
          const sent = performance.now();
          const response = await client.request('/api/v1/sync/push', { json: { mutations } });
          const body = PushResponse.parse(await response.json());
          latencies.push(performance.now() - sent);
          if (body.lastAppliedSeq !== mutations.at(-1)?.seq) throw new Error(`push from device ${d} stopped at ${body.lastAppliedSeq}`);
        }
      }),
    );
    const ms = performance.now() - start;
    const total = devices * perDevice;
    rows.push({
      name: `server push, ${devices} devices at once, batches of ${o.pushBatch} (${label}, in process)`,
      figure: `${fmt(total / (ms / 1000))} mutations/s, p95 ${fmt(percentile(latencies, 0.95))} ms (${fmt(total)} mutations)`,
      baseline: '',
      ratio: '',
    });
  }
  return rows;
}

const noPlatformApi: PlatformApi = {
  getProviders: () => Promise.reject(new Error('the list-update bench syncs only')),
  getPeople: () => Promise.reject(new Error('the list-update bench syncs only')),
  getPerson: () => Promise.reject(new Error('the list-update bench syncs only')),
};

/**
 * The list on screen after a catch-up pull: `people` stored (sealed) and shown, then `changes` pulled in pages of
 * 500 (9 in 10 upserts of shown people, 1 in 10 removals). Figure: the time spent applying the pages to the
 * list (OfficeController.applyPulled, called by the engine after each stored page); baseline: reloadStored
 * after the same pull (read and decrypt everyone). Both lists are checked equal.
 */
export async function benchListUpdate(people: number, changes: number): Promise<BenchRow> {
  const office = '1310100001';
  const records = Array.from({ length: people }, (_, i) => makeInsuredRecord({ insuredNumber: String(i + 1).padStart(10, '0'), name: `試験 ${i + 1}` }));
  const server = createFakeSyncServer({ office, changes: records.map((record): PersonChange => ({ op: 'upsert', record })) });
  const db = createTsunagiDb({ indexedDB: new IDBFactory(), IDBKeyRange });
  try {
    const store = createDexieLocalStore(db, await openVault(crypto.getRandomValues(new Uint8Array(32))));
    await store.writeSetting('officeProviderNumber', office);
    const controller = createOfficeController({ store, api: noPlatformApi, now: clock, syncNow: () => undefined });
    await controller.start();
    let patchMs = 0;
    const engine = createSyncEngine({
      store,
      apiFetch: server.apiFetch,
      now: clock,
      onPulled: (pulled, page) => {
        const start = performance.now();
        controller.applyPulled(pulled, page);
        patchMs += performance.now() - start;
      },
    });
    const first = await engine.syncNow();
    if (first.error || controller.getState().people.length !== people) throw new Error(`list bench: first sync ${first.error?.code ?? 'short'}`);

    server.changes.push(
      ...records.slice(0, changes).map((record, i): PersonChange =>
        i % 10 === 0 ? { op: 'remove', insurerNumber: record.insurerNumber, insuredNumber: record.insuredNumber } : { op: 'upsert', record: { ...record, identity: { ...record.identity, name: `更新 ${i}` } } },
      ),
    );
    patchMs = 0;
    const pullStart = performance.now();
    const caughtUp = await engine.syncNow();
    const pullMs = performance.now() - pullStart;
    if (caughtUp.error) throw new Error(`list bench: catch-up ${caughtUp.error.code}`);
    const patched = controller.getState().people;

    const reloadStart = performance.now();
    await controller.reloadStored();
    const reloadMs = performance.now() - reloadStart;
    const reloaded = controller.getState().people;
    const key = (list: typeof patched) => list.map((p) => `${p.insuredNumber} ${p.identity.name}`).sort().join('\n');
    if (key(patched) !== key(reloaded)) throw new Error('list bench: the patched list differs from the stored one');

    return {
      name: `list update after a catch-up pull of ${fmt(changes)} changes with ${fmt(people)} people: patch vs reload (sealed Dexie, fake-indexeddb)`,
      figure: `patch ${patchMs.toFixed(1)} ms (pull itself ${fmt(pullMs)} ms)`,
      baseline: `reload ${fmt(reloadMs)} ms (read + decrypt ${fmt(reloaded.length)})`,
      ratio: ratio(reloadMs, patchMs),
    };
  } finally {
    db.close();
  }
}

/** A fresh database per call on the cluster TEST_DATABASE_URL names (as run.ts opens its own), dropped on dispose. */
function postgresFromEnv(): (() => Promise<{ db: Database; dispose: () => Promise<void> }>) | null {
  const adminUrl = process.env['TEST_DATABASE_URL'];
  if (!adminUrl) return null;
  let n = 0;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  return async () => {
    const name = `bench_sync_${process.pid}_${n++}`;
    await admin(`CREATE DATABASE ${name}`);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    const db = await openPostgresDatabase(url.toString());
    return {
      db,
      dispose: async () => {
        await db.close();
        await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      },
    };
  };
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? Number.NaN;
}

function fmt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

function mb(bytes: number): string {
  return bytes >= 1_000_000 ? `${(bytes / 1_000_000).toFixed(1)} MB` : `${(bytes / 1000).toFixed(0)} kB`;
}
