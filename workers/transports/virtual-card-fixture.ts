/**
 * A synthetic card holder and shared keys for tests that need a virtual My Number card. Key generation
 * takes a few hundred milliseconds, so the keys are made once per test process.
 */
import { guardTransport, type GuardedTransport } from '../apdu/apdu-policy.ts';
import { bytesToHex } from '../apdu/hex.ts';
import { createVirtualCard, type VirtualCard, type VirtualCardConfig } from './virtual-card.ts';
import { createVirtualCardKeys, type VirtualCardKeys } from './virtual-card-keys.ts';

export const TEST_CARD_HOLDER = {
  name: '試験 太郎',
  address: '東京都見本区見本町一丁目1番1号',
  birthDate: '1950-01-02',
  sex: 'male',
  authPin: '4321',
  cardInfoPin: '8765',
} as const;

let keys: Promise<VirtualCardKeys> | null = null;

export function testCardKeys(): Promise<VirtualCardKeys> {
  keys ??= createVirtualCardKeys({ cardLabel: 'test' });
  return keys;
}

export async function createTestCard(overrides: Partial<VirtualCardConfig> = {}): Promise<VirtualCard> {
  return createVirtualCard({ ...TEST_CARD_HOLDER, keys: await testCardKeys(), ...overrides });
}

/** A card wired straight to a policy-guarded transport, with every response kept for inspection. */
export function wireTestCard(card: VirtualCard): { transport: GuardedTransport; responses: Uint8Array[]; log: () => string[] } {
  const responses: Uint8Array[] = [];
  const transport = guardTransport({
    async transmit(apdu) {
      const response = card.transmit(apdu);
      responses.push(response);
      return response;
    },
  });
  return { transport, responses, log: () => card.apduLog.map(bytesToHex) };
}
