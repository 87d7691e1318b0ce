/**
 * The notices held on this device and 「確認しました」, without Solid or the DOM. Acknowledging writes the
 * `noticeAcknowledged` mutation and the local acknowledgement in one transaction (LocalStore.enqueueMutation),
 * so it works offline and survives a reload; the sync pushes it later and the pulled acknowledgement replaces
 * the local one. The state changes only once the write has succeeded: a full disk shows an error and leaves the
 * notice unacknowledged, never a tick that was not stored.
 */
import { DataError, storageError } from '../../data/data-error.ts';
import type { LocalStore } from '../../data/local-store.ts';
import { noticeAcknowledgementNaturalKey, type StoredNoticeAcknowledgement } from '../../data/stored-rows.ts';
import type { Notice } from '../../protocol/notices.ts';

export interface NoticesState {
  readonly phase: 'loading' | 'ready';
  readonly notices: readonly Notice[];
  readonly acknowledgements: readonly StoredNoticeAcknowledgement[];
  /** Stored rows that could not be read. */
  readonly skipped: number;
  /** The last read or write that failed (cleared by the next that succeeds). */
  readonly error: DataError | undefined;
  /** Event ids being acknowledged right now (their buttons wait). */
  readonly acknowledging: readonly number[];
}

export interface NoticesControllerDeps {
  readonly store: Pick<LocalStore, 'readNotices' | 'enqueueMutation'>;
  readonly now: () => Date;
  /** Who acknowledges, and for which office; undefined when no staff member is known (nothing to acknowledge as). */
  readonly staff: { readonly staffId: string; readonly name: string } | undefined;
  readonly providerNumber: string;
  /** After an acknowledgement was queued (to schedule a push). */
  readonly onLocalWrite?: () => void;
}

export interface NoticesController {
  getState(): NoticesState;
  subscribe(listener: (state: NoticesState) => void): () => void;
  /** Reads the stored notices (after start and after each sync). Concurrent calls share one read. */
  reload(): Promise<void>;
  /** 「確認しました」: queues the acknowledgement; already acknowledged by this staff member = nothing to do. */
  acknowledge(eventId: number): Promise<void>;
}

export const INITIAL_NOTICES_STATE: NoticesState = { phase: 'loading', notices: [], acknowledgements: [], skipped: 0, error: undefined, acknowledging: [] };

export function createNoticesController(deps: NoticesControllerDeps): NoticesController {
  let state = INITIAL_NOTICES_STATE;
  const listeners = new Set<(state: NoticesState) => void>();
  let reading: Promise<void> | undefined;

  const set = (patch: Partial<NoticesState>): void => {
    state = { ...state, ...patch };
    for (const listener of listeners) listener(state);
  };

  async function read(): Promise<void> {
    try {
      const stored = await deps.store.readNotices();
      // An acknowledgement queued while this read ran is in the store too, so nothing shown is lost.
      set({ phase: 'ready', notices: stored.notices, acknowledgements: stored.acknowledgements, skipped: stored.skipped, error: undefined });
    } catch (error) {
      set({ phase: 'ready', error: error instanceof DataError ? error : storageError(error) });
    }
  }

  return {
    getState: () => state,

    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    reload() {
      reading ??= read().finally(() => {
        reading = undefined;
      });
      return reading;
    },

    async acknowledge(eventId) {
      const staff = deps.staff;
      if (!staff || state.acknowledging.includes(eventId)) return;
      if (state.acknowledgements.some((a) => a.eventId === eventId && a.staffId === staff.staffId)) return;
      const local: StoredNoticeAcknowledgement = {
        ackSeq: null,
        eventId,
        providerNumber: deps.providerNumber,
        staffId: staff.staffId,
        staffName: staff.name,
        acknowledgedAt: deps.now().toISOString(),
      };
      set({ acknowledging: [...state.acknowledging, eventId] });
      try {
        await deps.store.enqueueMutation('noticeAcknowledged', 1, staff.staffId, { eventId, acknowledgedAt: local.acknowledgedAt }, {
          puts: [{ kind: 'noticeAcknowledgement', naturalKey: noticeAcknowledgementNaturalKey(local), value: local }],
        });
        set({ acknowledgements: [...state.acknowledgements.filter((a) => !(a.eventId === eventId && a.staffId === staff.staffId)), local], error: undefined });
        deps.onLocalWrite?.();
      } catch (error) {
        set({ error: error instanceof DataError ? error : storageError(error) });
      } finally {
        set({ acknowledging: state.acknowledging.filter((id) => id !== eventId) });
      }
    },
  };
}
