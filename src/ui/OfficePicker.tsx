/** Chooses the office (事業所) this device works for, preselecting the care-management office. */
import { createSignal, For, Show, type JSX } from 'solid-js';
import type { Provider } from '../domain/organisations.ts';
import { Bi, t } from './i18n/Bi.tsx';

export interface OfficePickerProps {
  providers: readonly Provider[];
  suggested: string | undefined;
  loading: boolean;
  canCancel: boolean;
  onChoose: (providerNumber: string) => void;
  onCancel: () => void;
  onRetry: () => void;
}

export function OfficePicker(props: OfficePickerProps): JSX.Element {
  const [selected, setSelected] = createSignal<string | undefined>();
  const choice = (): string | undefined => selected() ?? props.suggested;
  return (
    <section class="office-picker" aria-labelledby="office-picker-title">
      <h1 id="office-picker-title">
        <Bi k="chooseOfficeHeading" />
      </h1>
      <p class="hint">
        <Bi k="chooseOfficeHint" />
      </p>
      <Show
        when={props.providers.length > 0}
        fallback={
          <Show when={!props.loading} fallback={<p class="state-message" role="status"><Bi k="loading" /></p>}>
            <div class="state-message" role="alert">
              <Bi k="noProviders" />
              <button type="button" class="button" onClick={() => props.onRetry()}>
                <Bi k="retry" />
              </button>
            </div>
          </Show>
        }
      >
        <form
          class="office-form"
          onSubmit={(event) => {
            event.preventDefault();
            const providerNumber = choice();
            if (providerNumber) props.onChoose(providerNumber);
          }}
        >
          <label for="office-select" class="field-label">
            <Bi k="chooseOfficeLabel" />
          </label>
          <select id="office-select" class="select" onChange={(event) => setSelected(event.currentTarget.value)}>
            <For each={props.providers}>
              {(provider) => (
                <option value={provider.providerNumber} selected={provider.providerNumber === choice()}>
                  {provider.name}（{t(provider.kind)}・{provider.providerNumber}）
                </option>
              )}
            </For>
          </select>
          <div class="form-actions">
            <button type="submit" class="button button-primary" data-testid="choose-office">
              <Bi k="startWithOffice" />
            </button>
            <Show when={props.canCancel}>
              <button type="button" class="button" onClick={() => props.onCancel()}>
                <Bi k="cancel" />
              </button>
            </Show>
          </div>
        </form>
      </Show>
    </section>
  );
}
