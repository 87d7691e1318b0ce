/** The card worker: exposes the card service over Comlink (see card-service.ts for the API). */
import * as Comlink from 'comlink';
import { createCardDeps } from './card-deps.ts';
import { createCardService } from './card-service.ts';

Comlink.expose(createCardService(createCardDeps()));
