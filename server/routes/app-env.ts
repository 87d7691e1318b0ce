/**
 * The Hono environment shared by the app and its routes: the per-request variables middleware sets. The auth
 * variables are typed as present because only routes behind requireDevice/requireStaff read them.
 */
import type { AuthVariables } from '../auth/staff-session.ts';
import type { RequestLogVariables } from './request-logger.ts';

export type AppEnv = { Variables: RequestLogVariables & AuthVariables };
