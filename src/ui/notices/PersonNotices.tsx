/** The person screen's 「お知らせ」 section: that person's notices, unacknowledged first, with the same cards. */
import { createMemo, Show, type JSX } from 'solid-js';
import { Bi } from '../i18n/Bi.tsx';
import { NoticeList } from './NoticeList.tsx';
import { splitByRead } from './notice-view.ts';
import type { NoticesViewProps } from './create-notices.ts';
import { NoticesProblems } from './NoticesProblems.tsx';
import './notices.css';

export function PersonNotices(props: NoticesViewProps): JSX.Element {
  const ordered = createMemo(() => {
    const { unread, read } = splitByRead(props.items);
    return [...unread, ...read];
  });
  return (
    <section class="fact fact-wide person-notices" aria-labelledby="person-notices-heading" data-testid="person-notices">
      <h2 class="fact-title" id="person-notices-heading">
        <Bi k="personNoticesHeading" />
      </h2>
      <NoticesProblems error={props.error} skipped={props.skipped} />
      <Show when={!props.loading} fallback={<p class="muted" role="status"><Bi k="loading" /></p>}>
        <Show when={ordered().length > 0} fallback={<p class="muted" data-testid="person-notices-empty"><Bi k="personNoticesEmpty" /></p>}>
          <NoticeList {...props} items={ordered()} showPerson={false} />
        </Show>
      </Show>
    </section>
  );
}
