/**
 * `benchBridge()`: what the bridge's WebSocket hop costs per APDU. The same card operations (read the auth
 * and CA certificates; verify the PIN and sign a SHA-256 digest) run against the software My Number card
 * twice over, once called directly and once through a bridge (WebSocket on 127.0.0.1, pairing, APDU policy,
 * hex encoding), both behind the worker's APDU policy, alternating round by round so drift hits both alike:
 * - `memory`: the card in this process behind the fake PC/SC port: isolates the bridge's own cost;
 * - `vpcd`: real pcscd with the card in vsmartcard's vpcd (in a child process, `vpcd-card-main.ts`), the
 *   direct path being Node over the `smartcard` binding. vpcd polls, costing ≈ 44 ms per APDU, so the
 *   absolute figures say nothing about a real reader; the difference between the paths is the bridge's.
 * One more row sets the direct certificate read through pcscd + vpcd against the same read on the in-memory
 * card, neither through the bridge.
 * The VERIFY rate limit is raised for the run (it would hold the bridge to three signatures per 10 s).
 * Without pcscd, vpcd or the binding only the in-memory rows are measured and `skipped` says why.
 */
import { createHash, randomBytes } from 'node:crypto';
import { pino } from 'pino';
import { guardTransport } from '../workers/apdu/apdu-policy.ts';
import { verifyAuthPin } from '../workers/mynumber/pin.ts';
import { readAuthCertificate } from '../workers/mynumber/read-auth-certificate.ts';
import { signDigestWithAuthKey } from '../workers/mynumber/sign-digest.ts';
import type { CardTransport } from '../workers/transports/card-transport.ts';
import { createTestCard, TEST_CARD_HOLDER } from '../workers/transports/virtual-card-fixture.ts';
import { waitForCardPresent } from '../tests/fixtures/vpcd-card.ts';
import { startVpcdCardProcess } from '../tests/fixtures/vpcd-card-process.ts';
import { checkPcscPrerequisites, startPcscd } from '../tests/fixtures/vpcd-pcscd.ts';
import { ratio, type BenchRow } from '../tests/bench/table.ts';
import { createBridge } from './app.ts';
import { bridgeCardTransport, openBridgeClient, type BridgeClient } from './bridge-client.ts';
import { createFakePcsc } from './fake-pcsc.ts';
import { createMemoryPairingStore } from './pairing-store.ts';
import type { PcscPort } from './pcsc-port.ts';
import { createSmartcardPcsc } from './pcsc-smartcard.ts';
import { listenBridge } from './server.ts';

export type BridgeBenchOperation = 'readCertificate' | 'sign';
export type BridgeBenchPath = 'direct' | 'bridge';
/** `vpcd`: real pcscd with the card in vpcd. `memory`: the card in this process behind the fake PC/SC port. */
export type BridgeBenchCard = 'vpcd' | 'memory';

export interface BridgeBenchTiming {
  card: BridgeBenchCard;
  operation: BridgeBenchOperation;
  path: BridgeBenchPath;
  rounds: number;
  /** APDUs one run of the operation sends. */
  apdus: number;
  /** Every APDU's round trip, in ms, over all rounds. */
  apduMs: number[];
  perApdu: { medianMs: number; p95Ms: number; meanMs: number };
  /** Median time of one whole operation. */
  operationMedianMs: number;
}

export interface BridgeBenchResult {
  /** Why the vpcd rows are missing (no pcscd, vpcd or binding); the in-memory rows are always there. */
  skipped?: string;
  timings: BridgeBenchTiming[];
  /** For the `npm run bench` table: the bridge path against the direct path measured in the same run. */
  rows: BenchRow[];
}

export interface BridgeBenchOptions {
  /** Rounds through vpcd (≈ 1 s each). */
  rounds?: number;
  /** Rounds with the in-memory card. */
  memoryRounds?: number;
  reader?: string;
}

const ORIGIN = 'http://localhost:8080';

function timed(transport: CardTransport, sink: number[]): CardTransport {
  return {
    async transmit(apdu, signal) {
      const started = performance.now();
      const response = await transport.transmit(apdu, signal);
      sink.push(performance.now() - started);
      return response;
    },
  };
}

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

