/**
 * The people-list screen's state and its transitions, without Solid or the DOM: which office this device
 * works for, the people stored for it, and fetching a fresh list. The UI subscribes and renders; unit tests
 * drive it with the in-memory store and a fake API.
 *
 * Order matters for offline use: the stored list is shown first, then a refresh runs; a failed refresh
 * leaves the stored list on screen and only sets `error` (and `serverReachable` for network failures).
 */
import type { InsuredRecord } from '../domain/insured.ts';
import type { Insurer, Provider } from '../domain/organisations.ts';
import { DataError, storageError } from '../data/data-error.ts';
import type { LocalStore, SaveProgress } from '../data/local-store.ts';
import type { PlatformApi } from '../data/platform-api.ts';
import { refreshOffice, refreshProviders } from '../data/refresh-office.ts';
import { personNaturalKey, type StoredFetchInfo } from '../data/stored-rows.ts';
import type { PersonChange, PullResponse } from '../protocol/sync.ts';

export type OfficePhase = 'starting' | 'choosingOffice' | 'ready';

export interface OfficeState {
  readonly phase: OfficePhase;
  readonly providers: readonly Provider[];
  /** The office chosen for this device (its number; `office` is its record when known). */
  readonly officeNumber: string | undefined;
  readonly office: Provider | undefined;
  /** The office preselected in the picker. */
  readonly suggestedOffice: string | undefined;
  readonly people: readonly InsuredRecord[];
  readonly insurers: readonly Insurer[];
  /** Stored rows that could not be read (damaged or from an incompatible build). */
  readonly skippedRows: number;
  readonly fetchInfo: StoredFetchInfo | undefined;
  readonly refreshing: boolean;
  readonly progress: SaveProgress | undefined;
  readonly error: DataError | undefined;
  /** False after a request found no server; true again after one succeeds. */
  readonly serverReachable: boolean;
  /** The database was closed under us (another tab upgraded it): only a reload helps. */
  readonly databaseClosed: boolean;
}

export interface OfficeControllerDeps {
  readonly store: LocalStore;
  readonly api: PlatformApi;
  readonly now: () => Date;
  /**
   * When the sync engine keeps the store up to date, `refresh` asks it to sync (it pulls into the store) and
   * `reloadStored` shows the result; without it, `refresh` fetches the whole list itself.
   */
  readonly syncNow?: () => void;
}

export interface OfficeController {
  getState(): OfficeState;
  subscribe(listener: (state: OfficeState) => void): () => void;
  /** Loads what is stored, then refreshes from the server. Resolves when both are done. */
  start(): Promise<void>;
  chooseOffice(providerNumber: string): Promise<void>;
  /** Shows the office picker again. */
  changeOffice(): void;
  /** Back from the picker to the chosen office's list. */
  cancelChangeOffice(): void;
  /** Fetches the offices and the chosen office's people. Concurrent calls share one run. */
  refresh(): Promise<void>;
  /** The database was closed by a newer version elsewhere. */
  markDatabaseClosed(): void;
  /** Re-reads the office's people from the store (after a sync another tab ran changed them). */
  reloadStored(): Promise<void>;
  /**
   * Applies a pull page this tab's sync engine has just stored to the list on screen, without reading the
   * store: an upsert replaces the person with the same key where they stand (or joins the end), a removal drops
   * them, in the page's order; the page's insurers replace or join the known ones. A page for another office
   * than the one shown changes nothing.
   */
  applyPulled(changes: readonly PersonChange[], page?: Pick<PullResponse, 'provider' | 'insurers'>): void;
  /**
   * Shows records this tab has just written to the store for the office shown (a paper entry, offline too)
   * as applyPulled shows upserts, without a word about the server's reachability.
   */
  applyLocal(records: readonly InsuredRecord[]): void;
}

/** The picker's default: the first care-management office (居宅介護支援事業所), else the first office. */
export function defaultOfficeChoice(providers: readonly Provider[]): string | undefined {
  return (providers.find((p) => p.kind === 'careManagementOffice') ?? providers[0])?.providerNumber;
}

const INITIAL: OfficeState = {
  phase: 'starting',
  providers: [],
  officeNumber: undefined,
  office: undefined,
  suggestedOffice: undefined,
  people: [],
  insurers: [],
  skippedRows: 0,
  fetchInfo: undefined,
  refreshing: false,
  progress: undefined,
  error: undefined,
  serverReachable: true,
  databaseClosed: false,
};

