/**
 * The frame every field of the paper-entry form shares: its label in Japanese with English, 任意 when optional,
 * the hint under the control, and the field's error in Japanese with English beneath. The control (an input or
 * a select) comes as a function of its link: the id the label and the error summary point at, aria-invalid,
 * and aria-describedby naming the hint and the error, so a screen reader reads the error on the control itself.
 */
import { Show, type JSX } from 'solid-js';
import { PAPER_FIELD_LABELS, type PaperField, type PaperFieldError } from '../../domain/paper-entry.ts';
import { Bi, t } from '../i18n/Bi.tsx';
import { BiText } from '../i18n/BiText.tsx';
import type { MessageKey } from '../i18n/translate.ts';

/** The id of a field's control, which the label's `for` and the summary's links name. */
export function paperFieldId(field: PaperField): string {
  return `paper-${field}`;
}

/** What a control needs to be linked to its frame. Getters: they follow the current error. */
export interface PaperControlLink {
  readonly id: string;
  readonly invalid: 'true' | undefined;
  readonly describedBy: string | undefined;
}

export interface PaperFieldFrameProps {
  field: PaperField;
  error: PaperFieldError | undefined;
  hint?: MessageKey | undefined;
  optional?: boolean;
  wide?: boolean;
  children: (link: PaperControlLink) => JSX.Element;
}

/** A field's error, Japanese first with English beneath; the same text beside the field and in the summary. */
export function PaperFieldErrorText(props: { error: PaperFieldError }): JSX.Element {
  return (
    <BiText ja={props.error.ja} en={props.error.en} />
  );
}

export function PaperFieldFrame(props: PaperFieldFrameProps): JSX.Element {
  const id = paperFieldId(props.field);
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const link: PaperControlLink = {
    id,
    get invalid() {
      return props.error ? 'true' : undefined;
    },
    get describedBy() {
      return [props.hint ? hintId : '', props.error ? errorId : ''].filter(Boolean).join(' ') || undefined;
    },
  };
  const control = props.children(link);
  return (
    <div class={props.wide ? 'paper-field paper-field-wide' : 'paper-field'} data-field={props.field}>
      <label for={id} class="field-label">
        <BiText ja={PAPER_FIELD_LABELS[props.field].ja} en={PAPER_FIELD_LABELS[props.field].en} />
        <Show when={props.optional}>
          <span class="paper-optional">（{t('paperOptional')}）</span>
        </Show>
      </label>
      {control}
      <Show when={props.hint}>
        {(key) => (
          <span id={hintId} class="paper-hint">
            <Bi k={key()} />
          </span>
        )}
      </Show>
      <Show when={props.error}>
        {(error) => (
          <span id={errorId} class="paper-error" data-testid={`paper-error-${props.field}`}>
            <PaperFieldErrorText error={error()} />
          </span>
        )}
      </Show>
    </div>
  );
}
