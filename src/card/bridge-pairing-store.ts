/**
 * The bridge pairing this app remembers: the bridge's port and the token it gave when the person typed its
 * pairing code. Kept in localStorage, which is per origin, as the bridge's pairing is; it holds no personal
 * data. Anything unreadable in storage counts as "not paired".
 */
import { z } from 'zod';
import { BRIDGE_DEFAULT_PORT, PairingToken } from '../protocol/bridge.ts';
import { BridgePort, type BridgeSettings } from '../../workers/transports/bridge-transport-settings.ts';

export const BRIDGE_PAIRING_STORAGE_KEY = 'tsunagi.bridgePairing.v1';

export const BridgePairing = z.strictObject({
  port: BridgePort,
  /** null until paired; the port alone is kept when the person changed it before pairing. */
  token: PairingToken.nullable(),
  pairedAt: z.iso.datetime().nullable(),
});
export type BridgePairing = z.infer<typeof BridgePairing>;

/** The part of `Storage` used here (tests pass a Map-backed double). */
export interface PairingStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export const UNPAIRED: BridgePairing = { port: BRIDGE_DEFAULT_PORT, token: null, pairedAt: null };

export function loadBridgePairing(storage: PairingStorage | undefined): BridgePairing {
  try {
    const text = storage?.getItem(BRIDGE_PAIRING_STORAGE_KEY);
    if (!text) return UNPAIRED;
    const parsed = BridgePairing.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : UNPAIRED;
  } catch {
    return UNPAIRED;
  }
}

export function saveBridgePairing(storage: PairingStorage | undefined, pairing: BridgePairing): void {
  storage?.setItem(BRIDGE_PAIRING_STORAGE_KEY, JSON.stringify(BridgePairing.parse(pairing)));
}

/** 「ペアリングを解除」: forgets the token, keeps the port. */
export function forgetBridgePairing(storage: PairingStorage | undefined, port: number): BridgePairing {
  const next: BridgePairing = { port, token: null, pairedAt: null };
  saveBridgePairing(storage, next);
  return next;
}

/** What the card worker needs from a pairing. */
export function bridgeSettingsOf(pairing: BridgePairing): BridgeSettings {
  return { port: pairing.port, token: pairing.token };
}
