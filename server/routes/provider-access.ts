/**
 * Who may read a provider's people: the one place that decides it for every /api/v1/providers/:providerNumber
 * route. Today the people list is the first screen before anyone signs in, so reading is open; staff sign-in
 * replaces `decideProviderRead` (a session's staff member must belong to the provider, and later the person's
 * access grant must be active), and every route behind this middleware follows.
 */
import type { MiddlewareHandler } from 'hono';
import { apiError } from './api-error.ts';

export interface ProviderAccess {
  readonly providerNumber: string;
  /** How the read was allowed: `open` = before staff sign-in exists. */
  readonly basis: 'open';
}

export type ProviderAccessDecision = { readonly allowed: true; readonly access: ProviderAccess } | { readonly allowed: false };

/** The rule itself, apart from HTTP. */
export function decideProviderRead(providerNumber: string): ProviderAccessDecision {
  return { allowed: true, access: { providerNumber, basis: 'open' } };
}

export type ProviderAccessVariables = { providerAccess: ProviderAccess };

export function authorizeProviderRead(): MiddlewareHandler<{ Variables: ProviderAccessVariables }> {
  return async (c, next) => {
    const decision = decideProviderRead(c.req.param('providerNumber') ?? '');
    if (!decision.allowed) return apiError(c, 'providerForbidden');
    c.set('providerAccess', decision.access);
    await next();
    return undefined;
  };
}
