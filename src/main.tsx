/** Entry point: resolves the browser environment once and mounts the app. */
// First, before any module that builds a zod schema.
import './env/zod-jitless.ts';
// Then the Trusted Types policy, before anything renders (Solid's templates go through innerHTML).
import './env/trusted-types.ts';
import { render } from 'solid-js/web';
import { defaultBrowserEnv } from './env/browser-env.ts';
import { App } from './ui/App.tsx';
import { applyDisplaySettings, readDisplaySettings } from './ui/settings/display-settings.ts';
import './ui/styles.css';

// Text size and English labels before the first paint.
applyDisplaySettings(document.documentElement, readDisplaySettings(globalThis.localStorage));

const root = document.getElementById('app');
if (root) render(() => <App env={defaultBrowserEnv()} />, root);
