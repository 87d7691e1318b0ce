/**
 * The app's Trusted Types `default` policy (the CSP says `require-trusted-types-for 'script'`): with it, every
 * string that reaches an injection sink passes through the checks below instead of being refused outright.
 *  - HTML: Solid's compiled templates set the static markup of each component as `<template>.innerHTML`.
 *    Only inert markup passes: no <script>, <iframe>, <object>, <embed> (or the other elements that load or
 *    run code), no `on…=` event-handler attribute, no `javascript:` URL. Anything else throws a TypeError.
 *  - Script URLs (`navigator.serviceWorker.register`, `new Worker`): same origin only.
 *  - Script text (eval, `new Function`, inline script): always refused.
 * The checks read the whole string without parsing it as HTML, on purpose: a check that parsed differently
 * from the browser could be led past (a comment closed early, a `>` inside a quoted value). Being blunt costs
 * nothing here, because templates are fixed text written in this repository: one the checks refused would
 * fail loudly (a TypeError at render), in the end-to-end tests that run under the CSP.
 * Import this module first, before anything renders (src/main.tsx).
 */

/** Elements whose markup alone can load or run code, host another document, or change how URLs resolve. */
const FORBIDDEN_ELEMENTS = /<\s*\/?\s*(?:script|iframe|frame|frameset|object|embed|applet|base|meta|link|style)\b/i;
/** `onclick=`, `onerror =`… wherever an attribute could start (after a space, a slash or a closing quote). */
const EVENT_HANDLER_ATTRIBUTE = /[\s"'/]on[a-z-]+\s*=/i;
/** A script URL, after removing what browsers skip inside a URL (ASCII whitespace and control characters). */
const SCRIPT_URL = /(?:javascript|vbscript):/i;

export class TrustedTypesError extends TypeError {
  override readonly name = 'TrustedTypesError';
  readonly code = 'trustedTypesRefused';
}

/** Returns the markup unchanged when it is inert; throws TrustedTypesError otherwise. */
export function checkTrustedHtml(html: string): string {
  if (FORBIDDEN_ELEMENTS.test(html)) throw new TrustedTypesError('Trusted Types: markup with a script-capable element refused');
  if (EVENT_HANDLER_ATTRIBUTE.test(html)) throw new TrustedTypesError('Trusted Types: markup with an event-handler attribute refused');
  if (SCRIPT_URL.test(withoutUrlNoise(decodeCharacterReferences(html)))) throw new TrustedTypesError('Trusted Types: markup with a javascript: URL refused');
  return html;
}

/** Returns the URL unchanged when it resolves to `origin`; throws TrustedTypesError otherwise. */
export function checkTrustedScriptUrl(url: string, origin: string): string {
  let resolved: URL;
  try {
    resolved = new URL(url, origin);
  } catch {
    throw new TrustedTypesError('Trusted Types: script URL that does not parse refused');
  }
  if (resolved.origin !== origin) throw new TrustedTypesError('Trusted Types: script URL from another origin refused');
  return url;
}

export function refuseTrustedScript(_script: string): never {
  throw new TrustedTypesError('Trusted Types: script text refused');
}

/** The part of the Trusted Types API this module uses (lib.dom has no types for it yet). */
export interface TrustedTypesFactory {
  readonly defaultPolicy: unknown;
  createPolicy(
    name: string,
    rules: { createHTML(input: string): string; createScriptURL(input: string): string; createScript(input: string): string },
  ): unknown;
}

/**
 * Creates the `default` policy once. Browsers without Trusted Types (they also ignore the CSP directive) need
 * nothing; a policy that already exists (a second import) is left as it is.
 */
export function installTrustedTypesPolicy(factory: TrustedTypesFactory | undefined, origin: string): void {
  if (factory === undefined || factory.defaultPolicy) return;
  factory.createPolicy('default', {
    createHTML: checkTrustedHtml,
    createScriptURL: (url) => checkTrustedScriptUrl(url, origin),
    createScript: refuseTrustedScript,
  });
}

/** `&#106;`, `&#x6A;`, `&colon;`, `&Tab;`, `&NewLine;`: the references that can spell a scheme inside an attribute. */
function decodeCharacterReferences(text: string): string {
  return text
    .replace(/&#x([0-9a-f]+);?/gi, (_, hex: string) => String.fromCodePoint(Math.min(Number.parseInt(hex, 16), 0x10ffff)))
    .replace(/&#(\d+);?/g, (_, decimal: string) => String.fromCodePoint(Math.min(Number.parseInt(decimal, 10), 0x10ffff)))
    .replace(/&colon;/gi, ':')
    .replace(/&tab;/gi, '\t')
    .replace(/&newline;/gi, '\n');
}

function withoutUrlNoise(text: string): string {
  // eslint-disable-next-line no-control-regex -- the control characters are the point: the URL parser drops them.
  return text.replace(/[\u0000-\u0020]/g, '');
}

// Typed locally: the unit test compiles this module without the DOM library.
const page = globalThis as { trustedTypes?: TrustedTypesFactory; location?: { readonly origin: string } };
if (page.location) installTrustedTypesPolicy(page.trustedTypes, page.location.origin);
