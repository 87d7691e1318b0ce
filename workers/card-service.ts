/**
 * The card service behind `card.worker.ts`: owns every reader session.
 *
 * A session = connect to the card on one reader, run one operation through the APDU policy, close. Rules:
 * - one session per reader at a time: a call while the reader is busy answers `readerBusy` at once;
 * - `cancel(readerId)` aborts the running session, which answers `cancelled`;
 * - each APDU has a deadline (`apduTimeoutMs`): a reader that stops answering gives `timeout`;
 * - inputs are checked before the card is touched (`invalidPin`, `invalidDigest`, `invalidRequest`);
 * - PINs are passed straight to the operation and not kept; nothing here logs.
 * Every method resolves with a `CardResult`; none throws (see src/protocol/card.ts for why).
 *
 * Transports plug in as `CardTransportProvider`s (virtual today; bridge and WebUSB providers add themselves
 * to `deps.transports`). Reader ids must be unique across providers; the first provider listing an id wins.
 */
import {
  CardApp,
  CardReader,
  PIN_PATTERN,
  Sha256Digest,
  type AuthCertificateRead,
  type AuthSignature,
  type BasicFourInfo,
  type CardProgress,
  type CardProgressListener,
  type CardResult,
  type CardServiceApi,
  type CardStep,
  type PinOptions,
  type PinRetries,
  type SignOptions,
} from '../src/protocol/card.ts';
import { guardTransport, type GuardedTransport } from './apdu/apdu-policy.ts';
import { CardError } from './apdu/card-error.ts';
import { TlvError } from './apdu/tlv.ts';
import { readBasicFourInfo } from './mynumber/basic-four-info.ts';
import { JPKI_FILES } from './mynumber/card-layout.ts';
import type { CardOperationContext } from './mynumber/card-operation-context.ts';
import { detectCard } from './mynumber/detect-card.ts';
import { readPinRetries, verifyAuthPin } from './mynumber/pin.ts';
import { readAuthCertificate, readCertificateFile } from './mynumber/read-auth-certificate.ts';
import { signDigestWithAuthKey } from './mynumber/sign-digest.ts';
import type { CardConnection, CardTransport, CardTransportProvider } from './transports/card-transport.ts';

export interface CardServiceDeps {
  transports: readonly CardTransportProvider[];
  /**
   * Deadline per APDU and for connecting, in ms. The RSA signature is the slowest command (a second or two
   * on a contactless card, with waiting-time extensions), so the default leaves ample room.
   */
  apduTimeoutMs?: number;
}

const DEFAULT_APDU_TIMEOUT_MS = 20_000;

type Operation<T> = (transport: GuardedTransport, context: CardOperationContext) => Promise<T>;

