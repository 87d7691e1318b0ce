/** The card worker: exposes the card service over Comlink (see card-service.ts for the API). */
// First: zod must not probe `new Function` under the app's Content-Security-Policy (see zod-jitless.ts).
import '../src/env/zod-jitless.ts';
import * as Comlink from 'comlink';
import { createCardDeps } from './card-deps.ts';
import { createCardService } from './card-service.ts';

Comlink.expose(createCardService(createCardDeps()));
