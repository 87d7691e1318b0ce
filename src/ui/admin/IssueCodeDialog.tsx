/**
 * 端末登録コードの発行: the admin names the new device and picks how long the code stays valid; the server
 * answers with a code it keeps only as a hash, so it is shown here once, large, and forgotten on close.
 */
import { createEffect, createSignal, For, Show, type JSX } from 'solid-js';
import type { AdminApi, AdminApiError } from '../../data/admin-api.ts';
import type { IssueActivationCodeResponse } from '../../protocol/admin.ts';
import { Bi, t } from '../i18n/Bi.tsx';
import { activationCodeGroups, DEFAULT_VALID_HOURS, spokenActivationCode, VALID_HOURS_OPTIONS } from './activation-code.ts';
import { AdminDialog } from './AdminDialog.tsx';
import { AdminErrorNotice } from './AdminErrorNotice.tsx';
import { adminDateTime } from './admin-time.ts';
import { toAdminApiError } from './create-admin-load.ts';
import type { StaffRow } from './staff-view.ts';

export interface IssueCodeDialogProps {
  api: AdminApi;
  /** The person the code is for; the dialog is open while set. */
  staff: StaffRow | undefined;
  onClose: () => void;
}

export function IssueCodeDialog(props: IssueCodeDialogProps): JSX.Element {
  const [deviceName, setDeviceName] = createSignal('');
  const [validHours, setValidHours] = createSignal<number>(DEFAULT_VALID_HOURS);
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<AdminApiError | undefined>(undefined);
  const [issued, setIssued] = createSignal<IssueActivationCodeResponse | undefined>(undefined);
  let codeHeading: HTMLHeadingElement | undefined;

  // A new person: a fresh form, and no code of the previous one left in memory.
  createEffect(() => {
    if (props.staff === undefined) {
      setIssued(undefined);
      setError(undefined);
      setDeviceName('');
      setValidHours(DEFAULT_VALID_HOURS);
    }
  });

  async function submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const staff = props.staff;
    if (!staff || busy()) return;
    setBusy(true);
    setError(undefined);
    try {
      const response = await props.api.issueActivationCode({ staffId: staff.staffId, deviceName: deviceName(), validHours: validHours() });
      setIssued(response);
      codeHeading?.focus();
    } catch (failure) {
      setError(toAdminApiError(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <AdminDialog open={props.staff !== undefined} labelledBy="admin-issue-title" onClose={() => props.onClose()} closable={!busy()} testid="issue-code-dialog">
      <Show
        when={issued()}
        fallback={
          <form class="admin-dialog-body" onSubmit={(event) => void submit(event)} novalidate>
            <h2 id="admin-issue-title" class="admin-dialog-title">
              <Bi k="adminIssueTitle" />
            </h2>
            <p>{t('adminIssueTarget', { name: props.staff?.name ?? '', role: props.staff ? t(props.staff.roleKey) : '' })}</p>
            <div class="admin-field">
              <label for="admin-device-name" class="field-label">
                <Bi k="adminDeviceName" />
              </label>
              <input
                id="admin-device-name"
                class="admin-input"
                type="text"
                maxlength={40}
                required
                autocomplete="off"
                data-autofocus
                aria-describedby="admin-device-name-hint"
                aria-invalid={error()?.code === 'invalidRequest' ? 'true' : undefined}
                value={deviceName()}
                onInput={(event) => setDeviceName(event.currentTarget.value)}
              />
              <span id="admin-device-name-hint" class="hint">
                {t('adminDeviceNameHint')}
              </span>
            </div>
            <div class="admin-field">
              <label for="admin-valid-hours" class="field-label">
                <Bi k="adminValidHours" />
              </label>
              <select id="admin-valid-hours" class="select admin-select" value={String(validHours())} onChange={(event) => setValidHours(Number(event.currentTarget.value))}>
                <For each={VALID_HOURS_OPTIONS}>{(hours) => <option value={String(hours)}>{t('adminValidHoursOption', { hours })}</option>}</For>
              </select>
            </div>
            <Show when={error()}>{(e) => <AdminErrorNotice error={e()} />}</Show>
            <div class="admin-dialog-actions">
              <button type="button" class="button" onClick={() => props.onClose()} disabled={busy()}>
                <Bi k="adminCancel" />
              </button>
              <button type="submit" class="button button-primary" disabled={busy()} aria-busy={busy() ? 'true' : undefined}>
                <Bi k={busy() ? 'adminIssuing' : 'adminIssueSubmit'} />
              </button>
            </div>
          </form>
        }
      >
        {(code) => (
          <div class="admin-dialog-body" data-testid="activation-code-result">
            <h2 id="admin-issue-title" class="admin-dialog-title" tabindex="-1" ref={(el) => (codeHeading = el)}>
              <Bi k="adminCodeHeading" />
            </h2>
            <p class="muted">{t('adminCodeFor', { name: props.staff?.name ?? '', device: code().deviceName })}</p>
            <p class="admin-code" data-testid="activation-code" data-code={code().code}>
              <span aria-hidden="true" class="admin-code-groups">
                <For each={activationCodeGroups(code().code)}>{(group) => <span class="admin-code-group">{group}</span>}</For>
              </span>
              <span class="admin-sr-only">{spokenActivationCode(code().code)}</span>
            </p>
            <p class="admin-code-expiry">
              <Bi k="adminCodeExpires" params={{ at: adminDateTime(code().expiresAt) }} />
            </p>
            <p class="notice notice-warning admin-code-once" role="note">
              <Bi k="adminCodeOnce" />
            </p>
            <div class="admin-dialog-actions">
              <button type="button" class="button button-primary" onClick={() => props.onClose()}>
                <Bi k="adminCodeDone" />
              </button>
            </div>
          </div>
        )}
      </Show>
    </AdminDialog>
  );
}