function summarise(card: BridgeBenchCard, operation: BridgeBenchOperation, path: BridgeBenchPath, runs: number[][], durations: number[]): BridgeBenchTiming {
  const apduMs = runs.flat();
  const sorted = [...apduMs].sort((a, b) => a - b);
  return {
    card,
    operation,
    path,
    rounds: runs.length,
    apdus: runs[0]?.length ?? 0,
    apduMs,
    perApdu: { medianMs: quantile(sorted, 0.5), p95Ms: quantile(sorted, 0.95), meanMs: apduMs.reduce((a, b) => a + b, 0) / Math.max(1, apduMs.length) },
    operationMedianMs: quantile([...durations].sort((a, b) => a - b), 0.5),
  };
}

async function runOperation(operation: BridgeBenchOperation, transport: CardTransport): Promise<number[]> {
  const apduMs: number[] = [];
  const guarded = guardTransport(timed(transport, apduMs));
  if (operation === 'readCertificate') {
    await readAuthCertificate(guarded);
  } else {
    const digest = new Uint8Array(createHash('sha256').update('benchmark consent statement').digest());
    await verifyAuthPin(guarded, TEST_CARD_HOLDER.authPin);
    await signDigestWithAuthKey(guarded, digest);
  }
  return apduMs;
}

export async function benchBridge(options: BridgeBenchOptions = {}): Promise<BridgeBenchResult> {
  const timings = await benchInMemory(options.memoryRounds ?? 30);
  const prerequisites = checkPcscPrerequisites();
  if (!prerequisites.ok) {
    return { skipped: `vpcd rows: missing ${prerequisites.missing.join('; ')}`, timings, rows: toRows(timings) };
  }
  timings.push(...(await benchVpcd(options.rounds ?? 5, options.reader ?? 'Virtual PCD 00 00')));
  return { timings, rows: toRows(timings) };
}

type Opener = (path: BridgeBenchPath) => Promise<{ transport: CardTransport; close: () => Promise<void> }>;

/** Runs both operations over both paths, alternating the order each round; the first round is a warm-up. */
async function measure(card: BridgeBenchCard, rounds: number, open: Opener): Promise<BridgeBenchTiming[]> {
  const samples = new Map<string, { runs: number[][]; durations: number[] }>();
  for (let round = -1; round < rounds; round++) {
    const order: BridgeBenchPath[] = round % 2 === 0 ? ['direct', 'bridge'] : ['bridge', 'direct'];
    for (const operation of ['readCertificate', 'sign'] as const) {
      for (const path of order) {
        const { transport, close } = await open(path);
        try {
          const started = performance.now();
          const run = await runOperation(operation, transport);
          if (round < 0) continue;
          const key = `${operation}/${path}`;
          const entry = samples.get(key) ?? { runs: [], durations: [] };
          entry.runs.push(run);
          entry.durations.push(performance.now() - started);
          samples.set(key, entry);
        } finally {
          await close();
        }
      }
    }
  }
  const timings: BridgeBenchTiming[] = [];
  for (const operation of ['readCertificate', 'sign'] as const) {
    for (const path of ['direct', 'bridge'] as const) {
      const entry = samples.get(`${operation}/${path}`);
      if (entry) timings.push(summarise(card, operation, path, entry.runs, entry.durations));
    }
  }
  return timings;
}

/** A bridge on an ephemeral loopback port with a paired client; `close` undoes everything. */
async function pairedBridge(pcsc: PcscPort): Promise<{ client: BridgeClient; close: () => Promise<void> }> {
  const bridge = createBridge({
    pcsc,
    allowedOrigins: [ORIGIN],
    pairingStore: createMemoryPairingStore(),
    logger: pino({ level: 'silent' }),
    clock: () => new Date(),
    random: (size) => new Uint8Array(randomBytes(size)),
    verifyLimit: { max: 100_000, windowMs: 10_000 },
  });
  const listening = await listenBridge(bridge, { port: 0, hosts: ['127.0.0.1'] });
  const client = await openBridgeClient({ url: `ws://127.0.0.1:${listening.addresses[0]?.port ?? 0}/v1`, origin: ORIGIN });
  await client.request('pair', { code: bridge.pairingCode() });
  return {
    client,
    async close() {
      await client.close();
      await listening.close();
    },
  };
}

function opener(direct: PcscPort, client: BridgeClient, reader: string): Opener {
  return async (path) => {
    if (path === 'direct') {
      const handle = await direct.connect(reader);
      return { transport: { transmit: (apdu) => handle.transmit(apdu) }, close: () => handle.disconnect() };
    }
    const { session } = await client.request('connect', { reader });
    return {
      transport: bridgeCardTransport(client, session),
      close: async () => {
        await client.request('disconnect', { session });
      },
    };
  };
}

