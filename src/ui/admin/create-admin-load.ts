/**
 * A reactive load of one admin API call: the last value, the last error and whether a request is running.
 * A reload keeps the previous value on screen until the new one arrives, and an answer that arrives after a
 * newer request started is dropped, so a slow first response never overwrites a fresh one.
 */
import { createSignal, type Accessor } from 'solid-js';
import { AdminApiError } from '../../data/admin-api.ts';

export interface AdminLoad<T> {
  value: Accessor<T | undefined>;
  error: Accessor<AdminApiError | undefined>;
  loading: Accessor<boolean>;
  reload: () => Promise<void>;
}

/** Every failure as an AdminApiError: the API throws nothing else, but a thrown bug must still show as an error. */
export function toAdminApiError(error: unknown): AdminApiError {
  return error instanceof AdminApiError ? error : new AdminApiError('invalidResponse', { cause: error });
}

export function createAdminLoad<T>(fetcher: () => Promise<T>): AdminLoad<T> {
  const [value, setValue] = createSignal<T | undefined>(undefined);
  const [error, setError] = createSignal<AdminApiError | undefined>(undefined);
  const [loading, setLoading] = createSignal(false);
  let latest = 0;

  async function reload(): Promise<void> {
    const request = ++latest;
    setLoading(true);
    try {
      const result = await fetcher();
      if (request !== latest) return;
      setValue(() => result);
      setError(undefined);
    } catch (failure) {
      if (request !== latest) return;
      setError(toAdminApiError(failure));
    } finally {
      if (request === latest) setLoading(false);
    }
  }

  return { value, error, loading, reload };
}
