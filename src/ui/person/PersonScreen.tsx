/**
 * One person at a glance, for a helper or care manager on a 10-inch tablet: the burden ratio large, then the
 * care level and certification, limits and balances, and where the figures came from. Everything is read
 * from the device's store, so it opens offline; the view model (person-view.ts) does the computing.
 */
import { createMemo, For, onMount, Show, type JSX } from 'solid-js';
import type { InsuredRecord } from '../../domain/insured.ts';
import type { CertificationDocument } from '../../domain/documents.ts';
import type { AreaGrade } from '../../domain/organisations.ts';
import { Bi, t } from '../i18n/Bi.tsx';
import { BiText } from '../i18n/BiText.tsx';
import type { MessageKey } from '../i18n/translate.ts';
import { translate } from '../i18n/translate.ts';
import { CopayEstimate } from './CopayEstimate.tsx';
import { DocumentsSection } from './DocumentsSection.tsx';
import { groupDigits, toPersonView, type PeriodText, type SourceView } from './person-view.ts';

export interface PersonScreenProps {
  /** The record, or undefined when the device holds no such person. */
  record: InsuredRecord | undefined;
  insurerName: string | undefined;
  fetchedAt: string | undefined;
  today: string;
  /** The office's 地域区分, for the copay estimate. */
  areaGrade: AreaGrade;
  /** For a care manager: loads the person's 主治医意見書/認定調査票 from the platform (online only). */
  documents?: { online: boolean; load: () => Promise<CertificationDocument[] | null> };
  onBack: () => void;
  /** The person's change notices with 「確認しました」 (src/ui/notices/PersonNotices.tsx). */
  notices?: JSX.Element;
  /** For a paper record, where 「紙の内容を修正」 leads (shown to roles that may enter paper cards). */
  paperEditHash?: string;
}

function Period(props: { period: PeriodText }): JSX.Element {
  return (
    <span class="period">
      <span class="period-wareki">{props.period.wareki}</span>
      <span class="period-seireki">{props.period.seireki}</span>
    </span>
  );
}

/** A labelled block of the screen. */
function Fact(props: { k: MessageKey; class?: string; testid?: string; children: JSX.Element }): JSX.Element {
  return (
    <section class={props.class ? `fact ${props.class}` : 'fact'} data-testid={props.testid}>
      <h2 class="fact-title">
        <Bi k={props.k} />
      </h2>
      <div class="fact-body">{props.children}</div>
    </section>
  );
}

function None(): JSX.Element {
  return <span class="muted">{t('noValue')}</span>;
}

function Bil(props: { k: MessageKey; params?: Record<string, string | number>; class?: string }): JSX.Element {
  return <BiText ja={translate('ja', props.k, props.params)} en={translate('en', props.k, props.params)} class={props.class} />;
}

/** Where the figures came from, in view beside the name: paper copies must never pass for platform data. */
function SourceLine(props: { source: SourceView }): JSX.Element {
  return (
    <p class="source" data-testid="person-source" data-kind={props.source.kind}>
      {(() => {
        const source = props.source;
        return source.kind === 'paper' ? (
          <>
            <Bi k="sourcePaper" class="badge badge-paper" />
            <span class="fact-detail">{t('sourcePaperBy', { by: source.enteredBy, at: source.enteredAt })}</span>
          </>
        ) : (
          <>
            <Bi k="sourcePlatform" class="badge badge-platform" />
            <span class="fact-detail">{source.fetchedAt === null ? t('neverFetched') : t('lastFetched', { time: source.fetchedAt })}</span>
          </>
        );
      })()}
    </p>
  );
}

