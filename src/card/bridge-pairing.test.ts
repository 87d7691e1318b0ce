import { describe, expect, it } from 'vitest';
import { createFakeBridge, FAKE_PAIRING_CODE, FAKE_TOKEN } from '../../workers/transports/bridge-transport-fake.testing.ts';
import { pairWithBridge } from './bridge-pairing.ts';
import { BRIDGE_PAIRING_STORAGE_KEY, bridgeSettingsOf, forgetBridgePairing, loadBridgePairing, saveBridgePairing, UNPAIRED, type PairingStorage } from './bridge-pairing-store.ts';

function memoryStorage(): PairingStorage & { items: Map<string, string> } {
  const items = new Map<string, string>();
  return { items, getItem: (key) => items.get(key) ?? null, setItem: (key, value) => void items.set(key, value), removeItem: (key) => void items.delete(key) };
}

describe('pairing with the bridge', () => {
  it('sends the typed code and returns the token; the socket is closed afterwards', async () => {
    const bridge = createFakeBridge();
    const outcome = await pairWithBridge({ code: ` ${FAKE_PAIRING_CODE} `, port: 47321, openSocket: bridge.openSocket });
    expect(outcome).toEqual({ ok: true, token: FAKE_TOKEN });
    expect(bridge.requests).toEqual([{ url: 'ws://127.0.0.1:47321/v1', request: { type: 'pair', id: 1, code: FAKE_PAIRING_CODE } }]);
  });

  it('a wrong code says how many tries are left', async () => {
    const bridge = createFakeBridge();
    const outcome = await pairWithBridge({ code: '000000', port: 47321, openSocket: bridge.openSocket });
    expect(outcome).toEqual({
      ok: false,
      error: { code: 'wrongPairingCode', messageJa: 'ペアリングコードが違います。あと4回試せます。', messageEn: 'The pairing code is wrong. 4 more tries.', attemptsLeft: 4 },
    });
  });

  it('refuses a code that is not 6 digits without opening a socket', async () => {
    const bridge = createFakeBridge();
    const outcome = await pairWithBridge({ code: '12345', port: 47321, openSocket: bridge.openSocket });
    expect(outcome.ok ? null : outcome.error.code).toBe('invalidCode');
    expect(bridge.connectionsOpened()).toBe(0);
  });

  it('reports a bridge that is not running, and a locked pairing with its wait', async () => {
    const down = createFakeBridge({ unreachable: true });
    const unreachable = await pairWithBridge({ code: FAKE_PAIRING_CODE, port: 47321, openSocket: down.openSocket });
    expect(unreachable.ok ? null : unreachable.error.code).toBe('unreachable');
    const locked = createFakeBridge();
    locked.failNext('pair', 'pairingLocked');
    const outcome = await pairWithBridge({ code: FAKE_PAIRING_CODE, port: 47321, openSocket: locked.openSocket });
    expect(outcome.ok ? null : outcome.error.code).toBe('pairingLocked');
  });
});

describe('the stored pairing', () => {
  it('round-trips, is revoked by forgetting the token, and counts unreadable storage as unpaired', () => {
    const storage = memoryStorage();
    expect(loadBridgePairing(storage)).toEqual(UNPAIRED);
    const pairing = { port: 47400, token: FAKE_TOKEN, pairedAt: '2026-11-25T02:00:00.000Z' };
    saveBridgePairing(storage, pairing);
    expect(loadBridgePairing(storage)).toEqual(pairing);
    expect(bridgeSettingsOf(pairing)).toEqual({ port: 47400, token: FAKE_TOKEN });
    expect(forgetBridgePairing(storage, 47400)).toEqual({ port: 47400, token: null, pairedAt: null });
    expect(loadBridgePairing(storage)).toEqual({ port: 47400, token: null, pairedAt: null });
    storage.items.set(BRIDGE_PAIRING_STORAGE_KEY, '{"port":1,"token":"x"}');
    expect(loadBridgePairing(storage)).toEqual(UNPAIRED);
    storage.items.set(BRIDGE_PAIRING_STORAGE_KEY, 'not json');
    expect(loadBridgePairing(storage)).toEqual(UNPAIRED);
    expect(loadBridgePairing(undefined)).toEqual(UNPAIRED);
  });
});
