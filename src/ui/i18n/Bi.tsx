/**
 * A label in Japanese with its English beneath (or beside): the app's bilingual convention. The English part
 * carries lang="en" so screen readers switch voice.
 */
import type { JSX } from 'solid-js';
import { translate, type MessageKey } from './translate.ts';

export function t(key: MessageKey, params?: Record<string, string | number>): string {
  return translate('ja', key, params);
}

/** `enParams` replaces `params` in the English line where a parameter is itself a translated word. */
export function Bi(props: { k: MessageKey; params?: Record<string, string | number>; enParams?: Record<string, string | number>; class?: string }): JSX.Element {
  return (
    <span class={props.class ? `bi ${props.class}` : 'bi'}>
      <span class="bi-ja">{translate('ja', props.k, props.params)}</span>
      <span class="bi-en" lang="en">
        {translate('en', props.k, props.enParams ?? props.params)}
      </span>
    </span>
  );
}