export function PersonScreen(props: PersonScreenProps): JSX.Element {
  let heading: HTMLHeadingElement | undefined;
  const view = createMemo(() => (props.record ? toPersonView(props.record, props.today, { insurerName: props.insurerName, fetchedAt: props.fetchedAt }) : undefined));
  onMount(() => heading?.focus());

  return (
    <section class="person-screen" aria-labelledby="person-heading" data-testid="person-screen">
      <div class="person-toolbar">
        <button type="button" class="button back-button" onClick={() => props.onBack()} data-testid="back-to-list">
          <span aria-hidden="true" class="back-arrow">
            ←
          </span>
          <Bi k="backToList" />
        </button>
        <h1 id="person-heading" class="screen-title person-title" tabindex="-1" ref={(el) => (heading = el)}>
          <Show when={view()} fallback={<Bi k="personNotFound" />}>
            {(v) => (
              <span class="bi">
                <span class="bi-ja">{v().name}</span>
                <span class="bi-en person-kana">{v().nameKana}</span>
              </span>
            )}
          </Show>
        </h1>
        <Show when={view()}>
          {(v) => (
            <div class="person-meta">
              <p class="person-ids">
                <span>{t('insuredNumberIs', { number: v().insuredNumber })}</span>
                <span>{v().insurerName}</span>
              </p>
              <SourceLine source={v().source} />
              <Show when={v().source.kind === 'paper' && props.paperEditHash}>
                {(href) => (
                  <a class="button" href={href()} data-testid="paper-edit">
                    <Bi k="paperEditButton" />
                  </a>
                )}
              </Show>
            </div>
          )}
        </Show>
      </div>
      <Show when={view()}>
        {(v) => (
          <div class="person-body">
            <Fact k="columnBurdenRatio" class="fact-burden" testid="person-burden">
              <Show when={v().burden} fallback={<None />}>
                {(b) => (
                  <>
                    <span class={`burden-big burden-${b().ratio}`} data-testid="burden-ratio">
                      {b().label}
                    </span>
                    <Period period={b().period} />
                  </>
                )}
              </Show>
              <Show when={v().nextBurden}>
                {(n) => (
                  <p class={`next-burden burden-${n().ratio}`} data-testid="next-burden">
                    <BiText ja={n().textJa} en={n().textEn} />
                  </p>
                )}
              </Show>
            </Fact>

            <Fact k="careLevelFull" testid="person-care-level">
              <BiText ja={v().careLevelJa} en={v().careLevelEn} class="fact-value" />
            </Fact>

            <Fact k="certificationPeriod" testid="person-certification">
              <Show when={v().certificationPeriod} fallback={<None />}>
                {(c) => (
                  <>
                    <Period period={c().period} />
                    <Show when={c().urgency === 'expired'}>
                      <span class="tag tag-big tag-expired">{t('certificationEnded')}</span>
                    </Show>
                    <Show when={c().urgency !== 'expired'}>
                      <span class={`tag tag-big tag-${c().urgency}`}>{t('certificationDaysLeft', { days: c().daysLeft })}</span>
                    </Show>
                  </>
                )}
              </Show>
            </Fact>

            <Fact k="certificationApplication" testid="person-application">
              <Show when={v().application} fallback={<None />}>
                {(a) => (
                  <>
                    <BiText ja={a().statusJa} en={a().statusEn} class="fact-value" />
                    <span class="fact-detail">{t('appliedOn', { date: a().appliedOn })}</span>
                    <Show when={a().reviewBoardOn}>{(d) => <span class="fact-detail">{t('reviewBoardOn', { date: d() })}</span>}</Show>
                  </>
                )}
              </Show>
            </Fact>

            <Fact k="benefitLimit" testid="person-benefit-limit">
              <Show when={v().benefitLimitUnits} fallback={<None />}>
                {(u) => <Bil k="unitsPerMonth" params={{ units: groupDigits(u()) }} class="fact-value" />}
              </Show>
            </Fact>

            <Fact k="benefitRestrictions">
              <Show when={v().restrictions.length > 0} fallback={<None />}>
                <ul class="fact-list">
                  <For each={v().restrictions}>
                    {(r) => (
                      <li>
                        <span class="fact-value">{r.content}</span>
                        <Period period={r.period} />
                      </li>
                    )}
                  </For>
                </ul>
              </Show>
            </Fact>

            {props.notices}

            <Show when={props.documents}>{(documents) => <DocumentsSection online={documents().online} load={documents().load} />}</Show>

            <Show when={props.record}>{(record) => <CopayEstimate record={record()} today={props.today} areaGrade={props.areaGrade} />}</Show>

            <Fact k="costLimit" class="fact-wide">
              <Show when={v().costLimit} fallback={<None />}>
                {(c) => (
                  <>
                    <BiText ja={c().stageJa} en={c().stageEn} class="fact-value" />
                    <Period period={c().period} />
                    <dl class="limits">
                      <Show when={c().foodFacilityYen !== null}>
                        <dt>{t('foodFacility')}</dt>
                        <dd>{t('yenPerDay', { yen: groupDigits(c().foodFacilityYen ?? 0) })}</dd>
                      </Show>
                      <Show when={c().foodShortStayYen !== null}>
                        <dt>{t('foodShortStay')}</dt>
                        <dd>{t('yenPerDay', { yen: groupDigits(c().foodShortStayYen ?? 0) })}</dd>
                      </Show>
                      <For each={c().residence}>
                        {(r) => (
                          <>
                            <dt>{r.labelJa}</dt>
                            <dd>{t('yenPerDay', { yen: groupDigits(r.yen) })}</dd>
                          </>
                        )}
                      </For>
                    </dl>
                  </>
                )}
              </Show>
            </Fact>

            <Fact k="assignedCareManagementOffice">
              <Show when={v().careManagementOffice} fallback={<None />}>
                {(name) => <span class="fact-value">{name()}</span>}
              </Show>
            </Fact>

            <Fact k="homeModification" testid="person-home-modification">
              <Show when={v().homeModification} fallback={<None />}>
                {(b) => (
                  <>
                    <Bil k="remainingYen" params={{ yen: groupDigits(b().remainingYen) }} class="fact-value" />
                    <span class="fact-detail">{t('usedOfLimitYen', { used: groupDigits(b().usedYen), limit: groupDigits(b().limitYen) })}</span>
                  </>
                )}
              </Show>
            </Fact>

            <Fact k="welfareEquipmentPurchase" testid="person-welfare-equipment">
              <Show when={v().welfareEquipment} fallback={<None />}>
                {(b) => (
                  <>
                    <Bil k="remainingYen" params={{ yen: groupDigits(b().remainingYen) }} class="fact-value" />
                    <span class="fact-detail">{t('usedOfLimitYen', { used: groupDigits(b().usedYen), limit: groupDigits(b().limitYen) })}</span>
                  </>
                )}
              </Show>
            </Fact>
          </div>
        )}
      </Show>
    </section>
  );
}
