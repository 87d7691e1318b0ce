/**
 * Bilingual text that is not a message key (a server error's messageJa/messageEn, a notice's described change):
 * the same markup as `Bi`, so styling and the English-hidden switch treat both alike.
 */
import type { JSX } from 'solid-js';

export function BiText(props: { ja: string; en: string; class?: string }): JSX.Element {
  return (
    <span class={props.class ? `bi ${props.class}` : 'bi'}>
      <span class="bi-ja">{props.ja}</span>
      <span class="bi-en" lang="en">
        {props.en}
      </span>
    </span>
  );
}
