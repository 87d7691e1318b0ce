/**
 * Fetches an office's people list from the platform and stores it on the device. On any failure the stored
 * data stays as it was (the write is one transaction and happens only after the response validated).
 */
import { insuredKey } from '../domain/identifiers.ts';
import type { InsuredRecord } from '../domain/insured.ts';
import type { Insurer } from '../domain/organisations.ts';
import { DataError } from './data-error.ts';
import type { LocalStore, SaveProgress } from './local-store.ts';
import type { PlatformApi } from './platform-api.ts';

export type RefreshOutcome =
  | {
      readonly ok: true;
      readonly fetchedAt: string;
      /**
       * The office's people exactly as now stored (validated, one per person), so the caller can show them
       * without reading 10,000 rows back from IndexedDB.
       */
      readonly people: readonly InsuredRecord[];
      readonly insurers: readonly Insurer[];
    }
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
    // The store keeps the last copy of a person listed twice; so does this.
    const people = [...new Map(snapshot.people.map((p) => [insuredKey(p.insurerNumber, p.insuredNumber), p])).values()];
    return { ok: true, fetchedAt: snapshot.fetchedAt, people, insurers: snapshot.insurers };
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
