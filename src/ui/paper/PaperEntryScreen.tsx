/**
 * The paper-entry screen (紙から転記) for a 10-inch tablet: staff copy a paper 被保険者証 and 負担割合証 for an
 * insurer not on the platform today, or correct such an entry. The form logic is src/domain/paper-entry.ts;
 * this component shows each error beside its field and in a summary, and focuses the first wrong field.
 * Saving is the caller's (an outbox mutation and the person's row in one transaction, offline too).
 */
import { createMemo, createSignal, For, onMount, Show, type JSX } from 'solid-js';
import { CARE_LEVEL_LABEL_EN, CARE_LEVEL_LABEL_JA } from '../../domain/care-level.ts';
import type { InsuredRecord, InsuredRecordContent } from '../../domain/insured.ts';
import type { Insurer } from '../../domain/organisations.ts';
import {
  contentToPaperForm,
  EMPTY_PAPER_FORM,
  PAPER_CARE_LEVELS,
  PAPER_FIELD_LABELS,
  paperFormToContent,
  type PaperField,
  type PaperFieldError,
  type PaperForm,
} from '../../domain/paper-entry.ts';
import { Bi, t } from '../i18n/Bi.tsx';
import type { MessageKey } from '../i18n/translate.ts';
import { PaperFieldErrorText, PaperFieldFrame, paperFieldId } from './PaperFieldFrame.tsx';
import './paper-entry.css';

export interface PaperEntryScreenProps {
  /** The paper record being corrected; undefined for a new entry. */
  editing: InsuredRecord | undefined;
  /** True on the edit route when the device holds no record, or one that did not come from paper. */
  notEditable: boolean;
  /** Insurers the device knows; only those not on the platform today are offered. */
  insurers: readonly Insurer[];
  today: string;
  staffName: string;
  onSave: (content: InsuredRecordContent, replacesVersion: number | null) => Promise<void>;
  onCancel: () => void;
}

const DATE_FIELDS: ReadonlySet<PaperField> = new Set([
  'birthDate',
  'issuedOn',
  'certifiedOn',
  'certificationFrom',
  'certificationTo',
  'burdenFrom',
  'burdenTo',
  'burdenNextFrom',
  'burdenNextTo',
  'burdenIssuedOn',
]);
const OPTIONAL_FIELDS: ReadonlySet<PaperField> = new Set(['certifiedOn', 'benefitLimitUnits', 'burdenNextFrom', 'burdenNextTo', 'burdenIssuedOn']);
const RATIO_OPTIONS = [
  ['1', '1割', '10%'],
  ['2', '2割', '20%'],
  ['3', '3割', '30%'],
] as const;

