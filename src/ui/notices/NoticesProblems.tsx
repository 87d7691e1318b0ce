/**
 * What went wrong reading the notices: a storage error, or how many stored notices could not be read. Shown
 * above the list on the notices screen and in the person screen's 「お知らせ」 section alike.
 */
import { Show, type JSX } from 'solid-js';
import type { DataError } from '../../data/data-error.ts';
import { Bi } from '../i18n/Bi.tsx';
import { DataErrorAlert } from '../DataErrorAlert.tsx';

export function NoticesProblems(props: { error: DataError | undefined; skipped: number }): JSX.Element {
  return (
    <>
      <DataErrorAlert error={props.error} testid="notices-error" />
      <Show when={props.skipped > 0}>
        <div class="notice notice-warning" role="status">
          <Bi k="noticesSkipped" params={{ count: props.skipped }} />
        </div>
      </Show>
    </>
  );
}
