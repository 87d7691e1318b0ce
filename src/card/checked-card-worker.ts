/**
 * The card worker's API as the app sees it: every answer checked with the `cardResultSchema` of
 * `src/protocol/card.ts` before the UI sees it. An answer that does not match becomes `malformedResponse`; a
 * worker that fails to answer at all (it crashed or could not start) becomes `transportError`.
 */
import { z } from 'zod';
import {
  AuthCertificateRead,
  AuthSignature,
  BasicFourInfo,
  CardReader,
  cardErrorMessage,
  cardResultSchema,
  PinRetries,
  type CardApp,
  type CardErrorCode,
  type CardProgressListener,
  type CardResult,
  type CardServiceApi,
  type PinOptions,
  type SignOptions,
} from '../protocol/card.ts';
import { BridgeStatus, type BridgeConfigurable, type BridgeSettings } from '../../workers/transports/bridge-transport-settings.ts';

/** What the card worker exposes: the card service plus the bridge settings. */
export type CardWorkerApi = CardServiceApi & BridgeConfigurable;

export interface CardClient extends CardWorkerApi {
  /** Stops the worker; later calls answer `transportError`. */
  dispose(): void;
}

/** How a listener crosses to the worker (`Comlink.proxy`; in-process tests pass it unchanged). */
export type WrapListener = (listener: CardProgressListener) => CardProgressListener;

function failureOf(code: CardErrorCode, reason: string): { ok: false; error: { code: CardErrorCode; messageJa: string; messageEn: string; reason: string } } {
  const text = cardErrorMessage(code);
  return { ok: false, error: { code, messageJa: text.ja, messageEn: text.en, reason } };
}

const readersResult = cardResultSchema(z.array(CardReader));
const detectResult = cardResultSchema(z.object({ myNumberCard: z.literal(true) }));
const certificateResult = cardResultSchema(AuthCertificateRead);
const retriesResult = cardResultSchema(PinRetries);
const signatureResult = cardResultSchema(AuthSignature);
const basicInfoResult = cardResultSchema(BasicFourInfo);

/** Wraps a worker API (a Comlink remote, or the service itself in tests) with answer checking. */
export function wrapCardWorker(remote: CardWorkerApi, wrapListener: WrapListener = (listener) => listener, onDispose: () => void = () => undefined): CardClient {
  let disposed = false;
  const listen = (listener: CardProgressListener | undefined) => (listener ? wrapListener(listener) : undefined);

  async function checked<T>(schema: z.ZodType<CardResult<T>>, call: () => Promise<unknown>): Promise<CardResult<T>> {
    if (disposed) return failureOf('transportError', 'card worker stopped');
    let answer: unknown;
    try {
      answer = await call();
    } catch {
      return failureOf('transportError', 'card worker did not answer');
    }
    const parsed = schema.safeParse(answer);
    return parsed.success ? parsed.data : failureOf('malformedResponse', 'card worker answer');
  }

  return {
    listReaders: () => checked(readersResult, () => remote.listReaders()),
    detectCard: (readerId, onProgress) => checked(detectResult, () => remote.detectCard(readerId, listen(onProgress))),
    readCertificate: (readerId, onProgress) => checked(certificateResult, () => remote.readCertificate(readerId, listen(onProgress))),
    readRetries: (readerId, app: CardApp, onProgress) => checked(retriesResult, () => remote.readRetries(readerId, app, listen(onProgress))),
    verifyAndSign: (readerId, pin, digest, options: SignOptions = {}, onProgress) =>
      checked(signatureResult, () => remote.verifyAndSign(readerId, pin, digest, options, listen(onProgress))),
    readBasicInfo: (readerId, pin, options: PinOptions = {}, onProgress) => checked(basicInfoResult, () => remote.readBasicInfo(readerId, pin, options, listen(onProgress))),
    async cancel(readerId) {
      if (disposed) return false;
      try {
        return (await remote.cancel(readerId)) === true;
      } catch {
        return false;
      }
    },
    async configureBridge(settings: BridgeSettings) {
      if (disposed) return { state: 'unreachable' };
      try {
        const parsed = BridgeStatus.safeParse(await remote.configureBridge(settings));
        return parsed.success ? parsed.data : { state: 'unreachable' };
      } catch {
        return { state: 'unreachable' };
      }
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      onDispose();
    },
  };
}
