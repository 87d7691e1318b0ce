/** A data-layer error (DataError) as an alert in Japanese with the English beside it, carrying its stable code. */
import { Show, type JSX } from 'solid-js';
import type { DataError } from '../data/data-error.ts';
import { BiText } from './i18n/BiText.tsx';

export function DataErrorAlert(props: { error: DataError | undefined; testid: string }): JSX.Element {
  return (
    <Show when={props.error}>
      {(error) => (
        <div class="notice notice-error" role="alert" data-testid={props.testid} data-code={error().code}>
          <BiText ja={error().messageJa} en={error().messageEn} />
        </div>
      )}
    </Show>
  );
}
