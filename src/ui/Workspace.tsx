/**
 * The signed-in workspace: the office's people list and the person screen, over the encrypted device store
 * opened with the session's vault. Mounted only while unlocked, so locking drops every decrypted record
 * from memory. State lives in the office controller (src/app); this component mirrors it and renders.
 * Opening a person's record is audit-logged on the device (also offline) and uploaded when signed in online.
 */
import { createEffect, createMemo, createSignal, Match, on, onCleanup, onMount, Show, Switch, untrack, type JSX } from 'solid-js';
import { createOfficeController } from '../app/office-controller.ts';
import type { ApiFetch } from '../auth/api-fetch.ts';
import type { AuthApi } from '../auth/auth-api.ts';
import { uploadDeviceAudit } from '../auth/upload-device-audit.ts';
import { browserSyncSchedulerEnv } from '../sync/browser-sync-env.ts';
import { deliverOutbox, PUSH_LOCK_NAME } from '../sync/courier-delivery.ts';
import { SYNC_TAG } from '../../sw/sw-messages.ts';
import { createSyncEngine } from '../sync/sync-engine.ts';
import { createSyncScheduler } from '../sync/sync-scheduler.ts';
import { SyncStatus } from './sync/SyncStatus.tsx';
import { createAdminApi } from '../data/admin-api.ts';
import { DataError, storageError } from '../data/data-error.ts';
import { createDexieLocalStore } from '../data/dexie-local-store.ts';
import { requestPersistentStorage, type PersistenceState } from '../data/persist-storage.ts';
import { createPlatformApi } from '../data/platform-api.ts';
import type { TsunagiDb } from '../data/tsunagi-db.ts';
import type { Provider } from '../domain/organisations.ts';
import type { BrowserEnv } from '../env/browser-env.ts';
import type { SignedInStaff } from '../protocol/auth.ts';
import type { Vault } from '../security/vault.ts';
import { AdminScreen } from './admin/AdminScreen.tsx';
import { AppHeader } from './AppHeader.tsx';
import { ReaderScreen } from './reader/ReaderScreen.tsx';
import { SettingsScreen } from './settings/SettingsScreen.tsx';
import { tokyoDate } from './format/tokyo-time.ts';
import { Bi, t } from './i18n/Bi.tsx';
import { PeopleScreen } from './people/PeopleScreen.tsx';
import { createNotices, noticesOfPerson } from './notices/create-notices.ts';
import { NoticesNavLink } from './notices/NoticesNavLink.tsx';
import { NoticesScreen } from './notices/NoticesScreen.tsx';
import { PersonNotices } from './notices/PersonNotices.tsx';
import { parsePersonRoute, personHash } from './person/person-route.ts';
import { PersonScreen } from './person/PersonScreen.tsx';
import type { InsuredRecordContent } from '../domain/insured.ts';
import { mayEnterPaperRecords } from '../domain/paper-entry.ts';
import { PaperEntryScreen } from './paper/PaperEntryScreen.tsx';
import { paperEditHash, parsePaperRoute } from './paper/paper-route.ts';
import { savePaperEntry } from './paper/save-paper-entry.ts';
import { DataErrorAlert } from './DataErrorAlert.tsx';

/** How often the clock (today's date for burden ratios, "last fetched") is re-read. */
const CLOCK_TICK_MS = 60_000;


