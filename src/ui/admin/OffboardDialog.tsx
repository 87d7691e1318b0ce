/**
 * 退職・端末回収: names the person, lists what will be revoked (devices, passkeys, sessions, PIN sign-in),
 * and needs a second, clearly worded button. Afterwards it shows what the server actually revoked.
 */
import { createEffect, createSignal, For, Show, type JSX } from 'solid-js';
import type { AdminApi, AdminApiError } from '../../data/admin-api.ts';
import type { StaffSummary } from '../../protocol/admin.ts';
import { Bi } from '../i18n/Bi.tsx';
import { AdminDialog } from './AdminDialog.tsx';
import { AdminErrorNotice } from './AdminErrorNotice.tsx';
import type { AdminMessage } from './admin-message.ts';
import { toAdminApiError } from './create-admin-load.ts';
import { offboardPreview, offboardResult } from './staff-view.ts';

export interface OffboardDialogProps {
  api: AdminApi;
  /** The person to offboard; the dialog is open while set. */
  staff: StaffSummary | undefined;
  onClose: () => void;
  /** After the server confirmed: the parent reloads staff, devices and warnings. */
  onDone: () => void;
}

export function OffboardDialog(props: OffboardDialogProps): JSX.Element {
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<AdminApiError | undefined>(undefined);
  const [result, setResult] = createSignal<AdminMessage[] | undefined>(undefined);
  let resultHeading: HTMLHeadingElement | undefined;

  createEffect(() => {
    if (props.staff === undefined) {
      setResult(undefined);
      setError(undefined);
    }
  });

  async function confirm(): Promise<void> {
    const staff = props.staff;
    if (!staff || busy()) return;
    setBusy(true);
    setError(undefined);
    try {
      const response = await props.api.offboardStaff(staff.staffId);
      setResult(offboardResult(staff.name, response));
      resultHeading?.focus();
      props.onDone();
    } catch (failure) {
      setError(toAdminApiError(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <AdminDialog
      open={props.staff !== undefined}
      labelledBy="admin-offboard-title"
      describedBy={result() ? 'admin-offboard-result' : 'admin-offboard-lead'}
      onClose={() => props.onClose()}
      closable={!busy()}
      testid="offboard-dialog"
    >
      <div class="admin-dialog-body">
        <h2 id="admin-offboard-title" class="admin-dialog-title" tabindex="-1" ref={(el) => (resultHeading = el)}>
          <Bi k="adminOffboardTitle" params={{ name: props.staff?.name ?? '' }} />
        </h2>
        <Show
          when={result()}
          fallback={
            <>
              <p id="admin-offboard-lead" class="admin-danger-lead">
                <Bi k="adminOffboardLead" />
              </p>
              <Show when={props.staff}>
                {(staff) => (
                  <ul class="admin-revoke-list" data-testid="offboard-preview">
                    <For each={offboardPreview(staff())}>
                      {(item) => (
                        <li>
                          <Bi k={item.key} params={item.params} />
                        </li>
                      )}
                    </For>
                  </ul>
                )}
              </Show>
              <Show when={error()}>{(e) => <AdminErrorNotice error={e()} />}</Show>
              <div class="admin-dialog-actions">
                <button type="button" class="button" onClick={() => props.onClose()} disabled={busy()} data-autofocus>
                  <Bi k="adminCancel" />
                </button>
                <button type="button" class="button admin-button-danger" onClick={() => void confirm()} disabled={busy()} aria-busy={busy() ? 'true' : undefined}>
                  <Bi k={busy() ? 'adminOffboarding' : 'adminOffboardConfirm'} />
                </button>
              </div>
            </>
          }
        >
          {(lines) => (
            <>
              <div id="admin-offboard-result" class="admin-result" role="status" data-testid="offboard-result">
                <For each={lines()}>
                  {(line) => (
                    <p>
                      <Bi k={line.key} params={line.params} />
                    </p>
                  )}
                </For>
              </div>
              <div class="admin-dialog-actions">
                <button type="button" class="button button-primary" onClick={() => props.onClose()}>
                  <Bi k="adminCloseDialog" />
                </button>
              </div>
            </>
          )}
        </Show>
      </div>
    </AdminDialog>
  );
}
