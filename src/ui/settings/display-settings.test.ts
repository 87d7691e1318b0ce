import { describe, expect, it } from 'vitest';
import { applyDisplaySettings, DEFAULT_DISPLAY, DISPLAY_SETTINGS_KEY, readDisplaySettings, writeDisplaySettings } from './display-settings.ts';

function memoryStorage(initial: Record<string, string> = {}) {
  const values = new Map(Object.entries(initial));
  return { getItem: (k: string) => values.get(k) ?? null, setItem: (k: string, v: string) => void values.set(k, v), values };
}

describe('display settings', () => {
  it('round-trips through storage and falls back to the defaults on damaged values', () => {
    const storage = memoryStorage();
    expect(readDisplaySettings(storage)).toEqual(DEFAULT_DISPLAY);
    writeDisplaySettings(storage, { textSize: 'extraLarge', showEnglish: false });
    expect(readDisplaySettings(storage)).toEqual({ textSize: 'extraLarge', showEnglish: false });
    expect(readDisplaySettings(memoryStorage({ [DISPLAY_SETTINGS_KEY]: '{"textSize":"huge"}' }))).toEqual(DEFAULT_DISPLAY);
    expect(readDisplaySettings(memoryStorage({ [DISPLAY_SETTINGS_KEY]: 'not json' }))).toEqual(DEFAULT_DISPLAY);
    expect(readDisplaySettings(memoryStorage({ [DISPLAY_SETTINGS_KEY]: '{"showEnglish":false}' }))).toEqual({ textSize: 'normal', showEnglish: false });
  });

  it('sets the root font size and the attributes the stylesheet reads', () => {
    const root = { dataset: {} as Record<string, string | undefined>, style: { fontSize: '' } };
    applyDisplaySettings(root, { textSize: 'large', showEnglish: false });
    expect(root).toEqual({ dataset: { textSize: 'large', english: 'hidden' }, style: { fontSize: '18px' } });
    applyDisplaySettings(root, { textSize: 'extraLarge', showEnglish: true });
    expect(root.style.fontSize).toBe('21px');
    expect(root.dataset['english']).toBe('shown');
  });
});
