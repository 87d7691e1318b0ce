/** The Hono environment shared by the app and its routes: the per-request variables middleware sets. */
import type { ProviderAccessVariables } from './provider-access.ts';
import type { RequestLogVariables } from './request-logger.ts';

export type AppEnv = { Variables: RequestLogVariables & Partial<ProviderAccessVariables> };
