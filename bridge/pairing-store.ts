/**
 * Where the bridge remembers which origins are paired. Only a SHA-256 hash of each token is kept, so the
 * file cannot be replayed as a credential. Two implementations: `createFilePairingStore` (a JSON file in the
 * user's config directory) and `createMemoryPairingStore` (tests).
 */
import { z } from 'zod';

export const PairingRecord = z.object({
  origin: z.string().min(1).max(300),
  /** SHA-256 of the token, lower-case hex. */
  tokenHash: z.string().regex(/^[0-9a-f]{64}$/),
  /** ISO 8601 UTC. */
  createdAt: z.string().min(1),
});
export type PairingRecord = z.infer<typeof PairingRecord>;

export const PairingFile = z.object({ version: z.literal(1), pairings: z.array(PairingRecord) });
export type PairingFile = z.infer<typeof PairingFile>;

/** Tokens kept per origin (several browsers or profiles on one PC); the oldest goes first. */
export const MAX_TOKENS_PER_ORIGIN = 8;

export interface PairingStore {
  list(): Promise<PairingRecord[]>;
  /** Adds a pairing, dropping the oldest ones of that origin beyond `MAX_TOKENS_PER_ORIGIN`. */
  add(record: PairingRecord): Promise<void>;
  /** Removes every pairing of `origin`; resolves with how many were removed. */
  removeOrigin(origin: string): Promise<number>;
}

/** The list after adding `record` (pure: shared by both implementations). */
export function withPairing(pairings: readonly PairingRecord[], record: PairingRecord): PairingRecord[] {
  const same = pairings.filter((p) => p.origin === record.origin);
  const keep = same.slice(Math.max(0, same.length - (MAX_TOKENS_PER_ORIGIN - 1)));
  return [...pairings.filter((p) => p.origin !== record.origin || keep.includes(p)), record];
}

export function createMemoryPairingStore(initial: readonly PairingRecord[] = []): PairingStore {
  let pairings = [...initial];
  return {
    async list() {
      return [...pairings];
    },
    async add(record) {
      pairings = withPairing(pairings, PairingRecord.parse(record));
    },
    async removeOrigin(origin) {
      const before = pairings.length;
      pairings = pairings.filter((p) => p.origin !== origin);
      return before - pairings.length;
    },
  };
}
