/**
 * Turns off zod's JIT before any schema is built (import this module first: zod probes `new Function` when a
 * schema is constructed). The app's Content-Security-Policy forbids eval, so the probe would be refused — a
 * CSP violation report on every start — and zod would fall back to this mode anyway.
 */
import { config } from 'zod/v4/core';

config({ jitless: true });
