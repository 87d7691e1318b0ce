/**
 * What the app tells the card worker about the bridge (`configureBridge`), and what the worker answers: the
 * port and the pairing token the app keeps (no personal data), and the state of the bridge connection after
 * the handshake. Both sides validate with these schemas.
 */
import { z } from 'zod';
import { BRIDGE_DEFAULT_PORT, BridgeErrorCode, PairingToken } from '../../src/protocol/bridge.ts';

export const BridgePort = z.number().int().min(1024).max(65535);

export const BridgeSettings = z.strictObject({
  port: BridgePort,
  /** null: not paired, so the worker does not connect to the bridge at all. */
  token: PairingToken.nullable(),
});
export type BridgeSettings = z.infer<typeof BridgeSettings>;

export const DEFAULT_BRIDGE_SETTINGS: BridgeSettings = { port: BRIDGE_DEFAULT_PORT, token: null };

/**
 * `off`: not paired; `connected`: the handshake succeeded; `unreachable`: nothing answers on the port (the
 * bridge is not running, or the browser refused the connection); `refused`: the bridge answered the handshake
 * with an error (`invalidToken` after the bridge forgot this app, `notPaired`…).
 */
export const BridgeStatus = z.discriminatedUnion('state', [
  z.object({ state: z.literal('off') }),
  z.object({ state: z.literal('connected'), protocolVersion: z.number().int().positive() }),
  z.object({ state: z.literal('unreachable') }),
  z.object({ state: z.literal('refused'), code: BridgeErrorCode }),
]);
export type BridgeStatus = z.infer<typeof BridgeStatus>;

/** What the card worker exposes besides `CardServiceApi`. */
export interface BridgeConfigurable {
  /** Replaces the bridge settings (dropping any open bridge connection) and reports the handshake's outcome. */
  configureBridge(settings: BridgeSettings): Promise<BridgeStatus>;
}
