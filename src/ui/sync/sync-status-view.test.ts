import { describe, expect, it } from 'vitest';
import { INITIAL_SYNC_ENGINE_STATE } from '../../sync/sync-engine.ts';
import type { SyncStatusState } from '../../sync/sync-scheduler.ts';
import { syncStatusView } from './sync-status-view.ts';

const base: SyncStatusState = { ...INITIAL_SYNC_ENGINE_STATE, leader: true };

describe('sync status view', () => {
  it('shows the last sync in Japan time: the clock today, with the date on an earlier day', () => {
    // 2025-09-01T15:30Z is 2025-09-02 00:30 in Japan.
    expect(syncStatusView({ ...base, lastSyncAt: '2025-09-01T15:30:00.000Z' }, '2025-09-02').lastSyncLabel).toBe('00:30');
    expect(syncStatusView({ ...base, lastSyncAt: '2025-09-01T14:30:00.000Z' }, '2025-09-02').lastSyncLabel).toBe('9/1 23:30');
    expect(syncStatusView(base, '2025-09-02').lastSyncLabel).toBeUndefined();
  });

  it('turns first-sync progress into a percentage, rounded down, and shows none otherwise', () => {
    expect(syncStatusView({ ...base, progress: { applied: 500, total: 1_500 } }, '2025-09-02').progressPercent).toBe(33);
    expect(syncStatusView({ ...base, progress: { applied: 0, total: 0 } }, '2025-09-02').progressPercent).toBe(100);
    expect(syncStatusView(base, '2025-09-02').progressPercent).toBeUndefined();
  });

  it('says what to do for each rejected mutation, by its name, with the server reason', () => {
    const view = syncStatusView(
      {
        ...base,
        rejected: [
          { seq: 3, name: 'personViewed', code: 'personNotServed', message: '担当外の利用者です。' },
          { seq: 4, name: 'noticeAcknowledged', code: 'noticeUnknown', message: 'お知らせが見つかりません。' },
          { seq: 5, name: 'somethingNewer', code: 'x', message: '理由' },
          { seq: 6, name: 'paperRecordEntered', code: 'paperInsurerOnPlatform', message: 'この保険者は入力した日にはプラットフォームに参加済みです。' },
        ],
      },
      '2025-09-02',
    );
    expect(view.rejected).toEqual([
      { seq: 3, adviceKey: 'syncRejectedPersonViewed', reason: '担当外の利用者です。' },
      { seq: 4, adviceKey: 'syncRejectedNoticeAcknowledged', reason: 'お知らせが見つかりません。' },
      { seq: 5, adviceKey: 'syncRejectedOther', reason: '理由' },
      { seq: 6, adviceKey: 'syncRejectedPaperRecordEntered', reason: 'この保険者は入力した日にはプラットフォームに参加済みです。' },
    ]);
  });
});
