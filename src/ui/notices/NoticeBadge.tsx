/** The count of a person's (or everyone's) notices this staff member has not acknowledged; nothing at 0. */
import { Show, type JSX } from 'solid-js';
import { t } from '../i18n/Bi.tsx';
import { translate } from '../i18n/translate.ts';
import './notices.css';

export function NoticeBadge(props: { count: number; class?: string }): JSX.Element {
  return (
    <Show when={props.count > 0}>
      <span
        class={props.class ? `notice-badge ${props.class}` : 'notice-badge'}
        role="img"
        aria-label={`${t('noticeBadge', { count: props.count })} ${translate('en', 'noticeBadge', { count: props.count })}`}
        data-testid="notice-badge"
        data-count={props.count}
      >
        {props.count > 99 ? '99+' : props.count}
      </span>
    </Show>
  );
}
