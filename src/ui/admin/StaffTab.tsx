/**
 * 職員 tab: the office's staff with role, PIN state, passkeys, active devices and sessions and 退職 day, and per
 * person 「端末登録コードを発行」 and 「退職・端末回収」. The signed-in admin's own offboard button stays
 * focusable but disabled (aria-disabled) with the reason written beneath it.
 */
import { createMemo, createSignal, For, Show, type JSX } from 'solid-js';
import type { AdminApi } from '../../data/admin-api.ts';
import type { StaffListResponse, StaffSummary } from '../../protocol/admin.ts';
import { Bi, t } from '../i18n/Bi.tsx';
import type { MessageKey } from '../i18n/translate.ts';
import { AdminErrorNotice } from './AdminErrorNotice.tsx';
import type { AdminLoad } from './create-admin-load.ts';
import { IssueCodeDialog } from './IssueCodeDialog.tsx';
import { OffboardDialog } from './OffboardDialog.tsx';
import { compareStaffRows, toStaffRow, type StaffRow } from './staff-view.ts';

export interface StaffTabProps {
  api: AdminApi;
  staff: AdminLoad<StaffListResponse>;
  currentStaffId: string;
  /** After an offboarding: reload what it changed (staff, devices, warnings). */
  onChanged: () => void;
}

function offboardReason(row: StaffRow): MessageKey | undefined {
  return row.offboard.allowed ? undefined : row.offboard.reasonKey;
}

export function StaffTab(props: StaffTabProps): JSX.Element {
  const rows = createMemo(() => {
    const list = props.staff.value()?.staff ?? [];
    // PIN locks are judged against the time the list arrived.
    const now = new Date();
    return list.map((s) => toStaffRow(s, props.currentStaffId, now)).sort(compareStaffRows);
  });
  const summaries = createMemo(() => new Map((props.staff.value()?.staff ?? []).map((s) => [s.staffId, s])));
  const [issueFor, setIssueFor] = createSignal<StaffRow | undefined>(undefined);
  const [offboardFor, setOffboardFor] = createSignal<StaffSummary | undefined>(undefined);

  return (
    <div class="admin-tab-body">
      <div class="admin-tab-toolbar">
        <p class="admin-count" role="status" data-testid="staff-count">
          <Show when={props.staff.value()} fallback={<Show when={props.staff.loading()}>{<Bi k="adminLoading" />}</Show>}>
            <Bi k="adminStaffCount" params={{ count: rows().length }} />
          </Show>
        </p>
      </div>
      <Show when={props.staff.error()}>{(error) => <AdminErrorNotice error={error()} onRetry={() => void props.staff.reload()} />}</Show>
      <Show when={props.staff.value()}>
        <Show
          when={rows().length > 0}
          fallback={
            <p class="state-message" data-testid="staff-empty">
              <Bi k="adminStaffEmpty" />
            </p>
          }
        >
          <div class="admin-table-scroll">
            <table class="admin-table admin-staff-table" data-testid="staff-table" aria-busy={props.staff.loading() ? 'true' : undefined}>
              <caption class="admin-sr-only">{t('adminStaffCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">
                    <Bi k="adminColNameRole" />
                  </th>
                  <th scope="col">
                    <Bi k="adminColPin" />
                  </th>
                  <th scope="col" class="admin-num">
                    <Bi k="adminColPasskeys" />
                  </th>
                  <th scope="col" class="admin-num">
                    <Bi k="adminColDevices" />
                  </th>
                  <th scope="col" class="admin-num">
                    <Bi k="adminColSessions" />
                  </th>
                  <th scope="col">
                    <Bi k="adminColRetired" />
                  </th>
                  <th scope="col">
                    <Bi k="adminColActions" />
                  </th>
                </tr>
              </thead>
              <tbody>
                <For each={rows()}>
                  {(row) => (
                    <tr data-staff-id={row.staffId} classList={{ 'admin-row-retired': row.retiredOn !== null }}>
                      <th scope="row" class="admin-name">
                        {row.name}
                        <Show when={row.isSelf}>
                          <span class="admin-you">{t('adminYou')}</span>
                        </Show>
                        <span class="admin-role">{t(row.roleKey)}</span>
                      </th>
                      <td>
                        <span class={`admin-pin admin-pin-${row.pinState}`}>{t(row.pin.key, row.pin.params)}</span>
                      </td>
                      <td class="admin-num">{row.passkeys}</td>
                      <td class="admin-num">{row.activeDevices}</td>
                      <td class="admin-num">{row.activeSessions}</td>
                      <td>{row.retiredOn ?? <span class="muted">{t('adminNotRetired')}</span>}</td>
                      <td>
                        <div class="admin-actions">
                          <Show when={row.canIssueCode}>
                            <button
                              type="button"
                              class="button admin-row-button"
                              aria-label={t('adminIssueCodeFor', { name: row.name })}
                              data-focus-key={`issue:${row.staffId}`}
                              onClick={() => setIssueFor(row)}
                            >
                              <Bi k="adminIssueCode" />
                            </button>
                          </Show>
                          <Show when={row.retiredOn === null}>
                            <button
                              type="button"
                              class="button admin-row-button admin-button-danger-quiet"
                              aria-label={t('adminOffboardFor', { name: row.name })}
                              aria-disabled={row.offboard.allowed ? undefined : 'true'}
                              aria-describedby={row.offboard.allowed ? undefined : `admin-offboard-why-${row.staffId}`}
                              data-focus-key={`offboard:${row.staffId}`}
                              onClick={() => {
                                if (row.offboard.allowed) setOffboardFor(summaries().get(row.staffId));
                              }}
                            >
                              <Bi k="adminOffboard" />
                            </button>
                          </Show>
                        </div>
                        <Show when={row.retiredOn === null && offboardReason(row)}>
                          {(reasonKey) => (
                            <span id={`admin-offboard-why-${row.staffId}`} class="admin-disabled-reason">
                              {t(reasonKey())}
                            </span>
                          )}
                        </Show>
                      </td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </div>
        </Show>
      </Show>
      <IssueCodeDialog api={props.api} staff={issueFor()} onClose={() => setIssueFor(undefined)} />
      <OffboardDialog api={props.api} staff={offboardFor()} onClose={() => setOffboardFor(undefined)} onDone={() => props.onChanged()} />
    </div>
  );
}
