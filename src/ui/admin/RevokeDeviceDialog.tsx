/** 端末の利用停止: the reason is required (it goes into the audit log); the server's answer closes the dialog. */
import { createEffect, createSignal, Show, type JSX } from 'solid-js';
import type { AdminApi, AdminApiError } from '../../data/admin-api.ts';
import type { DeviceSummary } from '../../protocol/admin.ts';
import { Bi, t } from '../i18n/Bi.tsx';
import { AdminDialog } from './AdminDialog.tsx';
import { AdminErrorNotice } from './AdminErrorNotice.tsx';
import { toAdminApiError } from './create-admin-load.ts';
import type { DeviceRow } from './device-view.ts';

export interface RevokeDeviceDialogProps {
  api: AdminApi;
  /** The device to revoke; the dialog is open while set. */
  device: DeviceRow | undefined;
  onClose: () => void;
  onRevoked: (device: DeviceSummary) => void;
}

export function RevokeDeviceDialog(props: RevokeDeviceDialogProps): JSX.Element {
  const [reason, setReason] = createSignal('');
  const [missingReason, setMissingReason] = createSignal(false);
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<AdminApiError | undefined>(undefined);
  let reasonField: HTMLTextAreaElement | undefined;

  createEffect(() => {
    if (props.device === undefined) {
      setReason('');
      setMissingReason(false);
      setError(undefined);
    }
  });

  async function submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const device = props.device;
    if (!device || busy()) return;
    if (reason().trim() === '') {
      setMissingReason(true);
      reasonField?.focus();
      return;
    }
    setMissingReason(false);
    setBusy(true);
    setError(undefined);
    try {
      const revoked = await props.api.revokeDevice(device.deviceId, reason().trim());
      props.onRevoked(revoked);
    } catch (failure) {
      setError(toAdminApiError(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <AdminDialog open={props.device !== undefined} labelledBy="admin-revoke-title" describedBy="admin-revoke-lead" onClose={() => props.onClose()} closable={!busy()} testid="revoke-device-dialog">
      <form class="admin-dialog-body" onSubmit={(event) => void submit(event)} novalidate>
        <h2 id="admin-revoke-title" class="admin-dialog-title">
          <Bi k="adminRevokeTitle" params={{ name: props.device?.name ?? '' }} />
        </h2>
        <p id="admin-revoke-lead" class="admin-danger-lead">
          <Bi k="adminRevokeLead" />
        </p>
        <div class="admin-field">
          <label for="admin-revoke-reason" class="field-label">
            <Bi k="adminRevokeReason" />
          </label>
          <textarea
            id="admin-revoke-reason"
            ref={(el) => (reasonField = el)}
            class="admin-input admin-textarea"
            rows={3}
            maxlength={200}
            required
            data-autofocus
            aria-invalid={missingReason() ? 'true' : undefined}
            aria-describedby={missingReason() ? 'admin-revoke-reason-error admin-revoke-reason-hint' : 'admin-revoke-reason-hint'}
            value={reason()}
            onInput={(event) => setReason(event.currentTarget.value)}
          />
          <span id="admin-revoke-reason-hint" class="hint">
            {t('adminRevokeReasonHint')}
          </span>
          <Show when={missingReason()}>
            <span id="admin-revoke-reason-error" class="admin-field-error" role="alert">
              <Bi k="adminRevokeReasonRequired" />
            </span>
          </Show>
        </div>
        <Show when={error()}>{(e) => <AdminErrorNotice error={e()} />}</Show>
        <div class="admin-dialog-actions">
          <button type="button" class="button" onClick={() => props.onClose()} disabled={busy()}>
            <Bi k="adminCancel" />
          </button>
          <button type="submit" class="button admin-button-danger" disabled={busy()} aria-busy={busy() ? 'true' : undefined}>
            <Bi k={busy() ? 'adminRevoking' : 'adminRevokeSubmit'} />
          </button>
        </div>
      </form>
    </AdminDialog>
  );
}
