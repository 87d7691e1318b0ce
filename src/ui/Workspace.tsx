/**
 * The app shell: wires the device store, the platform API and the service worker to the screens. State lives
 * in the office controller (src/app); this component only mirrors it into signals and renders.
 */
import { createMemo, createSignal, Match, onCleanup, onMount, Show, Switch, type JSX } from 'solid-js';
import { createOfficeController } from '../app/office-controller.ts';
import { registerServiceWorker } from '../app/register-service-worker.ts';
import type { UpdatePromptState } from '../app/update-prompt.ts';
import { createDexieLocalStore } from '../data/dexie-local-store.ts';
import { requestPersistentStorage, type PersistenceState } from '../data/persist-storage.ts';
import { createPlatformApi } from '../data/platform-api.ts';
import { createTsunagiDb } from '../data/tsunagi-db.ts';
import type { BrowserEnv } from '../env/browser-env.ts';
import { AppHeader } from './AppHeader.tsx';
import { tokyoDate } from './format/tokyo-time.ts';
import { Bi, t } from './i18n/Bi.tsx';
import { OfficePicker } from './OfficePicker.tsx';
import { PeopleScreen } from './people/PeopleScreen.tsx';
import { parsePersonRoute } from './person/person-route.ts';
import { PersonScreen } from './person/PersonScreen.tsx';
import { ReloadRequired } from './ReloadRequired.tsx';
import { UpdateBanner } from './UpdateBanner.tsx';

/** How often the clock (today's date for burden ratios, "last fetched") is re-read. */
const CLOCK_TICK_MS = 60_000;

export function App(props: { env: BrowserEnv }): JSX.Element {
  const env = props.env;
  const db = createTsunagiDb({ onVersionChange: () => controller.markDatabaseClosed() });
  const store = createDexieLocalStore(db);
  const controller = createOfficeController({ store, api: createPlatformApi(env.fetch), now: () => env.now() });

  const [state, setState] = createSignal(controller.getState());
  onCleanup(controller.subscribe(setState));

  const [networkUp, setNetworkUp] = createSignal(env.isOnline());
  onCleanup(
    env.onConnectivityChange((online) => {
      setNetworkUp(online);
      if (online) void controller.refresh();
    }),
  );

  const [now, setNow] = createSignal(env.now());
  const clock = setInterval(() => setNow(env.now()), CLOCK_TICK_MS);
  onCleanup(() => clearInterval(clock));
  const today = createMemo(() => tokyoDate(now()));

  const [updateState, setUpdateState] = createSignal<UpdatePromptState>('none');
  const updatePrompt = registerServiceWorker(env, {
    onUpdateState: setUpdateState,
    onSyncRequested: () => void controller.refresh(),
  });

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

  const [persistence, setPersistence] = createSignal<PersistenceState>('persisted');

  onMount(() => {
    void controller.start();
    void requestPersistentStorage(env.storage, store, () => env.now()).then(setPersistence);
  });
  onCleanup(() => db.close());

  const online = (): boolean => networkUp() && state().serverReachable;
  const officeName = (): string | undefined => state().office?.name ?? state().officeNumber;

  return (
    <div class="app">
      <a class="skip-link" href="#main">
        {t('skipToList')}
      </a>
      <UpdateBanner state={updateState()} onAccept={() => updatePrompt?.accept()} onDismiss={() => updatePrompt?.dismiss()} />
      <AppHeader
        officeName={officeName()}
        online={online()}
        fetchedAt={state().fetchInfo?.fetchedAt}
        today={today()}
        refreshing={state().refreshing}
        progress={state().progress}
        canChangeOffice={state().phase === 'ready'}
        onRefresh={() => void controller.refresh()}
        onChangeOffice={() => controller.changeOffice()}
      />
      <main id="main" class="main" tabindex="-1">
        <Switch>
          <Match when={state().phase === 'starting'}>
            <p class="state-message" role="status">
              <Bi k="loading" />
            </p>
          </Match>
          <Match when={state().phase === 'choosingOffice'}>
            <OfficePicker
              providers={state().providers}
              suggested={state().suggestedOffice}
              loading={state().refreshing}
              canCancel={state().officeNumber !== undefined}
              onChoose={(providerNumber) => void controller.chooseOffice(providerNumber)}
              onCancel={() => controller.cancelChangeOffice()}
              onRetry={() => void controller.refresh()}
            />
          </Match>
          <Match when={state().phase === 'ready'}>
            <Show when={personRoute()}>
              <PersonScreen record={person()} insurerName={insurerName()} fetchedAt={state().fetchInfo?.fetchedAt} today={today()} onBack={backToList} />
            </Show>
            {/* The list stays mounted under the person screen so its search and scroll survive the visit. */}
            <div class="screen-slot" hidden={personRoute() !== null}>
              <PeopleScreen
                people={state().people}
                insurers={state().insurers}
                today={today()}
                refreshing={state().refreshing}
                error={state().error}
                skippedRows={state().skippedRows}
                storageNotPersistent={persistence() === 'notPersisted'}
              />
            </div>
          </Match>
        </Switch>
      </main>
      <Show when={state().databaseClosed}>
        <ReloadRequired onReload={() => env.reload()} />
      </Show>
    </div>
  );
}
