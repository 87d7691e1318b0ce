/**
 * 自己負担の目安 on the person screen: choose the service and the units for a month, see the units against the
 * limit and, as bars, what the insurance pays and what the person pays — now and after an announced change of
 * the burden ratio. The figures are also written out (the bars are a picture of the same numbers).
 */
import { createMemo, createSignal, For, Show, type JSX } from 'solid-js';
import type { InsuredRecord } from '../../domain/insured.ts';
import type { AreaGrade } from '../../domain/organisations.ts';
import { formatWarekiShort } from '../../domain/wareki.ts';
import { Bi, t } from '../i18n/Bi.tsx';
import { estimateCopay, type CopayScenario } from './copay-estimate.ts';
import { groupDigits } from './person-view.ts';

/** Services a home-visit or day-service office plans most, in the 被保険者証's own words. */
const SERVICE_CHOICES: readonly [string, string][] = [
  ['11', '訪問介護'],
  ['13', '訪問看護'],
  ['15', '通所介護'],
  ['16', '通所リハビリテーション'],
  ['17', '福祉用具貸与'],
  ['21', '短期入所生活介護'],
];

function Bar(props: { scenario: CopayScenario; scale: number; label: string }): JSX.Element {
  const part = (yen: number): string => `${(yen / props.scale) * 100}%`;
  const ownWithinLimit = (): number => props.scenario.copayYen - props.scenario.overLimitYen;
  return (
    <div class="copay-bar-row">
      <span class="copay-bar-label">{props.label}</span>
      <div class="copay-bar" aria-hidden="true">
        <span class="copay-bar-insurance" style={{ width: part(props.scenario.insuranceYen) }} />
        <span class="copay-bar-self" style={{ width: part(ownWithinLimit()) }} />
        <span class="copay-bar-over" style={{ width: part(props.scenario.overLimitYen) }} />
      </div>
      <span class="copay-bar-value">
        <strong>{t('copayYen', { yen: groupDigits(props.scenario.copayYen) })}</strong>
        <span class="fact-detail">{t('copayTotal', { yen: groupDigits(props.scenario.totalCostYen) })}</span>
      </span>
    </div>
  );
}

export function CopayEstimate(props: { record: InsuredRecord; today: string; areaGrade: AreaGrade }): JSX.Element {
  const [serviceKind, setServiceKind] = createSignal('11');
  const [units, setUnits] = createSignal<number | undefined>();
  const limit = (): number | undefined => props.record.eligibility.benefitLimit?.units;
  const estimate = createMemo(() => {
    const chosen = units() ?? Math.round((limit() ?? 0) * 0.6);
    try {
      return estimateCopay(props.record, props.today, props.areaGrade, serviceKind(), chosen);
    } catch {
      // A month the rule tables do not cover yet: no estimate rather than a wrong one.
      return null;
    }
  });
  const scale = (): number => {
    const e = estimate();
    return e ? Math.max(e.now.totalCostYen, e.afterChange?.totalCostYen ?? 0, 1) : 1;
  };
  const summary = (): string => {
    const e = estimate();
    if (!e) return '';
    const now = `${t('copayNow', { ratio: e.now.burdenRatio })} ${t('copayYen', { yen: groupDigits(e.now.copayYen) })}`;
    const after = e.afterChange ? `、${t('copayAfter', { from: formatWarekiShort(e.afterChange.from), ratio: e.afterChange.burdenRatio })} ${t('copayYen', { yen: groupDigits(e.afterChange.copayYen) })}` : '';
    return now + after;
  };

  return (
    <Show when={estimate()}>
      {(e) => (
        <section class="fact fact-wide copay-estimate" data-testid="copay-estimate" aria-labelledby="copay-heading">
          <h2 class="fact-title" id="copay-heading">
            <Bi k="copayHeading" />
          </h2>
          <div class="copay-inputs">
            <label class="field-label" for="copay-service">
              <Bi k="copayServiceKind" />
            </label>
            <select id="copay-service" class="select" value={serviceKind()} onChange={(event) => setServiceKind(event.currentTarget.value)}>
              <For each={SERVICE_CHOICES}>{([code, name]) => <option value={code}>{name}</option>}</For>
            </select>
            <label class="field-label" for="copay-units">
              <Bi k="copayUnits" />
            </label>
            <input
              id="copay-units"
              class="text-input copay-units"
              type="number"
              inputMode="numeric"
              min="0"
              max="100000"
              step="100"
              value={e().units}
              onInput={(event) => {
                const value = Number(event.currentTarget.value);
                if (Number.isSafeInteger(value) && value >= 0 && value <= 100_000) setUnits(value);
              }}
            />
          </div>
          <meter class="copay-meter" min="0" max={e().benefitLimitUnits} value={Math.min(e().units, e().benefitLimitUnits)} aria-label={t('copayUnitsOfLimit', { units: groupDigits(e().units), limit: groupDigits(e().benefitLimitUnits) })} />
          <p class="fact-detail">
            <Bi k="copayUnitsOfLimit" params={{ units: groupDigits(e().units), limit: groupDigits(e().benefitLimitUnits) }} />
            <Show when={e().unitsOverLimit > 0}>
              <span class="tag tag-alert">{t('copayOverLimit', { units: groupDigits(e().unitsOverLimit) })}</span>
            </Show>
          </p>
          <div class="copay-chart" role="img" aria-label={t('copayChartLabel', { summary: summary() })}>
            <Bar scenario={e().now} scale={scale()} label={t('copayNow', { ratio: e().now.burdenRatio })} />
            <Show when={e().afterChange}>{(after) => <Bar scenario={after()} scale={scale()} label={t('copayAfter', { from: formatWarekiShort(after().from), ratio: after().burdenRatio })} />}</Show>
          </div>
          <p class="copay-legend" aria-hidden="true">
            <span class="legend-swatch copay-bar-insurance" /> {t('copayInsurance')} <span class="legend-swatch copay-bar-self" /> {t('copaySelf')}{' '}
            <span class="legend-swatch copay-bar-over" /> {t('copayOver')}
          </p>
          <p class="footnote">
            <Bi k="copayNote" params={{ grade: props.areaGrade }} />
          </p>
        </section>
      )}
    </Show>
  );
}
