/**
 * The notices screen (#/notices): every change notice held on this device, unacknowledged first, each group
 * newest first. Everything is read from the device's store, so it opens and acknowledges offline.
 */
import { createMemo, createSignal, onMount, Show, type JSX } from 'solid-js';
import { Bi } from '../i18n/Bi.tsx';
import { NOTICES_PAGE_SIZE, type NoticesViewProps } from './create-notices.ts';
import { NoticeList } from './NoticeList.tsx';
import { splitByRead, type NoticeItem } from './notice-view.ts';
import { NoticesProblems } from './NoticesProblems.tsx';
import './notices.css';

function Group(props: NoticesViewProps & { title: 'noticesUnread' | 'noticesRead'; items: readonly NoticeItem[]; testid: string }): JSX.Element {
  const id = (): string => `notices-${props.testid}`;
  const [limit, setLimit] = createSignal(NOTICES_PAGE_SIZE);
  const shown = createMemo(() => props.items.slice(0, limit()));
  const left = (): number => props.items.length - shown().length;
  return (
    <section class="notices-group" aria-labelledby={id()} data-testid={props.testid} data-count={props.items.length}>
      <h2 class="notices-group-title" id={id()}>
        <Bi k={props.title} />
        <span class="notices-group-count">
          <Bi k="noticesGroupCount" params={{ count: props.items.length }} />
        </span>
      </h2>
      <Show when={props.items.length > 0} fallback={props.title === 'noticesUnread' ? <p class="muted notices-none"><Bi k="noticesAllRead" /></p> : undefined}>
        <NoticeList {...props} items={shown()} showPerson={true} />
        <Show when={left() > 0}>
          <button type="button" class="button notices-more" onClick={() => setLimit(limit() + NOTICES_PAGE_SIZE)} data-testid={`${props.testid}-more`}>
            <Bi k="noticesShowMore" params={{ count: left() }} />
          </button>
        </Show>
      </Show>
    </section>
  );
}

export function NoticesScreen(props: NoticesViewProps & { onBack: () => void }): JSX.Element {
  let heading: HTMLHeadingElement | undefined;
  const groups = createMemo(() => splitByRead(props.items));
  onMount(() => heading?.focus());
  return (
    <section class="notices-screen" aria-labelledby="notices-heading" data-testid="notices-screen">
      <div class="person-toolbar">
        <button type="button" class="button back-button" onClick={() => props.onBack()} data-testid="notices-back">
          <span aria-hidden="true" class="back-arrow">
            ←
          </span>
          <Bi k="backToList" />
        </button>
        <h1 id="notices-heading" class="screen-title" tabindex="-1" ref={(el) => (heading = el)}>
          <Bi k="noticesHeading" />
        </h1>
      </div>
      <div class="notices-body">
        <NoticesProblems error={props.error} skipped={props.skipped} />
        <Show when={!props.loading} fallback={<p class="state-message" role="status"><Bi k="loading" /></p>}>
          <Show
            when={props.items.length > 0}
            fallback={
              <div class="state-message" role="status" data-testid="notices-empty">
                <Bi k="noticesEmpty" />
                <Bi k="noticesEmptyHint" class="hint" />
              </div>
            }
          >
            <Show when={!props.canAcknowledge}>
              <p class="notice notice-warning" role="status">
                <Bi k="noticeNoStaff" />
              </p>
            </Show>
            <Group {...props} title="noticesUnread" items={groups().unread} testid="notices-unread" />
            <Group {...props} title="noticesRead" items={groups().read} testid="notices-read" />
          </Show>
        </Show>
      </div>
    </section>
  );
}
