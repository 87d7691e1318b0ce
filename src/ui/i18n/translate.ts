/**
 * Looks up a UI message in Japanese or English and fills its `{name}` placeholders. Japanese is the default;
 * English is the secondary label the UI shows beneath it.
 */
import { en } from './en.ts';
import { ja, type MessageKey } from './ja.ts';

export type Lang = 'ja' | 'en';
export type { MessageKey };

const dictionaries: Record<Lang, Record<MessageKey, string>> = { ja, en };

export function translate(lang: Lang, key: MessageKey, params: Record<string, string | number> = {}): string {
  return dictionaries[lang][key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}
