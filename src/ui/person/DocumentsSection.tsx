/**
 * 主治医意見書 and 認定調査票 for the care manager: fetched from the platform when the person screen opens online
 * (the server hands them to care managers only, and logs the read); deliberately never stored on the tablet —
 * clinical documents are 要配慮個人情報 and a care manager reads them at the desk, not on a visit.
 */
import { createResource, For, Match, Show, Switch, type JSX } from 'solid-js';
import type { AssessmentSurvey, CertificationDocument, DoctorOpinion } from '../../domain/documents.ts';
import { formatWareki } from '../../domain/wareki.ts';
import { Bi, t } from '../i18n/Bi.tsx';

function wareki(date: string): string {
  try {
    return formatWareki(date);
  } catch {
    return date;
  }
}

function Opinion(props: { doc: DoctorOpinion }): JSX.Element {
  return (
    <details class="document" data-testid="doctor-opinion">
      <summary>
        <Bi k="doctorOpinion" /> {props.doc.clinicName}・{props.doc.attendingPhysician}（{t('writtenOn', { date: wareki(props.doc.writtenOn) })}）
      </summary>
      <dl class="document-facts">
        <dt>{t('receivedOn')}</dt>
        <dd>{wareki(props.doc.receivedOn)}</dd>
        <dt>{t('diagnoses')}</dt>
        <dd>
          <ul class="fact-list">
            <For each={props.doc.diagnoses}>{(d) => <li>{d.name}{d.onsetOn ? `（${t('onsetOn', { date: wareki(d.onsetOn) })}）` : ''}</li>}</For>
          </ul>
        </dd>
        <dt>{t('physicalIndependence')}</dt>
        <dd>{props.doc.physicalIndependence || '—'}</dd>
        <dt>{t('cognitiveIndependence')}</dt>
        <dd>{props.doc.cognitiveIndependence || '—'}</dd>
      </dl>
      <For each={props.doc.sections}>
        {(section) => (
          <section class="document-section">
            <h4>{section.heading}</h4>
            <p class="document-body">{section.body}</p>
          </section>
        )}
      </For>
    </details>
  );
}

function Survey(props: { doc: AssessmentSurvey }): JSX.Element {
  return (
    <details class="document" data-testid="assessment-survey">
      <summary>
        <Bi k="assessmentSurvey" /> {t('surveyedOn', { date: wareki(props.doc.surveyedOn) })}・{props.doc.surveyor}
      </summary>
      <p class="fact-detail">{t('surveyPlace', { place: props.doc.place })}</p>
      <For each={props.doc.groups}>
        {(group) => (
          <table class="document-table">
            <caption>
              {t('surveyGroup', { group: group.group })} {group.title}
            </caption>
            <tbody>
              <For each={group.items}>
                {(item) => (
                  <tr>
                    <th scope="row">{item.item}</th>
                    <td>{item.answer}</td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        )}
      </For>
      <Show when={props.doc.specialNotes}>
        <section class="document-section">
          <h4>{t('specialNotes')}</h4>
          <p class="document-body">{props.doc.specialNotes}</p>
        </section>
      </Show>
    </details>
  );
}

export function DocumentsSection(props: { online: boolean; load: () => Promise<CertificationDocument[] | null> }): JSX.Element {
  const [documents] = createResource(
    () => props.online || undefined,
    () => props.load(),
  );
  return (
    <section class="fact fact-wide documents" aria-labelledby="documents-heading" data-testid="person-documents">
      <h2 class="fact-title" id="documents-heading">
        <Bi k="documentsHeading" />
      </h2>
      <Switch>
        <Match when={!props.online}>
          <p class="fact-detail">
            <Bi k="documentsOnlineOnly" />
          </p>
        </Match>
        <Match when={documents.loading}>
          <p class="fact-detail" role="status">
            <Bi k="loading" />
          </p>
        </Match>
        <Match when={documents.error}>
          <p class="fact-detail" role="alert">
            <Bi k="documentsFailed" />
          </p>
        </Match>
        <Match when={documents()?.length === 0}>
          <p class="fact-detail">
            <Bi k="documentsNone" />
          </p>
        </Match>
        <Match when={documents()}>
          {(docs) => (
            <For each={docs()}>{(doc) => (doc.kind === 'doctorOpinion' ? <Opinion doc={doc} /> : <Survey doc={doc} />)}</For>
          )}
        </Match>
      </Switch>
    </section>
  );
}
