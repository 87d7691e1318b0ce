/** Japanese messages of the sync status in the header (merged into ja.ts). */
export const jaSync = {
  syncStatusLabel: '同期の状態',
  syncLastAt: '最終同期 {time}',
  syncNever: '未同期',
  syncPending: '送信待ち {count}件',
  syncNoPending: '送信待ちなし',
  syncNow: '今すぐ同期',
  syncing: '同期中…',
  syncProgress: '初回同期 {applied} / {total}人',
  syncRejectedHeading: 'サーバーが受け付けなかった記録 {count}件',
  syncRejectedPersonViewed: '利用者の閲覧記録です。端末からは削除されました。同じ表示が続く場合は管理者に連絡してください。',
  syncRejectedNoticeAcknowledged: 'お知らせの確認です。お知らせをもう一度開いて確認してください。',
  syncRejectedOther: '端末からは削除されました。管理者に連絡してください。',
  syncRejectedReason: 'サーバーからの理由: {reason}',
  syncRejectedDismiss: '確認しました',
};
