/** The office's people list with instant search, filters and order, and its loading, empty, error and no-match states. */
import { createMemo, createSignal, Show, type JSX } from 'solid-js';
import type { InsuredRecord } from '../../domain/insured.ts';
import type { Insurer } from '../../domain/organisations.ts';
import type { DataError } from '../../data/data-error.ts';
import { Bi, t } from '../i18n/Bi.tsx';
import { buildPeopleSearchIndex } from './people-search.ts';
import { PeopleList, PeopleListHead } from './PeopleList.tsx';
import { filterPeople, isFiltered, sortPeople, type PeopleFilter, type PeopleSort } from './people-filter.ts';
import { PeopleFilterBar } from './PeopleFilterBar.tsx';
import { comparePersonRows, toPersonRow } from './person-row.ts';
import { DataErrorAlert } from '../DataErrorAlert.tsx';

export interface PeopleScreenProps {
  people: readonly InsuredRecord[];
  insurers: readonly Insurer[];
  today: string;
  refreshing: boolean;
  error: DataError | undefined;
  skippedRows: number;
  storageNotPersistent: boolean;
  /** Shows 「紙の証から登録」 (to roles that may enter paper cards). */
  paperEntry?: boolean;
  /** Unacknowledged notices per person (insuredKey): a badge on the row and the 「未確認のお知らせあり」 filter. */
  noticeCounts?: ReadonlyMap<string, number>;
}

export function PeopleScreen(props: PeopleScreenProps): JSX.Element {
  const [query, setQuery] = createSignal('');
  const rows = createMemo(() => {
    const insurerNames = new Map(props.insurers.map((i) => [i.insurerNumber, i.name]));
    return props.people.map((p) => toPersonRow(p, insurerNames, props.today)).sort(comparePersonRows);
  });
  const [filter, setFilter] = createSignal<PeopleFilter>({});
  const [sort, setSort] = createSignal<PeopleSort>('kana');
  const ordered = createMemo(() => (sort() === 'kana' ? rows() : sortPeople(rows(), sort())));
  const index = createMemo(() => buildPeopleSearchIndex(ordered()));
  // The counts are read only while their filter is on: a new count must not make a new list (which scrolls to its top).
  const shown = createMemo(() => filterPeople(index().search(query()), filter(), filter().unacknowledgedNotices ? props.noticeCounts : undefined));
  const narrowed = (): boolean => query().trim() !== '' || isFiltered(filter());
  const total = (): number => rows().length;

  return (
    <section class="people-screen" aria-labelledby="people-heading">
      <div class="toolbar">
        <h1 id="people-heading" class="screen-title">
          <Bi k="peopleHeading" />
        </h1>
        <div class="search">
          <label for="people-search" class="field-label">
            <Bi k="search" />
          </label>
          <input
            id="people-search"
            class="search-input"
            type="search"
            inputmode="search"
            autocomplete="off"
            spellcheck={false}
            placeholder={t('searchPlaceholder')}
            value={query()}
            onInput={(event) => setQuery(event.currentTarget.value)}
            aria-describedby="people-count"
          />
        </div>
        <p id="people-count" class="people-count" data-testid="people-count" data-total={total()} data-shown={shown().length}>
          <Show when={narrowed()} fallback={<Bi k="peopleCount" params={{ total: total() }} />}>
            <Bi k="peopleCountFiltered" params={{ shown: shown().length, total: total() }} />
          </Show>
        </p>
      </div>

      <Show when={props.paperEntry}>
        <div class="people-actions">
          <a class="button" href="#/paper/new" data-testid="paper-new">
            <Bi k="paperNewButton" />
          </a>
        </div>
      </Show>

      <PeopleFilterBar insurers={props.insurers} filter={filter()} sort={sort()} onFilter={setFilter} onSort={setSort} notices={props.noticeCounts !== undefined} />

      <DataErrorAlert error={props.error} testid="data-error" />
      <Show when={props.skippedRows > 0}>
        <div class="notice notice-warning" role="status">
          <Bi k="skippedRows" params={{ count: props.skippedRows }} />
        </div>
      </Show>

      <Show
        when={total() > 0}
        fallback={
          <div class="state-message" role="status" data-testid="people-empty">
            <Show when={!props.refreshing} fallback={<Bi k="loading" />}>
              <Bi k="emptyList" />
              <Bi k="emptyListHint" class="hint" />
            </Show>
          </div>
        }
      >
        <PeopleListHead />
        <Show
          when={shown().length > 0}
          fallback={
            <div class="state-message" role="status" data-testid="no-matches">
              <Show when={query().trim() !== ''} fallback={<Bi k="noFilterMatches" />}>
                <Bi k="noMatches" params={{ query: query().trim() }} />
              </Show>
            </div>
          }
        >
          <PeopleList rows={shown()} label={t('peopleHeading')} noticeCounts={props.noticeCounts} />
        </Show>
      </Show>

      <Show when={props.storageNotPersistent}>
        <p class="footnote">
          <Bi k="storageNotPersistent" />
        </p>
      </Show>
    </section>
  );
}
