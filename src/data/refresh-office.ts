/**
 * Fetches an office's people list from the platform and stores it on the device. On any failure the stored
 * data stays as it was (the write is one transaction and happens only after the response validated).
 */
import { DataError } from './data-error.ts';
import type { LocalStore, SaveProgress } from './local-store.ts';
import type { PlatformApi } from './platform-api.ts';

export type RefreshOutcome =
  | { readonly ok: true; readonly peopleCount: number; readonly fetchedAt: string }
  | { readonly ok: false; readonly error: DataError };

export interface RefreshDeps {
  readonly api: PlatformApi;
  readonly store: LocalStore;
  readonly now: () => Date;
}

export async function refreshOffice(deps: RefreshDeps, providerNumber: string, onProgress?: (progress: SaveProgress) => void): Promise<RefreshOutcome> {
  try {
    const snapshot = await deps.api.getPeople(providerNumber);
    if (snapshot.provider.providerNumber !== providerNumber) throw new DataError('invalidResponse');
    await deps.store.saveOfficeSnapshot(snapshot, deps.now(), onProgress);
    return { ok: true, peopleCount: snapshot.people.length, fetchedAt: snapshot.fetchedAt };
  } catch (error) {
    return { ok: false, error: error instanceof DataError ? error : new DataError('storage', { cause: error }) };
  }
}

/** Fetches the list of offices and stores it; returns it, or the error with the stored list left as it was. */
export async function refreshProviders(deps: RefreshDeps): Promise<{ ok: true } | { ok: false; error: DataError }> {
  try {
    const { providers } = await deps.api.getProviders();
    await deps.store.saveProviders(providers);
    return { ok: true };
  } catch (error) {
    return { ok: false, error: error instanceof DataError ? error : new DataError('storage', { cause: error }) };
  }
}
