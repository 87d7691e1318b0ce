/**
 * 監査ログ tab: filters (period, staff, action, insured number), the entries newest first with
 * 「さらに読み込む」 paging by `before`, and 「CSVをダウンロード」 of the whole filtered period. Paging and the
 * CSV use the filters last searched, not half-edited ones.
 */
import { createMemo, createSignal, For, onMount, Show, type JSX } from 'solid-js';
import type { AdminApi, AdminApiError } from '../../data/admin-api.ts';
import type { AuditEntry, AuditQuery, DeviceSummary, StaffSummary } from '../../protocol/admin.ts';
import { Bi, t } from '../i18n/Bi.tsx';
import { AdminErrorNotice } from './AdminErrorNotice.tsx';
import { AUDIT_ACTION_OPTIONS } from './admin-labels.ts';
import { defaultAuditFilter, exportQuery, nextPageQuery, toAuditQuery, type AuditFilterForm } from './audit-filter.ts';
import { mergeAuditPages, toAuditRow } from './audit-row.ts';
import { toAdminApiError } from './create-admin-load.ts';

export interface AuditTabProps {
  api: AdminApi;
  today: string;
  /** For the staff filter and for names in the table (entries hold ids). */
  staff: readonly StaffSummary[];
  devices: readonly DeviceSummary[];
}

const FIELD_IDS: Record<keyof AuditFilterForm, string> = {
  from: 'admin-audit-from',
  to: 'admin-audit-to',
  staffId: 'admin-audit-staff',
  action: 'admin-audit-action',
  insuredNumber: 'admin-audit-insured',
};

