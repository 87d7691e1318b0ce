/** English messages of the sync status in the header (merged into en.ts). */
import type { jaSync } from './ja-sync.ts';

export const enSync: Record<keyof typeof jaSync, string> = {
  syncStatusLabel: 'Sync status',
  syncLastAt: 'Last synced {time}',
  syncNever: 'Not synced yet',
  syncPending: '{count} waiting to send',
  syncNoPending: 'Nothing waiting to send',
  syncNow: 'Sync now',
  syncing: 'Syncing…',
  syncProgress: 'First sync {applied} / {total} people',
  syncRejectedHeading: '{count} records the server did not accept',
  syncRejectedPersonViewed: 'A record of viewing a person. It was removed from this device. If this keeps appearing, contact your administrator.',
  syncRejectedNoticeAcknowledged: 'A notice acknowledgement. Please open the notice again and acknowledge it.',
  syncRejectedOther: 'It was removed from this device. Please contact your administrator.',
  syncRejectedReason: 'Reason from the server: {reason}',
  syncRejectedDismiss: 'Got it',
};
