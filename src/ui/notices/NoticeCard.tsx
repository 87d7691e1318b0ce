/**
 * One change notice: whom it is about (a link to the person), what changed, when it was recorded, and a large
 * 「確認しました」 — or when this staff member acknowledged it (and whether that is still waiting to be sent).
 * For a care manager, the table of providers serving the person: 確認済み by whom and when, or 未確認.
 */
import { For, Show, type JSX } from 'solid-js';
import { Bi, t } from '../i18n/Bi.tsx';
import { BiText } from '../i18n/BiText.tsx';
import { translate } from '../i18n/translate.ts';
import { personHash } from '../person/person-route.ts';
import type { NoticeItem, ProviderStatus } from './notice-view.ts';
import './notices.css';

export interface NoticeCardProps {
  item: NoticeItem;
  /** False when no staff member is known to acknowledge as. */
  canAcknowledge: boolean;
  acknowledging: boolean;
  /** The per-provider table (care managers). */
  showProviders: boolean;
  /** False on the person screen, where the name is the heading already. */
  showPerson: boolean;
  onAcknowledge: (eventId: number) => void;
}

function ProviderTable(props: { providers: readonly ProviderStatus[] }): JSX.Element {
  return (
    <table class="notice-providers" data-testid="notice-providers">
      <caption>
        <Bi k="noticeProviderStatus" />
      </caption>
      <thead>
        <tr>
          <th scope="col">
            <Bi k="noticeColumnProvider" />
          </th>
          <th scope="col">
            <Bi k="noticeColumnStatus" />
          </th>
          <th scope="col">
            <Bi k="noticeColumnBy" />
          </th>
        </tr>
      </thead>
      <tbody>
        <For each={props.providers}>
          {(provider) => (
            <tr data-testid="notice-provider" data-provider={provider.providerNumber} data-seen={provider.acknowledgements.length > 0 ? 'yes' : 'no'}>
              <th scope="row">{provider.name}</th>
              <td>
                <Show when={provider.acknowledgements.length > 0} fallback={<Bi k="noticeNotSeen" class="notice-status notice-status-unseen" />}>
                  <Bi k="noticeSeen" class="notice-status notice-status-seen" />
                </Show>
              </td>
              <td>
                <Show when={provider.acknowledgements.length > 0} fallback={<span class="muted">{t('noValue')}</span>}>
                  <ul class="notice-ackers">
                    <For each={provider.acknowledgements}>
                      {(ack) => (
                        <li data-testid="notice-acker">
                          {ack.staffName}
                          <span class="muted">（{ack.acknowledgedAtLabel}）</span>
                        </li>
                      )}
                    </For>
                  </ul>
                </Show>
              </td>
            </tr>
          )}
        </For>
      </tbody>
    </table>
  );
}

export function NoticeCard(props: NoticeCardProps): JSX.Element {
  const headingId = (): string => `notice-${props.item.eventId}`;
  return (
    <article class={props.item.mine ? 'notice-card is-read' : 'notice-card is-unread'} aria-labelledby={headingId()} data-testid="notice-card" data-event-id={props.item.eventId}>
      <div class="notice-main">
        <Show when={props.showPerson}>
          <p class="notice-person">
            <Show when={props.item.personName} fallback={<span class="muted">{t('noticePersonUnknown', { number: props.item.insuredNumber })}</span>}>
              {(name) => (
                <a class="notice-person-link" href={personHash(props.item)} data-testid="notice-person">
                  {name()}
                </a>
              )}
            </Show>
          </p>
        </Show>
        <h3 class="notice-change" id={headingId()}>
          <BiText ja={props.item.change.ja} en={props.item.change.en} />
        </h3>
        <p class="notice-recorded">
          <time datetime={props.item.recordedAt}>{t('noticeRecordedAt', { time: props.item.recordedAtLabel })}</time>
        </p>
      </div>
      <div class="notice-action">
        <Show
          when={props.item.mine}
          fallback={
            <button
              type="button"
              class="button button-primary notice-ack"
              disabled={!props.canAcknowledge || props.acknowledging}
              aria-describedby={headingId()}
              onClick={() => props.onAcknowledge(props.item.eventId)}
              data-testid="notice-acknowledge"
            >
              <Bi k={props.acknowledging ? 'noticeAcknowledging' : 'noticeAcknowledge'} />
            </button>
          }
        >
          {(mine) => (
            <p class="notice-done" data-testid="notice-done" data-pending={mine().pending ? 'yes' : 'no'}>
              <span class="notice-tick" aria-hidden="true">
                ✓
              </span>
              <Bi k="noticeAcknowledgedAt" params={{ time: mine().acknowledgedAtLabel }} />
              <Show when={mine().pending}>
                <span class="notice-unsent">
                  {translate('ja', 'noticeNotSent')}
                  <span lang="en"> {translate('en', 'noticeNotSent')}</span>
                </span>
              </Show>
            </p>
          )}
        </Show>
      </div>
      <Show when={props.showProviders && props.item.providers.length > 0}>
        <ProviderTable providers={props.item.providers} />
      </Show>
    </article>
  );
}
