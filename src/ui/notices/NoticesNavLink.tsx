/** The header's 「お知らせ」 entry with the count of this staff member's unacknowledged notices. */
import type { JSX } from 'solid-js';
import { Bi } from '../i18n/Bi.tsx';
import { NoticeBadge } from './NoticeBadge.tsx';

export function NoticesNavLink(props: { count: number }): JSX.Element {
  return (
    <a class="button button-quiet notices-nav" href="#/notices" data-testid="notices-nav" data-count={props.count}>
      <Bi k="noticesNav" />
      <NoticeBadge count={props.count} class="notice-badge-header" />
    </a>
  );
}