export function PaperEntryScreen(props: PaperEntryScreenProps): JSX.Element {
  const [form, setForm] = createSignal<PaperForm>(props.editing ? contentToPaperForm(props.editing) : { ...EMPTY_PAPER_FORM });
  const [errors, setErrors] = createSignal<readonly PaperFieldError[]>([]);
  const [saving, setSaving] = createSignal(false);
  const [saveFailed, setSaveFailed] = createSignal<string>();
  let heading: HTMLHeadingElement | undefined;
  onMount(() => heading?.focus());

  const offPlatform = createMemo(() =>
    props.insurers.filter((i) => (i.platformLiveFrom === null || i.platformLiveFrom > props.today) || i.insurerNumber === props.editing?.insurerNumber),
  );
  const errorOf = (field: PaperField): PaperFieldError | undefined => errors().find((e) => e.field === field);
  const set = (field: PaperField, value: string): void => {
    setForm({ ...form(), [field]: value });
  };

  const submit = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    if (saving()) return;
    const result = paperFormToContent(form(), props.today, props.editing);
    if (!result.ok) {
      setErrors(result.errors);
      const first = result.errors[0];
      if (first) document.getElementById(paperFieldId(first.field))?.focus();
      return;
    }
    setErrors([]);
    setSaving(true);
    setSaveFailed(undefined);
    try {
      await props.onSave(result.content, props.editing?.version ?? null);
    } catch (error) {
      setSaveFailed(error instanceof Error && 'messageJa' in error && typeof error.messageJa === 'string' ? error.messageJa : t('paperSaveFailed'));
    } finally {
      setSaving(false);
    }
  };

  /** A labelled input with its hint and its error beside it. */
  const Field = (p: { field: PaperField; hint?: MessageKey; inputmode?: 'numeric' | 'text'; autocomplete?: string; wide?: boolean }): JSX.Element => (
    <PaperFieldFrame
      field={p.field}
      error={errorOf(p.field)}
      hint={p.hint ?? (DATE_FIELDS.has(p.field) ? 'paperDateHint' : undefined)}
      optional={OPTIONAL_FIELDS.has(p.field)}
      wide={p.wide ?? false}
    >
      {(link) => (
        <input
          id={link.id}
          class="text-input paper-input"
          type="text"
          inputmode={p.inputmode ?? 'text'}
          autocomplete={p.autocomplete ?? 'off'}
          spellcheck={false}
          value={form()[p.field]}
          onInput={(e) => set(p.field, e.currentTarget.value)}
          aria-invalid={link.invalid}
          aria-describedby={link.describedBy}
        />
      )}
    </PaperFieldFrame>
  );

  /** A labelled select; options are [value, ja, en]. */
  const Choice = (p: { field: PaperField; options: readonly (readonly [string, string, string])[] }): JSX.Element => (
    <PaperFieldFrame field={p.field} error={errorOf(p.field)}>
      {(link) => (
        <select
          id={link.id}
          class="text-input paper-input"
          value={form()[p.field]}
          onChange={(e) => set(p.field, e.currentTarget.value)}
          aria-invalid={link.invalid}
          aria-describedby={link.describedBy}
        >
          <option value="">{t('paperChoose')}</option>
          <For each={p.options}>
            {([value, ja, en]) => (
              <option value={value} selected={form()[p.field] === value}>
                {ja} / {en}
              </option>
            )}
          </For>
        </select>
      )}
    </PaperFieldFrame>
  );

  return (
    <section class="paper-screen" aria-labelledby="paper-heading" data-testid="paper-entry-screen">
      <div class="person-toolbar">
        <button type="button" class="button back-button" onClick={() => props.onCancel()} data-testid="paper-cancel">
          <span aria-hidden="true" class="back-arrow">
            ←
          </span>
          <Bi k="paperCancel" />
        </button>
        <h1 id="paper-heading" class="screen-title" tabindex="-1" ref={(el) => (heading = el)}>
          <Bi k={props.editing ? 'paperEditHeading' : 'paperNewHeading'} />
        </h1>
      </div>
      <p class="paper-intro">
        <Bi k="paperIntro" />
      </p>
      <p class="paper-entered-by" data-testid="paper-entered-by">
        <Bi k="sourcePaper" class="badge badge-paper" /> {t('paperEnteredByLine', { name: props.staffName })}
      </p>

      <Show
        when={!props.notEditable}
        fallback={
          <div class="notice notice-error" role="alert" data-testid="paper-not-editable">
            <Bi k="paperNotPaper" />
          </div>
        }
      >
        <Show
          when={offPlatform().length > 0}
          fallback={
            <div class="notice notice-warning" role="status" data-testid="paper-no-insurers">
              <Bi k="paperNoInsurers" />
            </div>
          }
        >
          <form class="paper-form" novalidate onSubmit={(e) => void submit(e)}>
            <Show when={errors().length > 0}>
              <div class="notice notice-error paper-summary" role="alert" data-testid="paper-error-summary">
                <p class="paper-summary-title">
                  <Bi k="paperErrorSummary" params={{ count: errors().length }} />
                </p>
                <ul>
                  <For each={errors()}>
                    {(e) => (
                      <li>
                        <a href={`#${paperFieldId(e.field)}`} onClick={(ev) => (ev.preventDefault(), document.getElementById(paperFieldId(e.field))?.focus())}>
                          <PaperFieldErrorText error={e} />
                        </a>
                      </li>
                    )}
                  </For>
                </ul>
              </div>
            </Show>

            <fieldset class="paper-group">
              <legend>
                <Bi k="paperInsuredCard" />
              </legend>
              <Show
                when={!props.editing}
                fallback={
                  <p class="paper-fixed" data-testid="paper-fixed-ids">
                    {PAPER_FIELD_LABELS.insuredNumber.ja}: {form().insuredNumber}
                  </p>
                }
              >
                <Choice field="insurerNumber" options={offPlatform().map((i) => [i.insurerNumber, `${i.name}（${i.insurerNumber}）`, i.insurerNumber] as const)} />
                <Field field="insuredNumber" inputmode="numeric" />
              </Show>
              <Field field="name" autocomplete="off" />
              <Field field="nameKana" />
              <Field field="birthDate" />
              <Choice
                field="sex"
                options={[
                  ['male', t('paperSexMale'), 'Male'],
                  ['female', t('paperSexFemale'), 'Female'],
                ]}
              />
              <Field field="postalCode" inputmode="numeric" />
              <Field field="address" wide />
              <Field field="issuedOn" />
              <Choice field="careLevel" options={PAPER_CARE_LEVELS.map((level) => [level, CARE_LEVEL_LABEL_JA[level], CARE_LEVEL_LABEL_EN[level]] as const)} />
              <Field field="certifiedOn" />
              <Field field="certificationFrom" />
              <Field field="certificationTo" />
              <Field field="benefitLimitUnits" inputmode="numeric" hint="paperUnitsHint" />
            </fieldset>

            <fieldset class="paper-group">
              <legend>
                <Bi k="paperBurdenCard" />
              </legend>
              <Choice field="burdenRatio" options={RATIO_OPTIONS} />
              <Field field="burdenFrom" />
              <Field field="burdenTo" />
              <p class="paper-subgroup-hint">
                <Bi k="paperNextPeriodHint" />
              </p>
              <Choice field="burdenNextRatio" options={RATIO_OPTIONS} />
              <Field field="burdenNextFrom" />
              <Field field="burdenNextTo" />
              <Field field="burdenIssuedOn" />
            </fieldset>

            <Show when={saveFailed()}>
              {(message) => (
                <div class="notice notice-error" role="alert" data-testid="paper-save-failed">
                  {message()}
                </div>
              )}
            </Show>
            <div class="form-actions">
              <button type="submit" class="button button-primary paper-save" disabled={saving()} data-testid="paper-save">
                <Bi k={saving() ? 'paperSaving' : 'paperSave'} />
              </button>
              <button type="button" class="button" onClick={() => props.onCancel()}>
                <Bi k="paperCancel" />
              </button>
            </div>
          </form>
        </Show>
      </Show>
    </section>
  );
}
