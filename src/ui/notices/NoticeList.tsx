/**
 * The list of notice cards that the notices screen's groups and the person screen's section both show, in the
 * order given. `showPerson` is false on the person screen, where the person's name is the heading already.
 */
import { For, type JSX } from 'solid-js';
import type { NoticesViewProps } from './create-notices.ts';
import { NoticeCard } from './NoticeCard.tsx';
import type { NoticeItem } from './notice-view.ts';
import './notices.css';

export interface NoticeListProps extends Pick<NoticesViewProps, 'canAcknowledge' | 'acknowledging' | 'showProviders' | 'onAcknowledge'> {
  items: readonly NoticeItem[];
  showPerson: boolean;
}

export function NoticeList(props: NoticeListProps): JSX.Element {
  return (
    <ul class="notices-list">
      <For each={props.items}>
        {(item) => (
          <li>
            <NoticeCard
              item={item}
              canAcknowledge={props.canAcknowledge}
              acknowledging={props.acknowledging.includes(item.eventId)}
              showProviders={props.showProviders}
              showPerson={props.showPerson}
              onAcknowledge={props.onAcknowledge}
            />
          </li>
        )}
      </For>
    </ul>
  );
}
