/** A message key with its parameters: what the admin view models hand the components to show bilingually. */
import type { MessageKey } from '../i18n/translate.ts';

export interface AdminMessage {
  key: MessageKey;
  params?: Record<string, string | number>;
}
