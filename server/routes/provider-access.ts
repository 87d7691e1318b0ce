/**
 * The gate of every /api/v1/providers/:providerNumber route, after requireDevice and requireStaff: the
 * signed-in staff member must belong to that provider and their role must be allowed the resource.
 */
import type { MiddlewareHandler } from 'hono';
import { mayActForProvider, roleMay, type Resource } from '../auth/access-rules.ts';
import { apiError } from './api-error.ts';
import type { AppEnv } from './app-env.ts';

export function authorizeProviderRead(resource: Resource): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const session = c.get('staffSession');
    const providerNumber = c.req.param('providerNumber') ?? '';
    // A malformed number goes on to the route's validation (400 naming the field); it can match no provider.
    if (/^[0-9]{10}$/.test(providerNumber) && !mayActForProvider(session.providerNumber, providerNumber)) return apiError(c, 'providerForbidden');
    if (!roleMay(session.role, resource)) return apiError(c, 'roleForbidden');
    await next();
    return undefined;
  };
}
