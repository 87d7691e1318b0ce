/** Shown when another tab upgraded the database: this one is closed and must reload (「アプリを再読み込みしてください」). */
import type { JSX } from 'solid-js';
import { Bi } from './i18n/Bi.tsx';

export function ReloadRequired(props: { onReload: () => void }): JSX.Element {
  return (
    <div class="overlay">
      <div class="dialog" role="alertdialog" aria-modal="true" aria-labelledby="reload-title" aria-describedby="reload-hint">
        <h2 id="reload-title">
          <Bi k="reloadRequired" />
        </h2>
        <p id="reload-hint">
          <Bi k="reloadRequiredHint" />
        </p>
        <button type="button" class="button button-primary" onClick={() => props.onReload()} autofocus>
          <Bi k="reloadNow" />
        </button>
      </div>
    </div>
  );
}
