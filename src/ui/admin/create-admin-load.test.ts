import { createRoot } from 'solid-js';
import { describe, expect, it } from 'vitest';
import { AdminApiError } from '../../data/admin-api.ts';
import { createAdminLoad, toAdminApiError } from './create-admin-load.ts';

/** A fetcher whose answers the test releases by hand, in any order. */
function manualFetcher<T>(): { fetcher: () => Promise<T>; resolve: (index: number, value: T) => void; reject: (index: number, error: unknown) => void } {
  const pending: { resolve: (value: T) => void; reject: (error: unknown) => void }[] = [];
  return {
    fetcher: () => new Promise<T>((resolve, reject) => pending.push({ resolve, reject })),
    resolve: (index, value) => pending[index]?.resolve(value),
    reject: (index, error) => pending[index]?.reject(error),
  };
}

describe('createAdminLoad', () => {
  it('drops an answer that arrives after a newer request started', async () => {
    await createRoot(async (dispose) => {
      const manual = manualFetcher<string>();
      const load = createAdminLoad(manual.fetcher);
      const first = load.reload();
      const second = load.reload();
      expect(load.loading()).toBe(true);
      manual.resolve(1, 'new');
      await second;
      manual.resolve(0, 'old');
      await first;
      expect(load.value()).toBe('new');
      expect(load.loading()).toBe(false);
      dispose();
    });
  });

  it('keeps the last value on a failed reload and clears the error on the next success', async () => {
    await createRoot(async (dispose) => {
      const manual = manualFetcher<number>();
      const load = createAdminLoad(manual.fetcher);
      const ok = load.reload();
      manual.resolve(0, 4);
      await ok;
      const failed = load.reload();
      manual.reject(1, new AdminApiError('http', { status: 403, serverCode: 'forbidden', detailJa: '管理者としてサインインしてください' }));
      await failed;
      expect(load.value()).toBe(4);
      expect(load.error()?.messageJa).toBe('管理者としてサインインしてください');
      const again = load.reload();
      manual.resolve(2, 5);
      await again;
      expect(load.value()).toBe(5);
      expect(load.error()).toBeUndefined();
      dispose();
    });
  });
});

describe('toAdminApiError', () => {
  it('passes AdminApiErrors through and wraps anything else', () => {
    const original = new AdminApiError('network');
    expect(toAdminApiError(original)).toBe(original);
    const wrapped = toAdminApiError(new TypeError('x is undefined'));
    expect(wrapped.code).toBe('invalidResponse');
    expect(wrapped.cause).toBeInstanceOf(TypeError);
  });
});
