/** The card worker: exposes the card service over Comlink (see card-service.ts for the API). */
// First: zod must not probe `new Function` under the app's Content-Security-Policy (see zod-jitless.ts).
import '../src/env/zod-jitless.ts';
import * as Comlink from 'comlink';
import { createCardDeps } from './card-deps.ts';
import { createCardService } from './card-service.ts';

const deps = createCardDeps();
// The app's handle on the worker is `CardWorkerApi` (src/card/card-client.ts): the service plus `configureBridge`.
Comlink.expose({ ...createCardService(deps), configureBridge: deps.configureBridge });
