/**
 * How the app is shown on this tablet: text size (標準/大/特大, for staff and for showing a screen to an elderly
 * person) and whether English is shown under the Japanese. Kept in localStorage — nothing personal — so it is
 * applied before the first paint, read back through zod like any stored value.
 */
import { z } from 'zod';

export const TextSize = z.enum(['normal', 'large', 'extraLarge']);
export type TextSize = z.infer<typeof TextSize>;

export const DisplaySettings = z.object({
  textSize: TextSize.default('normal'),
  showEnglish: z.boolean().default(true),
});
export type DisplaySettings = z.infer<typeof DisplaySettings>;

export const DISPLAY_SETTINGS_KEY = 'tsunagi.display';
export const DEFAULT_DISPLAY: DisplaySettings = { textSize: 'normal', showEnglish: true };

/** Root font size in px per text size: every size in the stylesheet is in rem, so the whole UI scales. */
export const ROOT_FONT_PX: Record<TextSize, number> = { normal: 16, large: 18, extraLarge: 21 };

export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export function readDisplaySettings(storage: KeyValueStorage | undefined): DisplaySettings {
  try {
    const raw = storage?.getItem(DISPLAY_SETTINGS_KEY);
    if (!raw) return DEFAULT_DISPLAY;
    const parsed = DisplaySettings.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : DEFAULT_DISPLAY;
  } catch {
    return DEFAULT_DISPLAY;
  }
}

export function writeDisplaySettings(storage: KeyValueStorage | undefined, settings: DisplaySettings): void {
  try {
    storage?.setItem(DISPLAY_SETTINGS_KEY, JSON.stringify(settings));
  } catch {
    // Storage full or blocked: the choice holds for this session only.
  }
}

/** Applies the settings to the document root (attributes the stylesheet reads). */
export function applyDisplaySettings(root: { dataset: Record<string, string | undefined>; style: { fontSize: string } }, settings: DisplaySettings): void {
  root.dataset['textSize'] = settings.textSize;
  root.dataset['english'] = settings.showEnglish ? 'shown' : 'hidden';
  root.style.fontSize = `${ROOT_FONT_PX[settings.textSize]}px`;
}
