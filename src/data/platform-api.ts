/**
 * The platform server's people-list API as the app calls it: plain fetch, every response validated with the
 * shared zod schemas (src/protocol/people.ts). Failures become DataErrors: `network` when no answer came,
 * `http` for an error status, `invalidResponse` when the body does not match the contract.
 */
import type { z } from 'zod';
import { PeopleResponse, PersonResponse, ProvidersResponse } from '../protocol/people.ts';
import { DataError } from './data-error.ts';

export interface PlatformApi {
  getProviders(): Promise<ProvidersResponse>;
  getPeople(providerNumber: string): Promise<PeopleResponse>;
  /** One person with, for a care manager, the 主治医意見書/認定調査票 (read online only; see DocumentsSection). */
  getPerson(providerNumber: string, insurerNumber: string, insuredNumber: string): Promise<PersonResponse>;
}

/** A people list of 10,000 takes a few seconds on a slow line; past this the request counts as failed. */
export const REQUEST_TIMEOUT_MS = 60_000;

export function createPlatformApi(fetchFn: typeof fetch, baseUrl = ''): PlatformApi {
  async function getJson<S extends z.ZodType>(path: string, schema: S): Promise<z.infer<S>> {
    let response: Response;
    try {
      const init: RequestInit & { cache: 'no-store' } = {
        headers: { Accept: 'application/json' },
        // Personal data: never from or into the HTTP cache.
        cache: 'no-store',
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      };
      response = await fetchFn(`${baseUrl}${path}`, init);
    } catch (cause) {
      throw new DataError('network', { cause });
    }
    if (!response.ok) throw new DataError('http', { status: response.status });
    let body: unknown;
    try {
      body = await response.json();
    } catch (cause) {
      throw new DataError('invalidResponse', { cause });
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success) throw new DataError('invalidResponse', { cause: parsed.error });
    return parsed.data;
  }

  return {
    getProviders: () => getJson('/api/v1/providers', ProvidersResponse),
    getPeople: (providerNumber) => getJson(`/api/v1/providers/${encodeURIComponent(providerNumber)}/people`, PeopleResponse),
    getPerson: (providerNumber, insurerNumber, insuredNumber) =>
      getJson(`/api/v1/providers/${[providerNumber, 'people', insurerNumber, insuredNumber].map(encodeURIComponent).join('/')}`, PersonResponse),
  };
}
