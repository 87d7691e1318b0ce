/**
 * What the header's sync status shows, from the scheduler's state, without Solid: the last sync time in Japan
 * time, the outbox count, the progress of a first sync as a percentage, and for each rejected mutation what
 * the user should do.
 */
import type { RejectedMutation } from '../../data/stored-rows.ts';
import type { SyncStatusState } from '../../sync/sync-scheduler.ts';
import { fetchedAtLabel } from '../format/tokyo-time.ts';
import type { MessageKey } from '../i18n/translate.ts';

export interface RejectedView {
  readonly seq: number;
  /** What it was and what to do, by mutation name. */
  readonly adviceKey: MessageKey;
  /** The server's reason, in Japanese as it sent it. */
  readonly reason: string;
}

export interface SyncStatusView {
  /** HH:MM today, M/D HH:MM earlier (Japan time); undefined before the first sync. */
  readonly lastSyncLabel: string | undefined;
  readonly pending: number;
  /** 0–100 during a first sync. */
  readonly progressPercent: number | undefined;
  readonly rejected: readonly RejectedView[];
}

const ADVICE: Record<string, MessageKey> = {
  personViewed: 'syncRejectedPersonViewed',
  noticeAcknowledged: 'syncRejectedNoticeAcknowledged',
  paperRecordEntered: 'syncRejectedPaperRecordEntered',
};

function rejectedView(rejected: RejectedMutation): RejectedView {
  return { seq: rejected.seq, adviceKey: ADVICE[rejected.name] ?? 'syncRejectedOther', reason: rejected.message };
}

/** @param today the date in Japan (YYYY-MM-DD), as the header's clock reads it. */
export function syncStatusView(state: SyncStatusState, today: string): SyncStatusView {
  const progress = state.progress;
  return {
    lastSyncLabel: state.lastSyncAt ? fetchedAtLabel(state.lastSyncAt, today) : undefined,
    pending: state.pending,
    progressPercent: progress && progress.total > 0 ? Math.min(100, Math.floor((progress.applied / progress.total) * 100)) : progress ? 100 : undefined,
    rejected: state.rejected.map(rejectedView),
  };
}