export function createCardService(deps: CardServiceDeps): CardServiceApi {
  const timeoutMs = deps.apduTimeoutMs ?? DEFAULT_APDU_TIMEOUT_MS;
  const sessions = new Map<string, AbortController>();
  const readerProviders = new Map<string, CardTransportProvider>();

  async function listAll(): Promise<CardReader[]> {
    const settled = await Promise.allSettled(deps.transports.map(async (provider) => ({ provider, readers: await provider.listReaders() })));
    const readers: CardReader[] = [];
    readerProviders.clear();
    for (const result of settled) {
      if (result.status !== 'fulfilled') continue;
      for (const candidate of result.value.readers) {
        const reader = CardReader.safeParse(candidate);
        if (!reader.success || readerProviders.has(reader.data.id)) continue;
        readerProviders.set(reader.data.id, result.value.provider);
        readers.push(reader.data);
      }
    }
    return readers;
  }

  async function providerFor(readerId: string): Promise<CardTransportProvider> {
    const known = readerProviders.get(readerId);
    if (known) return known;
    await listAll();
    const listed = readerProviders.get(readerId);
    if (!listed) throw new CardError('readerNotFound');
    return listed;
  }

  async function runSession<T>(readerId: unknown, onProgress: CardProgressListener | undefined, operation: Operation<T>): Promise<CardResult<T>> {
    if (typeof readerId !== 'string' || readerId.length === 0) return failure(new CardError('invalidRequest', { reason: 'readerId' }));
    if (sessions.has(readerId)) return failure(new CardError('readerBusy'));
    // Registered before the first await, so a second call in the same tick already sees the reader busy.
    const controller = new AbortController();
    sessions.set(readerId, controller);
    const progress: CardProgress = { readerId, step: 'connecting', apdusDone: 0, apdusTotal: 0 };
    const emit = () => notify(onProgress, { ...progress });
    let connection: CardConnection | null = null;
    let connecting: Promise<CardConnection> | null = null;
    try {
      emit();
      const provider = await providerFor(readerId);
      connecting = provider.connect(readerId, controller.signal);
      connection = await untilAborted(connecting, controller.signal, timeoutMs);
      const open = connection;
      const timed: CardTransport = {
        async transmit(apdu, signal) {
          const response = await transmitWithDeadline(open, apdu, signal ?? controller.signal, timeoutMs);
          progress.apdusDone += 1;
          progress.apdusTotal = Math.max(progress.apdusTotal, progress.apdusDone);
          emit();
          return response;
        },
      };
      const context: CardOperationContext = {
        signal: controller.signal,
        expectMore: (apdus) => {
          progress.apdusTotal += apdus;
        },
        step: (step: CardStep) => {
          progress.step = step;
          emit();
        },
      };
      const value = await operation(guardTransport(timed), context);
      if (controller.signal.aborted) throw new CardError('cancelled');
      return { ok: true, value };
    } catch (error) {
      return failure(controller.signal.aborted ? new CardError('cancelled', { cause: error }) : asCardError(error));
    } finally {
      if (sessions.get(readerId) === controller) sessions.delete(readerId);
      if (connection) await connection.close().catch(() => undefined);
      // A connection that arrives after a cancel or timeout is closed as soon as it does.
      else connecting?.then((late) => late.close()).catch(() => undefined);
    }
  }

  return {
    async listReaders() {
      try {
        return { ok: true, value: await listAll() };
      } catch (error) {
        return failure(asCardError(error));
      }
    },

    detectCard(readerId, onProgress) {
      return runSession(readerId, onProgress, (transport, context) => detectCard(transport, context));
    },

    readCertificate(readerId, onProgress): Promise<CardResult<AuthCertificateRead>> {
      return runSession(readerId, onProgress, (transport, context) => readAuthCertificate(transport, context));
    },

    async readRetries(readerId, app, onProgress): Promise<CardResult<PinRetries>> {
      const parsed = CardApp.safeParse(app);
      if (!parsed.success) return failure(new CardError('invalidRequest', { reason: 'app' }));
      return runSession(readerId, onProgress, (transport, context) => readPinRetries(transport, parsed.data, context));
    },

    async verifyAndSign(readerId, pin, digest, options: SignOptions = {}, onProgress): Promise<CardResult<AuthSignature>> {
      if (!isPin(pin)) return failure(new CardError('invalidPin'));
      if (!Sha256Digest.safeParse(digest).success) return failure(new CardError('invalidDigest'));
      const confirmLastTry = options.confirmLastTry === true;
      const includeAuthCertificate = options.includeAuthCertificate === true;
      const digestCopy = digest.slice();
      return runSession(readerId, onProgress, async (transport, context) => {
        await verifyAuthPin(transport, pin, { confirmLastTry }, context);
        const signature = await signDigestWithAuthKey(transport, digestCopy, context);
        if (!includeAuthCertificate) return { signature };
        context.step?.('readingAuthCertificate');
        const authCertificate = await readCertificateFile(transport, JPKI_FILES.authCertificate, context);
        return { signature, authCertificate };
      });
    },

    async readBasicInfo(readerId, pin, options: PinOptions = {}, onProgress): Promise<CardResult<BasicFourInfo>> {
      if (!isPin(pin)) return failure(new CardError('invalidPin'));
      const confirmLastTry = options.confirmLastTry === true;
      return runSession(readerId, onProgress, (transport, context) => readBasicFourInfo(transport, pin, { confirmLastTry }, context));
    },

    async cancel(readerId) {
      const controller = typeof readerId === 'string' ? sessions.get(readerId) : undefined;
      if (!controller) return false;
      controller.abort();
      return true;
    },
  };
}

function isPin(pin: unknown): pin is string {
  return typeof pin === 'string' && PIN_PATTERN.test(pin);
}

function failure(error: CardError): { ok: false; error: ReturnType<CardError['toInfo']> } {
  return { ok: false, error: error.toInfo() };
}

/** Any thrown value as a CardError; foreign errors keep only their name (their message may hold data). */
function asCardError(error: unknown): CardError {
  if (error instanceof CardError) return error;
  if (error instanceof TlvError) return new CardError('malformedResponse', { reason: error.code, cause: error });
  const name = error instanceof Error ? error.name : typeof error;
  return new CardError('transportError', { reason: name, cause: error });
}

/** Calls the progress listener without letting it break the session (a Comlink proxy returns a promise). */
function notify(listener: CardProgressListener | undefined, progress: CardProgress): void {
  if (!listener) return;
  try {
    const result: unknown = listener(progress);
    if (result instanceof Promise) result.catch(() => undefined);
  } catch {
    // A failing listener is the app's problem, not the card session's.
  }
}

/**
 * Sends one APDU with a deadline. The transport gets its own signal, aborted on the deadline or when the
 * session is cancelled; the race also covers transports that ignore signals.
 */
function transmitWithDeadline(transport: CardTransport, apdu: Uint8Array, session: AbortSignal, timeoutMs: number): Promise<Uint8Array> {
  return untilAborted((signal) => transport.transmit(apdu, signal), session, timeoutMs);
}

/** Runs `work` until it settles, the session is aborted (`cancelled`) or `timeoutMs` passes (`timeout`). */
function untilAborted<T>(work: Promise<T> | ((signal: AbortSignal) => Promise<T>), session: AbortSignal, timeoutMs: number): Promise<T> {
  const local = new AbortController();
  if (session.aborted) return Promise.reject(new CardError('cancelled'));
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const finish = (action: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      session.removeEventListener('abort', onAbort);
      action();
    };
    const onAbort = () => {
      local.abort();
      finish(() => reject(new CardError('cancelled')));
    };
    const timer = setTimeout(() => {
      local.abort();
      finish(() => reject(new CardError('timeout')));
    }, timeoutMs);
    session.addEventListener('abort', onAbort, { once: true });
    const promise = typeof work === 'function' ? work(local.signal) : work;
    promise.then(
      (value) => finish(() => resolve(value)),
      (error: unknown) => finish(() => reject(error)),
    );
  });
}
