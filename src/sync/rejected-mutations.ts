/**
 * The refused mutations kept for the user (with the server's Japanese reason), from a push answer: the page's
 * push and the service worker's courier record them the same way, keyed by seq, the newest kept.
 */
import type { RejectedMutation } from '../data/stored-rows.ts';
import type { MutationResult } from '../protocol/sync.ts';

/** Rejected mutations kept for the user (the newest). */
export const REJECTED_KEPT = 50;

const FALLBACK_MESSAGE = 'サーバーがこの記録を受け付けませんでした。';

/** The refusals among `results`; `names` gives each seq's mutation name ('' when unknown). */
export function rejectedFromResults(names: ReadonlyMap<number, string>, results: readonly MutationResult[]): RejectedMutation[] {
  return results
    .filter((r) => r.status === 'rejected')
    .map((r) => ({ seq: r.seq, name: names.get(r.seq) ?? '', code: r.reason?.code ?? 'rejected', message: r.reason?.message ?? FALLBACK_MESSAGE }));
}

/** `kept` and `fresh` together, one per seq (a replayed refusal shows once), oldest first, at most REJECTED_KEPT. */
export function mergeRejected(kept: readonly RejectedMutation[], fresh: readonly RejectedMutation[]): RejectedMutation[] {
  const bySeq = new Map([...kept, ...fresh].map((r) => [r.seq, r]));
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq).slice(-REJECTED_KEPT);
}
