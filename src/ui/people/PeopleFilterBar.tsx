/** The people list's filter and sort controls: insurer, 要支援/要介護, burden ratio, certification end, status (a ratio about to change, copied from paper), notices, order. */
import { For, Show, type JSX } from 'solid-js';
import type { Insurer } from '../../domain/organisations.ts';
import { Bi } from '../i18n/Bi.tsx';
import { translate, type MessageKey } from '../i18n/translate.ts';
import { isFiltered, type CareGroup, type CertificationFilter, type PeopleFilter, type PeopleSort, type StatusFilter } from './people-filter.ts';

const both = (key: MessageKey): string => `${translate('ja', key)} (${translate('en', key)})`;

const CARE_GROUPS: readonly [CareGroup, MessageKey][] = [
  ['support', 'careGroupSupport'],
  ['care', 'careGroupCare'],
  ['other', 'careGroupOther'],
];
const CERTIFICATION: readonly [CertificationFilter, MessageKey][] = [
  ['expired', 'certExpired'],
  ['within30', 'certWithin30'],
  ['within60', 'certWithin60'],
];
const STATUS: readonly [StatusFilter, MessageKey][] = [
  ['burdenRatioChange', 'statusBurdenRatioChange'],
  ['paper', 'statusPaper'],
];
const SORTS: readonly [PeopleSort, MessageKey][] = [
  ['kana', 'sortKana'],
  ['certificationEnd', 'sortCertificationEnd'],
  ['insuredNumber', 'sortInsuredNumber'],
];

function FilterSelect(props: { id: string; label: MessageKey; value: string; onChange: (value: string) => void; children: JSX.Element }): JSX.Element {
  return (
    <div class="filter-field">
      <label for={props.id} class="field-label">
        <Bi k={props.label} />
      </label>
      <select id={props.id} class="select filter-select" value={props.value} onChange={(event) => props.onChange(event.currentTarget.value)}>
        {props.children}
      </select>
    </div>
  );
}

export function PeopleFilterBar(props: {
  insurers: readonly Insurer[];
  filter: PeopleFilter;
  sort: PeopleSort;
  onFilter: (filter: PeopleFilter) => void;
  onSort: (sort: PeopleSort) => void;
  /** Offers 「未確認のお知らせあり」 (when the workspace keeps notices). */
  notices?: boolean;
}): JSX.Element {
  const set = (patch: Partial<Record<keyof PeopleFilter, unknown>>): void => {
    const next: Record<string, unknown> = { ...props.filter };
    for (const [key, value] of Object.entries(patch)) {
      if (value === '' || value === undefined) delete next[key];
      else next[key] = value;
    }
    props.onFilter(next as PeopleFilter);
  };
  return (
    <div class="filter-bar" role="group" aria-label="絞り込み Filters">
      <FilterSelect id="filter-insurer" label="filterInsurer" value={props.filter.insurerNumber ?? ''} onChange={(v) => set({ insurerNumber: v })}>
        <option value="">{both('filterAll')}</option>
        <For each={props.insurers}>{(insurer) => <option value={insurer.insurerNumber}>{insurer.name}</option>}</For>
      </FilterSelect>
      <FilterSelect id="filter-care" label="filterCareGroup" value={props.filter.careGroup ?? ''} onChange={(v) => set({ careGroup: v })}>
        <option value="">{both('filterAll')}</option>
        <For each={CARE_GROUPS}>{([value, key]) => <option value={value}>{both(key)}</option>}</For>
      </FilterSelect>
      <FilterSelect id="filter-burden" label="filterBurden" value={String(props.filter.burdenRatio ?? '')} onChange={(v) => set({ burdenRatio: v === '' ? undefined : Number(v) })}>
        <option value="">{both('filterAll')}</option>
        <For each={[1, 2, 3]}>{(ratio) => <option value={String(ratio)}>{`${ratio}割`}</option>}</For>
      </FilterSelect>
      <FilterSelect id="filter-certification" label="filterCertification" value={props.filter.certification ?? ''} onChange={(v) => set({ certification: v })}>
        <option value="">{both('filterAll')}</option>
        <For each={CERTIFICATION}>{([value, key]) => <option value={value}>{both(key)}</option>}</For>
      </FilterSelect>
      <FilterSelect id="filter-status" label="filterStatus" value={props.filter.status ?? ''} onChange={(v) => set({ status: v })}>
        <option value="">{both('filterAll')}</option>
        <For each={STATUS}>{([value, key]) => <option value={value}>{both(key)}</option>}</For>
      </FilterSelect>
      <Show when={props.notices}>
        <FilterSelect id="filter-notices" label="filterNotices" value={props.filter.unacknowledgedNotices ? 'unacknowledged' : ''} onChange={(v) => set({ unacknowledgedNotices: v === 'unacknowledged' ? true : undefined })}>
          <option value="">{both('filterAll')}</option>
          <option value="unacknowledged">{both('filterNoticesUnread')}</option>
        </FilterSelect>
      </Show>
      <FilterSelect id="people-sort" label="sortLabel" value={props.sort} onChange={(v) => props.onSort(v as PeopleSort)}>
        <For each={SORTS}>{([value, key]) => <option value={value}>{both(key)}</option>}</For>
      </FilterSelect>
      <Show when={isFiltered(props.filter)}>
        <button type="button" class="button" onClick={() => props.onFilter({})}>
          <Bi k="clearFilters" />
        </button>
      </Show>
    </div>
  );
}