/** Saves a Blob through a temporary object URL and a clicked download link. */
function saveFile(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked later: some browsers read the URL after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function AuditTab(props: AuditTabProps): JSX.Element {
  const [form, setForm] = createSignal<AuditFilterForm>(defaultAuditFilter(props.today));
  const [fieldError, setFieldError] = createSignal<{ field: keyof AuditFilterForm; message: string } | undefined>(undefined);
  const [applied, setApplied] = createSignal<AuditQuery | undefined>(undefined);
  const [entries, setEntries] = createSignal<AuditEntry[]>([]);
  const [nextBefore, setNextBefore] = createSignal<number | null>(null);
  const [loading, setLoading] = createSignal(false);
  const [error, setError] = createSignal<AdminApiError | undefined>(undefined);
  const [downloading, setDownloading] = createSignal(false);
  const [downloaded, setDownloaded] = createSignal<string | undefined>(undefined);
  let request = 0;

  const names = createMemo(() => ({
    staff: new Map(props.staff.map((s) => [s.staffId, s.name])),
    devices: new Map(props.devices.map((d) => [d.deviceId, d.name])),
  }));
  const rows = createMemo(() => entries().map((entry) => toAuditRow(entry, names())));
  const staffOptions = createMemo(() => [...props.staff].sort((a, b) => a.name.localeCompare(b.name, 'ja')));

  function update(field: keyof AuditFilterForm, value: string): void {
    setForm({ ...form(), [field]: value });
    if (fieldError()?.field === field) setFieldError(undefined);
  }

  async function load(query: AuditQuery, append: boolean): Promise<void> {
    const mine = ++request;
    setLoading(true);
    setError(undefined);
    try {
      const page = await props.api.listAudit(query);
      if (mine !== request) return;
      setEntries(append ? mergeAuditPages(entries(), page.entries) : mergeAuditPages([], page.entries));
      setNextBefore(page.nextBefore);
    } catch (failure) {
      if (mine === request) setError(toAdminApiError(failure));
    } finally {
      if (mine === request) setLoading(false);
    }
  }

  function search(event?: SubmitEvent): void {
    event?.preventDefault();
    const result = toAuditQuery(form());
    if (!result.ok) {
      setFieldError({ field: result.field, message: t(result.errorKey) });
      document.getElementById(FIELD_IDS[result.field])?.focus();
      return;
    }
    setFieldError(undefined);
    setDownloaded(undefined);
    setApplied(result.query);
    void load(result.query, false);
  }

  function loadMore(): void {
    const query = applied();
    const before = nextBefore();
    if (!query || before === null || loading()) return;
    void load(nextPageQuery(query, before), true);
  }

  async function download(): Promise<void> {
    const query = applied();
    if (!query || downloading()) return;
    setDownloading(true);
    setError(undefined);
    setDownloaded(undefined);
    try {
      const file = await props.api.downloadAuditCsv(exportQuery(query));
      saveFile(file.blob, file.fileName);
      setDownloaded(file.fileName);
    } catch (failure) {
      setError(toAdminApiError(failure));
    } finally {
      setDownloading(false);
    }
  }

  onMount(() => search());

  const invalid = (field: keyof AuditFilterForm): 'true' | undefined => (fieldError()?.field === field ? 'true' : undefined);
  const describedBy = (field: keyof AuditFilterForm): string | undefined => (fieldError()?.field === field ? 'admin-audit-field-error' : undefined);

  return (
    <div class="admin-tab-body">
      <form class="admin-audit-filters" role="search" aria-label={t('adminAuditFilters')} onSubmit={search} novalidate>
        <div class="admin-field">
          <label for={FIELD_IDS.from} class="field-label">
            <Bi k="adminAuditFrom" />
          </label>
          <input
            id={FIELD_IDS.from}
            class="admin-input"
            type="date"
            value={form().from}
            max={props.today}
            aria-invalid={invalid('from')}
            aria-describedby={describedBy('from')}
            onInput={(event) => update('from', event.currentTarget.value)}
          />
        </div>
        <div class="admin-field">
          <label for={FIELD_IDS.to} class="field-label">
            <Bi k="adminAuditTo" />
          </label>
          <input
            id={FIELD_IDS.to}
            class="admin-input"
            type="date"
            value={form().to}
            max={props.today}
            aria-invalid={invalid('to')}
            aria-describedby={describedBy('to')}
            onInput={(event) => update('to', event.currentTarget.value)}
          />
        </div>
        <div class="admin-field">
          <label for={FIELD_IDS.staffId} class="field-label">
            <Bi k="adminAuditStaff" />
          </label>
          <select id={FIELD_IDS.staffId} class="select admin-select" value={form().staffId} onChange={(event) => update('staffId', event.currentTarget.value)}>
            <option value="">{t('adminAuditAllStaff')}</option>
            <For each={staffOptions()}>{(s) => <option value={s.staffId}>{s.name}</option>}</For>
          </select>
        </div>
        <div class="admin-field">
          <label for={FIELD_IDS.action} class="field-label">
            <Bi k="adminAuditAction" />
          </label>
          <select
            id={FIELD_IDS.action}
            class="select admin-select"
            value={form().action}
            aria-invalid={invalid('action')}
            aria-describedby={describedBy('action')}
            onChange={(event) => update('action', event.currentTarget.value)}
          >
            <option value="">{t('adminAuditAllActions')}</option>
            <For each={AUDIT_ACTION_OPTIONS}>{(option) => <option value={option.action}>{t(option.key)}</option>}</For>
          </select>
        </div>
        <div class="admin-field">
          <label for={FIELD_IDS.insuredNumber} class="field-label">
            <Bi k="adminAuditInsured" />
          </label>
          <input
            id={FIELD_IDS.insuredNumber}
            class="admin-input admin-input-number"
            type="text"
            inputmode="numeric"
            autocomplete="off"
            spellcheck={false}
            maxlength={13}
            value={form().insuredNumber}
            aria-invalid={invalid('insuredNumber')}
            aria-describedby={describedBy('insuredNumber')}
            onInput={(event) => update('insuredNumber', event.currentTarget.value)}
          />
        </div>
        <div class="admin-audit-buttons">
          <button type="submit" class="button button-primary">
            <Bi k="adminAuditSearch" />
          </button>
          <button type="button" class="button" onClick={() => void download()} disabled={!applied() || downloading()} aria-busy={downloading() ? 'true' : undefined}>
            <Bi k={downloading() ? 'adminAuditDownloading' : 'adminAuditCsv'} />
          </button>
        </div>
        <Show when={fieldError()}>
          {(problem) => (
            <p id="admin-audit-field-error" class="admin-field-error admin-audit-field-error" role="alert">
              {problem().message}
            </p>
          )}
        </Show>
      </form>

      <div class="admin-tab-toolbar">
        <p class="admin-count" role="status" data-testid="audit-count">
          <Show when={loading()} fallback={<Show when={applied() && !error()}>{<Bi k="adminAuditCount" params={{ count: rows().length }} />}</Show>}>
            <Bi k="adminLoading" />
          </Show>
        </p>
        <p class="admin-done" role="status" data-testid="audit-download-status">
          <Show when={downloaded()}>{(file) => <Bi k="adminAuditDownloaded" params={{ file: file() }} />}</Show>
        </p>
      </div>
      <Show when={error()}>{(e) => <AdminErrorNotice error={e()} />}</Show>

      <Show
        when={rows().length > 0}
        fallback={
          <Show when={applied() && !loading() && !error()}>
            <p class="state-message" data-testid="audit-empty">
              <Bi k="adminAuditEmpty" />
            </p>
          </Show>
        }
      >
        <div class="admin-table-scroll">
          <table class="admin-table admin-audit-table" data-testid="audit-table" aria-busy={loading() ? 'true' : undefined}>
            <caption class="admin-sr-only">{t('adminAuditCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">
                  <Bi k="adminAuditColTime" />
                </th>
                <th scope="col">
                  <Bi k="adminAuditColStaff" />
                </th>
                <th scope="col">
                  <Bi k="adminAuditColDevice" />
                </th>
                <th scope="col">
                  <Bi k="adminAuditColAction" />
                </th>
                <th scope="col">
                  <Bi k="adminAuditColOutcome" />
                </th>
                <th scope="col">
                  <Bi k="adminAuditColPerson" />
                </th>
              </tr>
            </thead>
            <tbody>
              <For each={rows()}>
                {(row) => (
                  <tr data-seq={row.seq}>
                    <td class="admin-time">{row.occurredAt}</td>
                    <td>{typeof row.staff === 'string' ? row.staff : <span class="muted">{t(row.staff.key)}</span>}</td>
                    <td>{row.device ?? <span class="muted">—</span>}</td>
                    <td>{t(row.actionKey)}</td>
                    <td>
                      <span class={`admin-outcome admin-outcome-${row.outcome}`}>{t(row.outcomeKey)}</span>
                    </td>
                    <td class="admin-person">{row.person ? t(row.person.key, row.person.params) : <span class="muted">—</span>}</td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </div>
        <div class="admin-more">
          <Show when={nextBefore() !== null} fallback={<p class="muted">{t('adminAuditEnd')}</p>}>
            <button type="button" class="button" onClick={loadMore} disabled={loading()} aria-busy={loading() ? 'true' : undefined}>
              <Bi k={loading() ? 'adminLoading' : 'adminAuditMore'} />
            </button>
          </Show>
        </div>
      </Show>
    </div>
  );
}
