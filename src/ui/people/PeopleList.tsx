/**
 * The people list, windowed: only the rows in view (plus a few) exist in the DOM, absolutely placed in a
 * spacer as tall as the whole list, so 10,000 people scroll as smoothly as 30. The row height comes from the
 * stylesheet (`--row-height` on the list, which changes with the layout) and is re-read on resize.
 *
 * Positions are set through CSSOM (`element.style`), which a Content-Security-Policy without
 * 'unsafe-inline' allows, unlike style attributes in markup.
 */
import { createEffect, createMemo, createSignal, For, on, onCleanup, onMount, Show, type JSX } from 'solid-js';
import { Bi, t } from '../i18n/Bi.tsx';
import { personHash } from '../person/person-route.ts';
import { NoticeBadge } from '../notices/NoticeBadge.tsx';
import type { PersonRow } from './person-row.ts';
import { visibleRows } from './virtual-window.ts';

const OVERSCAN = 6;

export function PeopleList(props: { rows: readonly PersonRow[]; label: string; noticeCounts?: ReadonlyMap<string, number> }): JSX.Element {
  let viewport: HTMLDivElement | undefined;
  let list: HTMLUListElement | undefined;
  const [scrollTop, setScrollTop] = createSignal(0);
  const [viewportHeight, setViewportHeight] = createSignal(0);
  const [rowHeight, setRowHeight] = createSignal(72);

  onMount(() => {
    if (!viewport || !list) return;
    const measure = (): void => {
      if (!viewport || !list) return;
      setViewportHeight(viewport.clientHeight);
      const cssHeight = parseFloat(getComputedStyle(list).getPropertyValue('--row-height'));
      if (cssHeight > 0) setRowHeight(cssHeight);
    };
    const observer = new ResizeObserver(measure);
    observer.observe(viewport);
    measure();
    onCleanup(() => observer.disconnect());
  });

  const range = createMemo(() =>
    visibleRows({ scrollTop: scrollTop(), viewportHeight: viewportHeight() || 1000, rowHeight: rowHeight(), count: props.rows.length, overscan: OVERSCAN }),
  );
  const slice = createMemo(() => props.rows.slice(range().start, range().end));

  createEffect(() => {
    if (list) list.style.height = `${props.rows.length * rowHeight()}px`;
  });
  // A new search result starts at its top.
  createEffect(
    on(
      () => props.rows,
      () => {
        if (viewport) viewport.scrollTop = 0;
        setScrollTop(0);
      },
      { defer: true },
    ),
  );

  return (
    <div class="list-viewport" ref={(el) => (viewport = el)} onScroll={() => setScrollTop(viewport?.scrollTop ?? 0)} tabindex="0" role="region" aria-label={props.label}>
      <ul class="people-list" ref={(el) => (list = el)} data-testid="people-list">
        <For each={slice()}>
          {(row, i) => {
            const position = (): number => range().start + i();
            return (
              <li
                class="person-row"
                style={{ transform: `translateY(${position() * rowHeight()}px)` }}
                aria-posinset={position() + 1}
                aria-setsize={props.rows.length}
                data-testid="person-row"
              >
                <div class="cell cell-name">
                  {/* The link's ::after covers the whole row, so a tap anywhere on it opens the person. */}
                  <span class="person-name-line">
                    <a class="person-name person-link" href={personHash(row)} data-testid="person-link">
                      {row.name}
                    </a>
                    <NoticeBadge count={props.noticeCounts?.get(row.key) ?? 0} class="notice-badge-row" />
                  </span>
                  <span class="person-kana">{row.nameKana}</span>
                </div>
                <div class="cell cell-number">
                  <span class="cell-label">{t('columnInsuredNumber')}</span>
                  <span class="mono">{row.insuredNumber}</span>
                </div>
                <div class="cell cell-insurer">
                  <span class="cell-label">{t('columnInsurer')}</span>
                  {row.insurerName}
                  <Show when={row.fromPaper}>
                    <span class="paper-mark" data-testid="paper-mark">
                      <span aria-hidden="true">{t('paperMark')}</span>
                      <span class="visually-hidden">{t('sourcePaper')}</span>
                    </span>
                  </Show>
                </div>
                <div class="cell cell-care">
                  <span class="cell-label">{t('columnCareLevel')}</span>
                  <span class={`care-level care-level-${row.careLevel}`}>{row.careLevelJa}</span>
                </div>
                <div class="cell cell-burden">
                  <span class="cell-label">{t('columnBurdenRatio')}</span>
                  <Show when={row.burdenRatio} fallback={<span class="muted">{t('noValue')}</span>}>
                    {(ratio) => <span class={`burden burden-${ratio()}`}>{t('burdenRatioValue', { ratio: ratio() })}</span>}
                  </Show>
                </div>
                <div class="cell cell-cert">
                  <span class="cell-label">{t('columnCertificationEnd')}</span>
                  <Show when={row.certificationEnd && row.certificationEndJa} fallback={<span class="muted">{t('noValue')}</span>}>
                    <time datetime={row.certificationEnd ?? ''}>{row.certificationEndJa}</time>
                  </Show>
                  <Show when={row.certificationState === 'expired'}>
                    <span class="tag tag-expired">{t('certificationEnded')}</span>
                  </Show>
                  <Show when={row.certificationState === 'alert' || row.certificationState === 'warning'}>
                    <span class={`tag tag-${row.certificationState}`}>{t('certificationDaysLeft', { days: row.certificationDaysLeft ?? 0 })}</span>
                  </Show>
                </div>
              </li>
            );
          }}
        </For>
      </ul>
    </div>
  );
}

/** The column titles above the list (the rows carry their own labels for screen readers). */
export function PeopleListHead(): JSX.Element {
  return (
    <div class="list-head" aria-hidden="true">
      <Bi k="columnName" class="cell-name" />
      <Bi k="columnInsuredNumber" class="cell-number" />
      <Bi k="columnInsurer" class="cell-insurer" />
      <Bi k="columnCareLevel" class="cell-care" />
      <Bi k="columnBurdenRatio" class="cell-burden" />
      <Bi k="columnCertificationEnd" class="cell-cert" />
    </div>
  );
}
