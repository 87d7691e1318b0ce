/**
 * The workspace's notices, reactive and owned: the controller's state as a signal, the notices as the screens
 * list them (names from the people on the device), the per-person unacknowledged counts for the list's badges
 * and filter, and the header's total. Read from the store once the workspace starts and again after every
 * sync run (`reload`); an acknowledgement updates the state as soon as its outbox write succeeds.
 */
import { createMemo, createSignal, onCleanup, type Accessor } from 'solid-js';
import type { DataError } from '../../data/data-error.ts';
import type { LocalStore } from '../../data/local-store.ts';
import { insuredKey } from '../../domain/identifiers.ts';
import type { InsuredRecord } from '../../domain/insured.ts';
import type { ProviderKind } from '../../domain/organisations.ts';
import type { SignedInStaff } from '../../protocol/auth.ts';
import { createNoticesController, type NoticesState } from './notices-controller.ts';
import { buildNoticeItems, totalUnacknowledged, unacknowledgedCounts, type NoticeItem } from './notice-view.ts';

/**
 * Whether this staff member's 「確認しました」 would be accepted: the server applies `noticeAcknowledged` for any
 * role, from staff acting for the device's own office (server/sync/apply-push.ts, `staffActing`); anything
 * else would sit in the outbox until rejected, so the button is not offered.
 */
export function mayAcknowledgeNotices(staff: Pick<SignedInStaff, 'providerNumber'> | undefined, officeProviderNumber: string): boolean {
  return staff !== undefined && staff.providerNumber === officeProviderNumber;
}

/**
 * Whether the per-provider 確認済み/未確認 table is shown: the server sends every provider serving the person
 * only to a care manager of a care-management office (server/auth/access-rules.ts, `followsCareNetwork`).
 */
export function showsCareNetwork(staff: Pick<SignedInStaff, 'role'> | undefined, providerKind: ProviderKind): boolean {
  return staff?.role === 'careManager' && providerKind === 'careManagementOffice';
}

/** The notices about one person. */
export function noticesOfPerson(items: readonly NoticeItem[], insurerNumber: string, insuredNumber: string): NoticeItem[] {
  return items.filter((item) => item.insurerNumber === insurerNumber && item.insuredNumber === insuredNumber);
}

/** Names by insuredKey, for the notices' person links. */
export function namesOfPeople(people: readonly InsuredRecord[]): Map<string, string> {
  return new Map(people.map((p) => [insuredKey(p.insurerNumber, p.insuredNumber), p.identity.name]));
}

/**
 * Cards shown per group before 「さらに表示」: an office can hold hundreds of notices, and a card per notice (with
 * its provider table) for all of them makes the screen slow to open on a tablet and long to scroll.
 */
export const NOTICES_PAGE_SIZE = 20;

/** What NoticesScreen and PersonNotices render. */
export interface NoticesViewProps {
  items: readonly NoticeItem[];
  loading: boolean;
  error: DataError | undefined;
  skipped: number;
  canAcknowledge: boolean;
  acknowledging: readonly number[];
  showProviders: boolean;
  onAcknowledge: (eventId: number) => void;
}

export interface CreateNoticesDeps {
  readonly store: Pick<LocalStore, 'readNotices' | 'enqueueMutation'>;
  readonly now: () => Date;
  readonly staff: SignedInStaff | undefined;
  readonly office: { readonly providerNumber: string; readonly kind: ProviderKind };
  readonly people: Accessor<readonly InsuredRecord[]>;
  /** After an acknowledgement was queued (schedules the push). */
  readonly onLocalWrite: () => void;
}

export interface Notices {
  readonly state: Accessor<NoticesState>;
  readonly items: Accessor<readonly NoticeItem[]>;
  /** Unacknowledged by this staff member, per insuredKey (absent = none). */
  readonly counts: Accessor<ReadonlyMap<string, number>>;
  readonly total: Accessor<number>;
  readonly canAcknowledge: boolean;
  readonly showProviders: boolean;
  reload(): Promise<void>;
  acknowledge(eventId: number): Promise<void>;
  /** Props for NoticesScreen/PersonNotices (reactive getters); `pick` narrows the items (e.g. one person's). */
  viewProps(pick?: (items: readonly NoticeItem[]) => readonly NoticeItem[]): NoticesViewProps;
}

export function createNotices(deps: CreateNoticesDeps): Notices {
  const canAcknowledge = mayAcknowledgeNotices(deps.staff, deps.office.providerNumber);
  const controller = createNoticesController({
    store: deps.store,
    now: deps.now,
    staff: canAcknowledge && deps.staff ? { staffId: deps.staff.staffId, name: deps.staff.name } : undefined,
    providerNumber: deps.office.providerNumber,
    onLocalWrite: deps.onLocalWrite,
  });
  const [state, setState] = createSignal(controller.getState());
  onCleanup(controller.subscribe(setState));
  // Without a staff member every notice counts as unacknowledged: nobody on this device has seen it yet.
  const staffId = deps.staff?.staffId ?? '';
  const names = createMemo(() => namesOfPeople(deps.people()));
  const items = createMemo(() => buildNoticeItems(state().notices, state().acknowledgements, staffId, { names: names() }));
  const counts = createMemo(() => unacknowledgedCounts(state().notices, state().acknowledgements, staffId));
  const total = createMemo(() => totalUnacknowledged(counts()));
  return {
    state,
    items,
    counts,
    total,
    canAcknowledge,
    showProviders: showsCareNetwork(deps.staff, deps.office.kind),
    reload: () => controller.reload(),
    acknowledge: (eventId) => controller.acknowledge(eventId),
    viewProps: (pick = (all) => all) => ({
      get items() {
        return pick(items());
      },
      get loading() {
        return state().phase === 'loading';
      },
      get error() {
        return state().error;
      },
      get skipped() {
        return state().skipped;
      },
      get acknowledging() {
        return state().acknowledging;
      },
      canAcknowledge,
      showProviders: showsCareNetwork(deps.staff, deps.office.kind),
      onAcknowledge: (eventId: number) => void controller.acknowledge(eventId),
    }),
  };
}
