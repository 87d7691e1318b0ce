/** 端末 tab: registered devices with enrolment, last use, credential expiry and status, and 「利用停止」 with a reason. */
import { createMemo, createSignal, For, Show, type JSX } from 'solid-js';
import type { AdminApi } from '../../data/admin-api.ts';
import type { DeviceListResponse } from '../../protocol/admin.ts';
import { Bi, t } from '../i18n/Bi.tsx';
import { AdminErrorNotice } from './AdminErrorNotice.tsx';
import type { AdminLoad } from './create-admin-load.ts';
import { compareDeviceRows, toDeviceRow, type DeviceRow } from './device-view.ts';
import { ExpiryBadgeView } from './ExpiryBadgeView.tsx';
import { RevokeDeviceDialog } from './RevokeDeviceDialog.tsx';

export interface DevicesTabProps {
  api: AdminApi;
  devices: AdminLoad<DeviceListResponse>;
  today: string;
  /** After a revoke: reload what it changed (devices, staff counts, warnings). */
  onChanged: () => void;
}

export function DevicesTab(props: DevicesTabProps): JSX.Element {
  const rows = createMemo(() => (props.devices.value()?.devices ?? []).map((d) => toDeviceRow(d, props.today)).sort(compareDeviceRows));
  const [revokeFor, setRevokeFor] = createSignal<DeviceRow | undefined>(undefined);
  const [done, setDone] = createSignal<string | undefined>(undefined);

  return (
    <div class="admin-tab-body">
      <div class="admin-tab-toolbar">
        <p class="admin-count" data-testid="devices-count">
          <Show when={props.devices.value()} fallback={<Show when={props.devices.loading()}>{<Bi k="adminLoading" />}</Show>}>
            <Bi k="adminDevicesCount" params={{ count: rows().length }} />
          </Show>
        </p>
        <p class="admin-done" role="status" data-testid="devices-status">
          <Show when={done()}>{(name) => <Bi k="adminRevokeDone" params={{ name: name() }} />}</Show>
        </p>
      </div>
      <Show when={props.devices.error()}>{(error) => <AdminErrorNotice error={error()} onRetry={() => void props.devices.reload()} />}</Show>
      <Show when={props.devices.value()}>
        <Show
          when={rows().length > 0}
          fallback={
            <p class="state-message" data-testid="devices-empty">
              <Bi k="adminDevicesEmpty" />
            </p>
          }
        >
          <div class="admin-table-scroll">
            <table class="admin-table admin-devices-table" data-testid="devices-table" aria-busy={props.devices.loading() ? 'true' : undefined}>
              <caption class="admin-sr-only">{t('adminDevicesCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">
                    <Bi k="adminColDeviceName" />
                  </th>
                  <th scope="col">
                    <Bi k="adminColEnrolled" />
                  </th>
                  <th scope="col">
                    <Bi k="adminColLastSeen" />
                  </th>
                  <th scope="col">
                    <Bi k="adminColCredential" />
                  </th>
                  <th scope="col">
                    <Bi k="adminColStatus" />
                  </th>
                  <th scope="col">
                    <Bi k="adminColActions" />
                  </th>
                </tr>
              </thead>
              <tbody>
                <For each={rows()}>
                  {(row) => (
                    <tr data-device-id={row.deviceId} classList={{ 'admin-row-retired': row.status === 'revoked' }}>
                      <th scope="row" class="admin-name">
                        {row.name}
                      </th>
                      <td>
                        {row.enrolledByName}
                        <span class="admin-time admin-sub">{row.enrolledAt}</span>
                      </td>
                      <td class="admin-time">{row.lastSeen ?? <span class="muted">{t('adminNeverSeen')}</span>}</td>
                      <td>
                        <Show when={row.credential} fallback={<span class="muted">—</span>}>
                          {(badge) => <ExpiryBadgeView badge={badge()} />}
                        </Show>
                      </td>
                      <td>
                        <span class={`admin-status admin-status-${row.status}`}>
                          <Bi k={row.status === 'active' ? 'adminDeviceActive' : 'adminDeviceRevoked'} />
                        </span>
                        <Show when={row.statusDetail}>{(detail) => <span class="admin-status-detail">{t(detail().key, detail().params)}</span>}</Show>
                      </td>
                      <td>
                        <Show when={row.canRevoke}>
                          <button
                            type="button"
                            class="button admin-row-button admin-button-danger-quiet"
                            aria-label={t('adminRevokeFor', { name: row.name })}
                            data-focus-key={`revoke:${row.deviceId}`}
                            onClick={() => setRevokeFor(row)}
                          >
                            <Bi k="adminRevoke" />
                          </button>
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
      <RevokeDeviceDialog
        api={props.api}
        device={revokeFor()}
        onClose={() => setRevokeFor(undefined)}
        onRevoked={(device) => {
          setRevokeFor(undefined);
          setDone(device.name);
          props.onChanged();
        }}
      />
    </div>
  );
}
