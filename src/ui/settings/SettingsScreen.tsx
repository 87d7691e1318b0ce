/**
 * 設定: text size and English labels (applied at once, kept on this tablet), what this device is (name, office,
 * enrollment expiry, idle lock), whether its storage is persistent and how much it uses, the sync status, and
 * the app's version.
 */
import { createSignal, For, onMount, Show, type JSX } from 'solid-js';
import type { PersistenceState } from '../../data/persist-storage.ts';
import { formatWareki } from '../../domain/wareki.ts';
import { APP_VERSION } from '../../env/app-version.ts';
import { tokyoDate } from '../format/tokyo-time.ts';
import { Bi } from '../i18n/Bi.tsx';
import type { MessageKey } from '../i18n/translate.ts';
import { applyDisplaySettings, readDisplaySettings, writeDisplaySettings, type DisplaySettings, type TextSize } from './display-settings.ts';

const TEXT_SIZES: readonly { value: TextSize; label: MessageKey }[] = [
  { value: 'normal', label: 'textSizeNormal' },
  { value: 'large', label: 'textSizeLarge' },
  { value: 'extraLarge', label: 'textSizeExtraLarge' },
];

function megabytes(bytes: number): string {
  return `${(bytes / 1_048_576).toFixed(bytes < 10_485_760 ? 1 : 0)} MB`;
}

export function SettingsScreen(props: {
  deviceName: string | undefined;
  officeName: string | undefined;
  credentialExpiresAt: string | undefined;
  idleLockMinutes: number;
  persistence: PersistenceState;
  estimate: () => Promise<{ usage?: number; quota?: number } | undefined>;
  sync?: JSX.Element;
  onBack: () => void;
}): JSX.Element {
  const [display, setDisplay] = createSignal<DisplaySettings>(readDisplaySettings(globalThis.localStorage));
  const [usage, setUsage] = createSignal<{ usage?: number; quota?: number }>();
  onMount(() => void props.estimate().then(setUsage, () => undefined));
  const update = (patch: Partial<DisplaySettings>): void => {
    const next = { ...display(), ...patch };
    setDisplay(next);
    writeDisplaySettings(globalThis.localStorage, next);
    applyDisplaySettings(document.documentElement, next);
  };
  const expiry = (): string | undefined => {
    const at = props.credentialExpiresAt;
    if (!at) return undefined;
    const day = tokyoDate(new Date(at));
    return `${formatWareki(day)}（${day}）`;
  };

  return (
    <section class="settings-screen" aria-labelledby="settings-title">
      <div class="settings-top">
        <button type="button" class="button" onClick={() => props.onBack()}>
          <Bi k="settingsBack" />
        </button>
        <h1 id="settings-title">
          <Bi k="settingsHeading" />
        </h1>
      </div>

      <fieldset class="settings-group">
        <legend>
          <Bi k="textSizeLegend" />
        </legend>
        <div class="segmented">
          <For each={TEXT_SIZES}>
            {(size) => (
              <label class="segment">
                <input type="radio" name="text-size" value={size.value} checked={display().textSize === size.value} onChange={() => update({ textSize: size.value })} />
                <Bi k={size.label} />
              </label>
            )}
          </For>
        </div>
      </fieldset>

      <fieldset class="settings-group">
        <legend>
          <Bi k="englishLegend" />
        </legend>
        <div class="segmented">
          <label class="segment">
            <input type="radio" name="english" checked={display().showEnglish} onChange={() => update({ showEnglish: true })} />
            <Bi k="englishShown" />
          </label>
          <label class="segment">
            <input type="radio" name="english" checked={!display().showEnglish} onChange={() => update({ showEnglish: false })} />
            <Bi k="englishHidden" />
          </label>
        </div>
      </fieldset>

      <section class="settings-group" aria-labelledby="settings-device">
        <h2 id="settings-device">
          <Bi k="deviceSection" />
        </h2>
        <dl class="settings-facts">
          <dt>
            <Bi k="deviceName" />
          </dt>
          <dd>{props.deviceName ?? '—'}</dd>
          <dt>
            <Bi k="deviceOffice" />
          </dt>
          <dd>{props.officeName ?? '—'}</dd>
          <dt>
            <Bi k="deviceCredentialExpires" />
          </dt>
          <dd>{expiry() ?? '—'}</dd>
          <dt>
            <Bi k="idleLock" />
          </dt>
          <dd>
            <Bi k="idleLockValue" params={{ minutes: props.idleLockMinutes }} />
          </dd>
        </dl>
      </section>

      <section class="settings-group" aria-labelledby="settings-storage">
        <h2 id="settings-storage">
          <Bi k="storageSection" />
        </h2>
        <p data-testid="storage-persistence">
          <Bi k={props.persistence === 'persisted' ? 'storagePersisted' : props.persistence === 'notPersisted' ? 'storageNotPersisted' : 'storageUnsupported'} />
        </p>
        <Show when={usage()?.usage !== undefined && usage()?.quota !== undefined}>
          <p>
            <Bi k="storageUsage" params={{ used: megabytes(usage()?.usage ?? 0), quota: megabytes(usage()?.quota ?? 0) }} />
          </p>
        </Show>
      </section>

      <Show when={props.sync}>
        <section class="settings-group" aria-labelledby="settings-sync">
          <h2 id="settings-sync">
            <Bi k="syncSection" />
          </h2>
          {props.sync}
        </section>
      </Show>

      <section class="settings-group" aria-labelledby="settings-version">
        <h2 id="settings-version">
          <Bi k="versionSection" />
        </h2>
        <p data-testid="app-version">つなぎ {APP_VERSION}</p>
      </section>
    </section>
  );
}
