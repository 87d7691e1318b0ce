/**
 * The office admin's screen (管理): certificate expiry warnings above three tabs — 職員 (staff, activation
 * codes, 退職・端末回収), 端末 (devices, 利用停止) and 監査ログ (audit log with CSV export). The tabs follow
 * the WAI-ARIA tabs pattern with automatic activation; the audit tab loads on first opening and then stays
 * mounted so its filters and pages survive switching tabs.
 */
import { createSignal, For, onMount, Show, type JSX } from 'solid-js';
import type { AdminApi } from '../../data/admin-api.ts';
import { Bi } from '../i18n/Bi.tsx';
import type { MessageKey } from '../i18n/translate.ts';
import './admin.css';
import { AuditTab } from './AuditTab.tsx';
import { createAdminLoad } from './create-admin-load.ts';
import { DevicesTab } from './DevicesTab.tsx';
import { ExpiryWarnings } from './ExpiryWarnings.tsx';
import { StaffTab } from './StaffTab.tsx';
import { tabIndexForKey } from './tab-keys.ts';

export interface AdminScreenProps {
  api: AdminApi;
  /** Today in Tokyo (YYYY-MM-DD): credential badges and the audit filter's default period. */
  today: string;
  /** The signed-in admin, who may not offboard themself. */
  currentStaffId: string;
  onClose: () => void;
}

export const ADMIN_TABS = ['staff', 'devices', 'audit'] as const;
export type AdminTab = (typeof ADMIN_TABS)[number];

const TAB_LABELS: Record<AdminTab, MessageKey> = {
  staff: 'adminTabStaff',
  devices: 'adminTabDevices',
  audit: 'adminTabAudit',
};

export function AdminScreen(props: AdminScreenProps): JSX.Element {
  const staff = createAdminLoad(() => props.api.listStaff());
  const devices = createAdminLoad(() => props.api.listDevices());
  const warnings = createAdminLoad(() => props.api.listExpiryWarnings());
  const [active, setActive] = createSignal<AdminTab>('staff');
  const [auditOpened, setAuditOpened] = createSignal(false);
  const tabs: Partial<Record<AdminTab, HTMLButtonElement>> = {};
  let heading: HTMLHeadingElement | undefined;

  function select(tab: AdminTab, focus: boolean): void {
    setActive(tab);
    if (tab === 'audit') setAuditOpened(true);
    if (focus) tabs[tab]?.focus();
  }

  function onTabKey(event: KeyboardEvent): void {
    const index = tabIndexForKey(event.key, ADMIN_TABS.indexOf(active()), ADMIN_TABS.length);
    if (index === null) return;
    event.preventDefault();
    const tab = ADMIN_TABS[index];
    if (tab) select(tab, true);
  }

  /** Loads (or reloads) staff, devices and warnings: an offboarding or a revoke changes all three. */
  async function reloadAll(): Promise<void> {
    await Promise.all([staff.reload(), devices.reload(), warnings.reload()]);
  }

  /**
   * After a change the rows are rebuilt, and the button that had focus back from a dialog may go with them
   * (a retired person has no 「退職・端末回収」, a revoked device no 「利用停止」): focus then falls to the
   * active tab panel instead of the page's start.
   */
  async function reloadAfterChange(): Promise<void> {
    await reloadAll();
    if (document.activeElement === document.body) document.getElementById(`admin-panel-${active()}`)?.focus();
  }

  onMount(() => {
    heading?.focus();
    void reloadAll();
  });

  return (
    <section class="admin-screen" aria-labelledby="admin-heading" data-testid="admin-screen">
      <div class="admin-toolbar">
        <h1 id="admin-heading" class="screen-title" tabindex="-1" ref={(el) => (heading = el)}>
          <Bi k="adminHeading" />
        </h1>
        <button type="button" class="button admin-close" onClick={() => props.onClose()} data-testid="admin-close">
          <Bi k="adminClose" />
        </button>
      </div>

      <div class="admin-content">
        <ExpiryWarnings warnings={warnings} />

        <div class="admin-tablist" role="tablist" aria-labelledby="admin-heading" onKeyDown={onTabKey}>
          <For each={ADMIN_TABS}>
            {(tab) => (
              <button
                type="button"
                role="tab"
                id={`admin-tab-${tab}`}
                class="admin-tab"
                aria-selected={active() === tab ? 'true' : 'false'}
                aria-controls={`admin-panel-${tab}`}
                tabindex={active() === tab ? 0 : -1}
                ref={(el) => (tabs[tab] = el)}
                onClick={() => select(tab, false)}
              >
                <Bi k={TAB_LABELS[tab]} />
              </button>
            )}
          </For>
        </div>

        <div role="tabpanel" id="admin-panel-staff" class="admin-panel" aria-labelledby="admin-tab-staff" tabindex="0" hidden={active() !== 'staff'}>
          <StaffTab api={props.api} staff={staff} currentStaffId={props.currentStaffId} onChanged={() => void reloadAfterChange()} />
        </div>
        <div role="tabpanel" id="admin-panel-devices" class="admin-panel" aria-labelledby="admin-tab-devices" tabindex="0" hidden={active() !== 'devices'}>
          <DevicesTab api={props.api} devices={devices} today={props.today} onChanged={() => void reloadAfterChange()} />
        </div>
        <div role="tabpanel" id="admin-panel-audit" class="admin-panel" aria-labelledby="admin-tab-audit" tabindex="0" hidden={active() !== 'audit'}>
          <Show when={auditOpened()}>
            <AuditTab api={props.api} today={props.today} staff={staff.value()?.staff ?? []} devices={devices.value()?.devices ?? []} />
          </Show>
        </div>
      </div>
    </section>
  );
}