async function benchInMemory(rounds: number): Promise<BridgeBenchTiming[]> {
  const reader = 'Memory Reader 00 00';
  const pcsc = createFakePcsc({ [reader]: await createTestCard() });
  const bridge = await pairedBridge(pcsc);
  try {
    return await measure('memory', rounds, opener(pcsc, bridge.client, reader));
  } finally {
    await bridge.close();
  }
}

async function benchVpcd(rounds: number, reader: string): Promise<BridgeBenchTiming[]> {
  const pcscd = await startPcscd();
  const cleanup: (() => Promise<void>)[] = [() => pcscd.stop()];
  try {
    // The card runs in its own process: this one makes synchronous PC/SC calls that wait for the card.
    const vpcd = await startVpcdCardProcess();
    cleanup.unshift(() => vpcd.stop());
    const direct = createSmartcardPcsc();
    cleanup.unshift(() => direct.close());
    await waitForCardPresent(() => direct.listReaders(), reader);
    const bridgePcsc = createSmartcardPcsc();
    cleanup.unshift(() => bridgePcsc.close());
    const bridge = await pairedBridge(bridgePcsc);
    cleanup.unshift(() => bridge.close());
    return await measure('vpcd', rounds, opener(direct, bridge.client, reader));
  } finally {
    for (const step of cleanup) await step().catch(() => undefined);
  }
}

const LABEL: Record<BridgeBenchOperation, string> = { readCertificate: 'read auth + CA certificates', sign: 'verify PIN + sign digest' };

const CARD_LABEL: Record<BridgeBenchCard, { card: string; direct: string; digits: number }> = {
  memory: { card: 'in-memory card', direct: 'direct call', digits: 3 },
  vpcd: { card: 'pcscd + vpcd', direct: 'direct PC/SC', digits: 1 },
};

function toRows(timings: readonly BridgeBenchTiming[]): BenchRow[] {
  const rows: BenchRow[] = [];
  for (const card of ['memory', 'vpcd'] as const) {
    const label = CARD_LABEL[card];
    for (const operation of ['readCertificate', 'sign'] as const) {
      const direct = timings.find((t) => t.card === card && t.operation === operation && t.path === 'direct');
      const bridged = timings.find((t) => t.card === card && t.operation === operation && t.path === 'bridge');
      if (!direct || !bridged) continue;
      const perApdu = (t: BridgeBenchTiming) => `${t.perApdu.medianMs.toFixed(label.digits)} ms/APDU (p95 ${t.perApdu.p95Ms.toFixed(label.digits)})`;
      rows.push({
        name: `bridge, ${label.card}: ${LABEL[operation]} (${bridged.apdus} APDUs), per APDU vs ${label.direct}`,
        figure: perApdu(bridged),
        baseline: perApdu(direct),
        ratio: ratio(bridged.perApdu.medianMs, direct.perApdu.medianMs),
      });
      rows.push({
        name: `bridge, ${label.card}: ${LABEL[operation]}, whole operation vs ${label.direct}`,
        figure: `${bridged.operationMedianMs.toFixed(label.digits)} ms`,
        baseline: `${direct.operationMedianMs.toFixed(label.digits)} ms`,
        ratio: ratio(bridged.operationMedianMs, direct.operationMedianMs),
      });
    }
  }
  // No bridge on either side: the certificate read through real pcscd against the in-process fake PC/SC
  // port. What it shows is PC/SC plus vpcd's polling, not what a real reader costs.
  const throughPcscd = timings.find((t) => t.card === 'vpcd' && t.operation === 'readCertificate' && t.path === 'direct');
  const inProcess = timings.find((t) => t.card === 'memory' && t.operation === 'readCertificate' && t.path === 'direct');
  if (throughPcscd && inProcess) {
    rows.push({
      name: `direct PC/SC through pcscd + vpcd: ${LABEL.readCertificate} (${throughPcscd.apdus} APDUs), whole operation vs the in-process fake PC/SC`,
      figure: `${throughPcscd.operationMedianMs.toFixed(CARD_LABEL.vpcd.digits)} ms`,
      baseline: `${inProcess.operationMedianMs.toFixed(CARD_LABEL.memory.digits)} ms`,
      ratio: ratio(throughPcscd.operationMedianMs, inProcess.operationMedianMs),
    });
  }
  return rows;
}
