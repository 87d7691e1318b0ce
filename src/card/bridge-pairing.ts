/**
 * Pairs this app with the companion bridge: the person types the 6-digit code the bridge shows, and the window
 * (not the worker) opens the loopback socket on that click and sends `pair {code}`. Opening it from the window
 * on a user gesture is what Chrome's Local Network Access asks for before a page may reach 127.0.0.1; the
 * card worker's later connections reuse the permission. The token that comes back is stored by the caller
 * (`bridge-pairing-store.ts`). Outcomes are data with a stable code and ja/en messages.
 */
import { BRIDGE_ERROR_MESSAGES, PairingCode, PairingToken, type BridgeErrorCode } from '../protocol/bridge.ts';
import { BridgeConnectionError, bridgeUrl, openBridgeConnection, type OpenBridgeSocket } from '../../workers/transports/bridge-transport-connection.ts';

export type PairingErrorCode = BridgeErrorCode | 'invalidCode' | 'unreachable' | 'timeout';

const LOCAL_MESSAGES: Record<'invalidCode' | 'unreachable' | 'timeout', { ja: string; en: string }> = {
  invalidCode: { ja: 'ペアリングコードは6桁の数字です。', en: 'The pairing code is 6 digits.' },
  unreachable: {
    ja: '連携アプリに接続できません。このパソコンで連携アプリが起動しているか、ポート番号が合っているか確認してください。',
    en: 'Cannot reach the bridge. Check that it is running on this computer and that the port is right.',
  },
  timeout: { ja: '連携アプリから応答がありません。', en: 'The bridge did not answer.' },
};

export interface PairingError {
  code: PairingErrorCode;
  messageJa: string;
  messageEn: string;
  /** `wrongPairingCode`: tries left on the current code. */
  attemptsLeft?: number;
  /** `pairingLocked`: when to try again. */
  retryAfterMs?: number;
}

export type PairingOutcome = { ok: true; token: string } | { ok: false; error: PairingError };

export function pairingErrorOf(code: PairingErrorCode, extra: Pick<PairingError, 'attemptsLeft' | 'retryAfterMs'> = {}): PairingError {
  const text = code in LOCAL_MESSAGES ? LOCAL_MESSAGES[code as keyof typeof LOCAL_MESSAGES] : BRIDGE_ERROR_MESSAGES[code as BridgeErrorCode];
  const messageJa = code === 'wrongPairingCode' && extra.attemptsLeft !== undefined ? `${text.ja}あと${extra.attemptsLeft}回試せます。` : text.ja;
  const messageEn = code === 'wrongPairingCode' && extra.attemptsLeft !== undefined ? `${text.en} ${extra.attemptsLeft} more tries.` : text.en;
  return { code, messageJa, messageEn, ...extra };
}

export interface PairOptions {
  code: string;
  port: number;
  openSocket?: OpenBridgeSocket;
  timeoutMs?: number;
}

export async function pairWithBridge(options: PairOptions): Promise<PairingOutcome> {
  const code = PairingCode.safeParse(options.code.trim());
  if (!code.success) return { ok: false, error: pairingErrorOf('invalidCode') };
  let connection;
  try {
    connection = await openBridgeConnection({ url: bridgeUrl(options.port), openSocket: options.openSocket, timeoutMs: options.timeoutMs });
  } catch (error) {
    return { ok: false, error: pairingErrorOf(error instanceof BridgeConnectionError && error.kind === 'timeout' ? 'timeout' : 'unreachable') };
  }
  try {
    const { token } = await connection.request('pair', { code: code.data });
    return PairingToken.safeParse(token).success ? { ok: true, token } : { ok: false, error: pairingErrorOf('invalidMessage') };
  } catch (error) {
    if (error instanceof BridgeConnectionError && error.kind === 'bridge' && error.info) {
      const { attemptsLeft, retryAfterMs } = error.info;
      return { ok: false, error: pairingErrorOf(error.info.code, { ...(attemptsLeft !== undefined ? { attemptsLeft } : {}), ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) }) };
    }
    return { ok: false, error: pairingErrorOf(error instanceof BridgeConnectionError && error.kind === 'timeout' ? 'timeout' : 'unreachable') };
  } finally {
    connection.close();
  }
}