/** Asks the service worker to wake the app for a sync when the connection returns (Chromium's Background Sync). */
function registerBackgroundSync(): void {
  if (typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return;
  void navigator.serviceWorker.ready
    .then((registration) => (registration as ServiceWorkerRegistration & { sync?: { register(tag: string): Promise<void> } }).sync?.register(SYNC_TAG))
    .catch(() => undefined);
}

/** One push of this device at a time, across tabs and the service worker's courier. */
function pushExclusively<T>(work: () => Promise<T>): Promise<T> {
  if (typeof navigator === 'undefined' || !('locks' in navigator)) return work();
  return new Promise<T>((resolve, reject) => {
    navigator.locks.request(PUSH_LOCK_NAME, () => work().then(resolve, reject)).catch(reject);
  });
}

export interface WorkspaceProps {
  env: BrowserEnv;
  db: TsunagiDb;
  vault: Vault;
  provider: Provider;
  staff: SignedInStaff | undefined;
  /** Present after an online sign-in. */
  signedInOnline: boolean;
  apiFetch: ApiFetch;
  authApi: AuthApi;
  /** The header's session controls (who, lock, sign out). */
  header: (counts: { unsentAudit: number }) => JSX.Element;
  /** This device's name and enrollment expiry (for 設定). */
  device: { name: string; credentialExpiresAt: string | undefined } | undefined;
  idleLockMinutes: number;
  /** Registers what to do when another tab's newer version closes the database. */
  onDatabaseClosed: (handler: () => void) => void;
  /** Registers what to do when the service worker's Background Sync wakes the page. */
  onSyncRequested: (handler: () => void) => void;
}

export function Workspace(props: WorkspaceProps): JSX.Element {
  const env = props.env;
  const db = props.db;
  const store = createDexieLocalStore(db, props.vault, { now: () => env.now() });
  const fetchApi: typeof fetch = (input, init) => props.apiFetch(String(input), init);
  const platformApi = createPlatformApi(fetchApi);
  // The sync engine keeps the store up to date (push the outbox, pull the office's changes); one tab leads.
  // The leader applies each page it stored to the list on screen (no re-reading and decrypting everyone).
  const scheduler = createSyncScheduler({
    engine: (onState) =>
      createSyncEngine({
        store,
        apiFetch: props.apiFetch,
        now: () => env.now(),
        onState,
        onPulled: (changes, page) => controller.applyPulled(changes, page),
        exclusive: pushExclusively,
        onRemovedLocally: (changes) => controller.applyPulled(changes),
        ...(props.signedInOnline ? {} : { deliverWithoutSession: () => deliverOutbox({ db, fetch: (path, init) => env.fetch(path, init), now: () => env.now() }) }),
      }),
    env: browserSyncSchedulerEnv(),
  });
  const controller = createOfficeController({ store, api: platformApi, now: () => env.now(), syncNow: () => scheduler.requestSync() });
  props.onDatabaseClosed(() => controller.markDatabaseClosed());
  props.onSyncRequested(() => scheduler.requestSync());
  const adminApi = createAdminApi(props.apiFetch);
  const [syncState, setSyncState] = createSignal(scheduler.getState());
  let lastSeenSync = syncState().lastSyncAt;
  onCleanup(
    scheduler.subscribe((next) => {
      setSyncState(next);
      // A finished run brought the store up to date. The leader's pages are on screen already (onPulled); a
      // follower tab did not run it, so it reads the store back.
      if (!next.running && next.lastSyncAt !== lastSeenSync) {
        lastSeenSync = next.lastSyncAt;
        if (!next.leader) void controller.reloadStored();
      }
    }),
  );
  // Reads recorded before the outbox existed go up through the audit upload once.
  const uploadLegacyAudit = async (): Promise<void> => {
    if (!props.signedInOnline) return;
    await uploadDeviceAudit(store, props.authApi).catch(() => undefined);
  };

  const [state, setState] = createSignal(controller.getState());
  onCleanup(controller.subscribe(setState));

  // Change notices (お知らせ): read from the store at start and after every sync run, in leader and follower
  // tabs alike (a run may have stored notices and acknowledgements); 「確認しました」 goes through the outbox.
  const notices = createNotices({
    store,
    now: () => env.now(),
    staff: props.staff,
    office: props.provider,
    people: () => state().people,
    onLocalWrite: () => {
      scheduler.noteLocalWrite();
      registerBackgroundSync();
    },
  });
  let syncWasRunning = syncState().running;
  onCleanup(
    scheduler.subscribe((next) => {
      if (syncWasRunning && !next.running) void notices.reload();
      syncWasRunning = next.running;
    }),
  );

  const [networkUp, setNetworkUp] = createSignal(env.isOnline());
  onCleanup(
    env.onConnectivityChange((online) => {
      setNetworkUp(online);
      if (online) scheduler.requestSync();
    }),
  );

  const [now, setNow] = createSignal(env.now());
  const clock = setInterval(() => setNow(env.now()), CLOCK_TICK_MS);
  onCleanup(() => clearInterval(clock));
  const today = createMemo(() => tokyoDate(now()));


  // The person screen's hash route: reload and the back button keep working offline.
  const [hash, setHash] = createSignal(window.location.hash);
  let openedFromList = false;
  const onHashChange = (): void => {
    const wasPerson = parsePersonRoute(hash()) !== null;
    const isPerson = parsePersonRoute(window.location.hash) !== null;
    openedFromList = isPerson && !wasPerson;
    setHash(window.location.hash);
    // Back on the list, focus returns to the main area (not the search box: that would raise the keyboard).
    if (wasPerson && !isPerson) document.getElementById('main')?.focus();
  };
  window.addEventListener('hashchange', onHashChange);
  onCleanup(() => window.removeEventListener('hashchange', onHashChange));
  const personRoute = createMemo(() => parsePersonRoute(hash()));
  const adminOpen = createMemo(() => hash() === '#/admin' && props.staff?.role === 'admin' && props.signedInOnline);
  const settingsOpen = createMemo(() => hash() === '#/settings');
  const readerOpen = createMemo(() => hash() === '#/reader');
  // 紙から転記 (paper fallback): only for roles that may enter paper cards; the server refuses others too.
  const paperAllowed = (): boolean => props.staff !== undefined && mayEnterPaperRecords(props.staff.role);
  const paperRoute = createMemo(() => (paperAllowed() ? parsePaperRoute(hash()) : null));
  const paperEditing = createMemo(() => {
    const route = paperRoute();
    if (route?.kind !== 'edit') return undefined;
    return state().people.find((p) => p.insurerNumber === route.insurerNumber && p.insuredNumber === route.insuredNumber);
  });
  let paperOpenedFrom: string | undefined;
  createEffect(
    on(hash, (next, previous) => {
      if (parsePaperRoute(next) && !parsePaperRoute(previous ?? '')) paperOpenedFrom = previous;
    }),
  );
  const leavePaper = (to: string): void => {
    // Back to the screen it was opened from: step back, so the browser's back stays in step; else replace it.
    if (paperOpenedFrom === to) window.history.back();
    else window.location.replace(to);
  };
  const personPaperEditHash = (): string | undefined => {
    const route = personRoute();
    return route && paperAllowed() ? paperEditHash(route) : undefined;
  };
  // The entry and the person's record go into the store in one transaction; the person is on the list at once.
  const savePaper = async (content: InsuredRecordContent, replacesVersion: number | null): Promise<void> => {
    const staff = props.staff;
    if (!staff) return;
    const deps = { store, providerNumber: props.provider.providerNumber, staff, now: () => env.now(), newEntryId: () => crypto.randomUUID() };
    const record = await savePaperEntry(deps, content, replacesVersion);
    controller.applyLocal([record]);
    scheduler.noteLocalWrite();
    registerBackgroundSync();
    leavePaper(personHash(record));
  };
  const noticesOpen = createMemo(() => hash() === '#/notices');
  const otherScreenOpen = createMemo(
    () => noticesOpen() || readerOpen() || settingsOpen() || adminOpen() || personRoute() !== null || paperRoute() !== null,
  );
  const person = createMemo(() => {
    const route = personRoute();
    if (!route) return undefined;
    return state().people.find((p) => p.insurerNumber === route.insurerNumber && p.insuredNumber === route.insuredNumber);
  });
  const insurerName = (): string | undefined => state().insurers.find((i) => i.insurerNumber === personRoute()?.insurerNumber)?.name;
  const backToList = (): void => {
    // Opened from the list: step back in history so the browser's back stays in step; opened directly
    // (a reload, a bookmark): replace the entry with the list.
    if (openedFromList) window.history.back();
    else window.location.replace('#/');
  };

  // Every opening of a person's record on this device is an audit entry: a `personViewed` mutation in the
  // outbox (sealed, in one strict transaction), pushed with the next sync — offline too, later.
  // Keyed on who is open, not on the record object: a sync that reloads the list must not count a new view.
  const openedKey = createMemo(() => {
    const p = person();
    return p ? `${p.insurerNumber}/${p.insuredNumber}` : undefined;
  });
  const [writeError, setWriteError] = createSignal<DataError>();
  createEffect(
    on(openedKey, (key) => {
      const opened = person();
      if (!key || !opened) return;
      const args = { entryId: crypto.randomUUID(), occurredAt: env.now().toISOString(), insurerNumber: opened.insurerNumber, insuredNumber: opened.insuredNumber };
      const staffId = props.staff?.staffId;
      const written = staffId
        ? store.enqueueMutation('personViewed', 1, staffId, args)
        : store.recordAudit([{ ...args, action: 'person.view' }]);
      written.then(
        () => {
          setWriteError(undefined);
          scheduler.noteLocalWrite();
          registerBackgroundSync();
        },
        // Nothing half-written (one transaction); the person still sees why (e.g. storage full).
        (error: unknown) => setWriteError(error instanceof DataError ? error : storageError(error)),
      );
    }),
  );

  const [persistence, setPersistence] = createSignal<PersistenceState>('persisted');

  onMount(() => {
    // Just unlocked: focus moves from the sign-in form (now gone) to the main area.
    document.getElementById('main')?.focus();
    void (async () => {
      await store.writeSetting('officeProviderNumber', props.provider.providerNumber);
      await controller.start();
      await notices.reload();
      scheduler.start();
      await uploadLegacyAudit();
    })();
    void requestPersistentStorage(env.storage, store, () => env.now()).then(setPersistence);
  });

  onCleanup(() => scheduler.stop());
  const online = (): boolean => networkUp() && state().serverReachable && syncState().error?.code !== 'network';
  const officeName = (): string | undefined => state().office?.name ?? state().officeNumber;

  return (
    <div class="app">
      <a class="skip-link" href="#main">
        {t('skipToList')}
      </a>
      <AppHeader
        officeName={officeName()}
        online={online()}
        sync={
          <>
            <NoticesNavLink count={notices.total()} />
            <SyncStatus state={syncState()} today={today()} onSyncNow={() => scheduler.requestSync()} onDismissRejected={() => scheduler.dismissRejected()} />
          </>
        }
        session={props.header({ unsentAudit: syncState().pending })}
      />
      <main id="main" class="main" tabindex="-1">
        <DataErrorAlert error={writeError()} testid="write-error" />

        <Switch>
          <Match when={state().phase === 'starting' || state().phase === 'choosingOffice'}>
            <p class="state-message" role="status">
              <Bi k="loading" />
            </p>
          </Match>
          <Match when={state().phase === 'ready'}>
            <Show when={noticesOpen()}>
              <NoticesScreen {...notices.viewProps()} onBack={() => window.location.replace('#/')} />
            </Show>
            <Show when={readerOpen()}>
              <ReaderScreen onBack={() => window.location.replace('#/')} />
            </Show>
            <Show when={settingsOpen()}>
              <SettingsScreen
                deviceName={props.device?.name}
                officeName={props.provider.name}
                credentialExpiresAt={props.device?.credentialExpiresAt}
                idleLockMinutes={props.idleLockMinutes}
                persistence={persistence()}
                estimate={async () => (typeof navigator !== 'undefined' && navigator.storage?.estimate ? navigator.storage.estimate() : undefined)}
                onBack={() => window.location.replace('#/')}
              />
            </Show>
            <Show when={adminOpen()}>
              <AdminScreen api={adminApi} today={today()} currentStaffId={props.staff?.staffId ?? ''} onClose={() => window.location.replace('#/')} />
            </Show>
            <Show when={paperRoute()} keyed>
              {(route) => {
                // What is corrected is the version on screen when the form opened: a sync meanwhile must not
                // move `replacesVersion` under the user (the server refuses a stale correction instead).
                const editing = untrack(paperEditing);
                return (
                  <PaperEntryScreen
                    editing={editing}
                    notEditable={route.kind === 'edit' && editing?.source.kind !== 'paper'}
                    insurers={state().insurers}
                    today={today()}
                    staffName={props.staff?.name ?? ''}
                    onSave={savePaper}
                    onCancel={() => leavePaper(route.kind === 'edit' ? personHash(route) : '#/')}
                  />
                );
              }}
            </Show>
            <Show when={personRoute()}>
              <PersonScreen
                record={person()}
                insurerName={insurerName()}
                fetchedAt={syncState().lastSyncAt ?? state().fetchInfo?.fetchedAt}
                today={today()}
                areaGrade={props.provider.areaGrade}
                documents={
                  props.staff?.role === 'careManager' && personRoute()
                    ? {
                        online: props.signedInOnline && online(),
                        load: async () => {
                          const route = personRoute();
                          if (!route) return null;
                          return (await platformApi.getPerson(props.provider.providerNumber, route.insurerNumber, route.insuredNumber)).documents;
                        },
                      }
                    : undefined
                }
                notices={
                  <PersonNotices
                    {...notices.viewProps((items) => {
                      const route = personRoute();
                      return route ? noticesOfPerson(items, route.insurerNumber, route.insuredNumber) : [];
                    })}
                  />
                }
                paperEditHash={personPaperEditHash()}
                onBack={backToList}
              />
            </Show>
            {/* The list stays mounted under every other screen so its search, filters and scroll survive the visit. */}
            <div class="screen-slot" hidden={otherScreenOpen()}>
              <PeopleScreen
                people={state().people}
                insurers={state().insurers}
                today={today()}
                refreshing={state().refreshing}
                error={state().error}
                skippedRows={state().skippedRows}
                storageNotPersistent={persistence() === 'notPersisted'}
                paperEntry={paperAllowed()}
                noticeCounts={notices.counts()}
              />
            </div>
          </Match>
        </Switch>
      </main>
    </div>
  );
}