export function createOfficeController(deps: OfficeControllerDeps): OfficeController {
  let state = INITIAL;
  const listeners = new Set<(state: OfficeState) => void>();
  let running: Promise<void> | undefined;

  const set = (patch: Partial<OfficeState>): void => {
    state = { ...state, ...patch };
    for (const listener of listeners) listener(state);
  };

  const fail = (error: unknown): void => {
    const dataError = error instanceof DataError ? error : storageError(error);
    set({
      error: dataError,
      ...(dataError.code === 'network' ? { serverReachable: false } : {}),
      ...(dataError.code === 'databaseClosed' ? { databaseClosed: true } : {}),
    });
  };

  async function loadProviders(): Promise<void> {
    const providers = (await deps.store.readProviders()).items;
    set({
      providers,
      office: providers.find((p) => p.providerNumber === state.officeNumber),
      suggestedOffice: state.officeNumber ?? defaultOfficeChoice(providers),
    });
  }

  async function loadPeople(officeNumber: string): Promise<void> {
    const [people, insurers, fetchInfo] = await Promise.all([
      deps.store.readPeople(officeNumber),
      deps.store.readInsurers(),
      deps.store.readFetchInfo(officeNumber),
    ]);
    if (people.skipped > 0) {
      // Counts and field paths only: never the content of a row.
      console.warn(`skipped ${people.skipped} stored people rows`, people.problems);
    }
    set({ people: people.items, insurers: insurers.items, skippedRows: people.skipped + insurers.skipped, fetchInfo });
  }

  async function runRefresh(): Promise<void> {
    set({ refreshing: true, error: undefined, progress: undefined });
    try {
      const providers = await refreshProviders(deps);
      if (providers.ok) set({ serverReachable: true });
      else fail(providers.error);
      await loadProviders();
      const officeNumber = state.officeNumber;
      if (officeNumber === undefined || (!providers.ok && providers.error.code === 'network')) return;
      const outcome = await refreshOffice(deps, officeNumber, (progress) => set({ progress }));
      // The user may have switched office while the list was downloading: show only the current one.
      if (officeNumber !== state.officeNumber) return;
      if (!outcome.ok) {
        fail(outcome.error);
        return;
      }
      const fetchInfo = await deps.store.readFetchInfo(officeNumber);
      const insurers = (await deps.store.readInsurers()).items;
      await loadProviders();
      // What was just stored and validated; reading it back would cost seconds for 10,000 people.
      set({ serverReachable: true, people: outcome.people, insurers, fetchInfo, skippedRows: 0 });
    } catch (error) {
      fail(error);
    } finally {
      set({ refreshing: false, progress: undefined });
    }
  }

  /** The people on screen after `changes`, in order. */
  const changedPeople = (changes: readonly PersonChange[]): InsuredRecord[] => {
    // A Map keeps insertion order and `set` on a present key keeps its place: one pass, whatever the list size.
    const people = new Map(state.people.map((person) => [personNaturalKey(person), person]));
    for (const change of changes) {
      if (change.op === 'upsert') people.set(personNaturalKey(change.record), change.record);
      else people.delete(personNaturalKey(change));
    }
    return [...people.values()];
  };
  const controller: OfficeController = {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    async start() {
      try {
        const officeNumber = await deps.store.readSetting('officeProviderNumber');
        set({ officeNumber });
        await loadProviders();
        if (officeNumber !== undefined) {
          await loadPeople(officeNumber);
          set({ phase: 'ready' });
        } else {
          set({ phase: 'choosingOffice' });
        }
      } catch (error) {
        fail(error);
        set({ phase: state.officeNumber === undefined ? 'choosingOffice' : 'ready' });
        return;
      }
      await controller.refresh();
    },

    async chooseOffice(providerNumber) {
      try {
        await deps.store.writeSetting('officeProviderNumber', providerNumber);
        set({ officeNumber: providerNumber, people: [], fetchInfo: undefined, skippedRows: 0, phase: 'ready' });
        await loadProviders();
        await loadPeople(providerNumber);
      } catch (error) {
        fail(error);
        return;
      }
      // A refresh already under way may have started before the choice: let it end, then fetch this office.
      if (running) await running;
      await controller.refresh();
    },

    changeOffice() {
      set({ phase: 'choosingOffice', suggestedOffice: state.officeNumber ?? defaultOfficeChoice(state.providers) });
    },

    cancelChangeOffice() {
      if (state.officeNumber !== undefined) set({ phase: 'ready' });
    },

    refresh() {
      if (deps.syncNow) {
        deps.syncNow();
        return Promise.resolve();
      }
      running ??= runRefresh().finally(() => {
        running = undefined;
      });
      return running;
    },

    markDatabaseClosed() {
      set({ databaseClosed: true });
    },

    async reloadStored() {
      const officeNumber = state.officeNumber;
      if (officeNumber === undefined) return;
      try {
        await loadProviders();
        await loadPeople(officeNumber);
        set({ serverReachable: true, error: undefined });
      } catch (error) {
        fail(error);
      }
    },

    applyPulled(changes, page) {
      const officeNumber = state.officeNumber;
      if (officeNumber === undefined || (page && page.provider.providerNumber !== officeNumber)) return;
      const insurers = new Map(state.insurers.map((insurer) => [insurer.insurerNumber, insurer]));
      for (const insurer of page?.insurers ?? []) insurers.set(insurer.insurerNumber, insurer);
      // The page names the office (the store keeps it with the page): the header shows its name from the first page on.
      const providers = page ? [...state.providers.filter((p) => p.providerNumber !== page.provider.providerNumber), page.provider] : state.providers;
      set({
        people: changedPeople(changes),
        insurers: [...insurers.values()],
        providers,
        office: page?.provider ?? state.office,
        serverReachable: true,
        error: undefined,
      });
    },

    applyLocal(records) {
      if (state.officeNumber === undefined) return;
      set({ people: changedPeople(records.map((record) => ({ op: 'upsert', record }))) });
    },
  };
  return controller;
}
