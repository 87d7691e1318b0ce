/**
 * What the notices screens show, computed without Solid or the DOM: the sentence for each kind of change (in
 * Japanese with 和暦 dates, and in English), the notices newest first with whether the signed-in staff member
 * has acknowledged them, how many each person has left unacknowledged (the list's badges), and for a care
 * manager, per provider serving the person, who acknowledged and when — or 未確認.
 *
 * "Unacknowledged by me" counts this staff member's own acknowledgement only: a colleague's does not clear it,
 * since each person on the team is to see the change themselves.
 */
import { CARE_LEVEL_LABEL_EN, CARE_LEVEL_LABEL_JA } from '../../domain/care-level.ts';
import type { ChangeEventDetail } from '../../domain/change-event.ts';
import { insuredKey } from '../../domain/identifiers.ts';
import { formatWareki } from '../../domain/wareki.ts';
import type { Notice } from '../../protocol/notices.ts';
import type { StoredNoticeAcknowledgement } from '../../data/stored-rows.ts';
import { tokyoClock, tokyoDate } from '../format/tokyo-time.ts';
import { CERTIFICATION_STATUS_LABEL_EN, CERTIFICATION_STATUS_LABEL_JA } from '../person/person-view.ts';

export interface BiText {
  readonly ja: string;
  readonly en: string;
}

function wareki(date: string): string {
  try {
    return formatWareki(date);
  } catch {
    return date;
  }
}

const ratioJa = (ratio: number): string => `${ratio}割`;
const ratioEn = (ratio: number): string => `${ratio * 10} %`;

/** The sentence for one change, e.g. 負担割合が 2割 → 3割 に変わります（令和8年8月1日から）. */
export function describeChange(detail: ChangeEventDetail): BiText {
  switch (detail.kind) {
    case 'burdenRatioChanged':
      return detail.from === null
        ? { ja: `負担割合が ${ratioJa(detail.to)} になります（${wareki(detail.effectiveOn)}から）`, en: `Burden ratio becomes ${ratioEn(detail.to)} (from ${detail.effectiveOn})` }
        : {
            ja: `負担割合が ${ratioJa(detail.from)} → ${ratioJa(detail.to)} に変わります（${wareki(detail.effectiveOn)}から）`,
            en: `Burden ratio changes from ${ratioEn(detail.from)} to ${ratioEn(detail.to)} (from ${detail.effectiveOn})`,
          };
    case 'careLevelChanged':
      return {
        ja: `要介護度 ${CARE_LEVEL_LABEL_JA[detail.from]} → ${CARE_LEVEL_LABEL_JA[detail.to]}`,
        en: `Care level ${CARE_LEVEL_LABEL_EN[detail.from]} → ${CARE_LEVEL_LABEL_EN[detail.to]}`,
      };
    case 'certificationRenewed':
      return {
        ja: `認定が更新されました（有効期間 ${wareki(detail.period.from)}〜${wareki(detail.period.to)}）`,
        en: `Certification renewed (valid ${detail.period.from} to ${detail.period.to})`,
      };
    case 'certificationProgress':
      return detail.from === null
        ? { ja: `認定の進み具合: ${CERTIFICATION_STATUS_LABEL_JA[detail.to]}`, en: `Certification: ${CERTIFICATION_STATUS_LABEL_EN[detail.to]}` }
        : {
            ja: `認定の進み具合: ${CERTIFICATION_STATUS_LABEL_JA[detail.from]} → ${CERTIFICATION_STATUS_LABEL_JA[detail.to]}`,
            en: `Certification: ${CERTIFICATION_STATUS_LABEL_EN[detail.from]} → ${CERTIFICATION_STATUS_LABEL_EN[detail.to]}`,
          };
    case 'doctorOpinionReceived':
      return { ja: `主治医意見書が届きました（${wareki(detail.receivedOn)}受領）`, en: `Doctor's opinion received (${detail.receivedOn})` };
    case 'assessmentSurveyReceived':
      return { ja: `認定調査票が届きました（${wareki(detail.surveyedOn)}調査）`, en: `Assessment survey received (surveyed ${detail.surveyedOn})` };
    case 'costLimitChanged':
      return { ja: '負担限度額認定が変わりました', en: 'Cost-limit certification changed' };
    case 'benefitRestrictionChanged':
      return { ja: '給付制限が変わりました', en: 'Benefit restriction changed' };
    case 'disqualified':
      return { ja: `資格を喪失しました（${wareki(detail.disqualifiedOn)}）`, en: `No longer insured (from ${detail.disqualifiedOn})` };
    case 'identityChanged':
      return { ja: '氏名・住所などの本人情報が変わりました', en: 'Name, address or other personal details changed' };
    case 'insuredAdded':
      return { ja: '利用者として登録されました', en: 'Added as a person served' };
  }
}

/** An instant as people in Japan read it: 令和8年7月10日 10:00 (Japan time). */
export function instantLabel(instant: string): string {
  const at = new Date(instant);
  if (Number.isNaN(at.getTime())) return instant;
  return `${wareki(tokyoDate(at))} ${tokyoClock(at)}`;
}

export interface AcknowledgementView {
  readonly staffId: string;
  readonly staffName: string;
  readonly acknowledgedAt: string;
  readonly acknowledgedAtLabel: string;
  /** Made on this device and not yet on the server. */
  readonly pending: boolean;
}

export interface ProviderStatus {
  readonly providerNumber: string;
  readonly name: string;
  /** Oldest first; empty = 未確認. */
  readonly acknowledgements: readonly AcknowledgementView[];
}

export interface NoticeItem {
  readonly eventId: number;
  readonly insurerNumber: string;
  readonly insuredNumber: string;
  /** The person's name from the stored list, or null when the device does not hold them. */
  readonly personName: string | null;
  readonly change: BiText;
  readonly recordedAt: string;
  readonly recordedAtLabel: string;
  /** This staff member's own acknowledgement, if any. */
  readonly mine: AcknowledgementView | null;
  /** Per provider serving the person (the caller's own office only, unless a care manager's office). */
  readonly providers: readonly ProviderStatus[];
}

export interface NoticePeople {
  /** Name by insuredKey(insurer, insured). */
  readonly names: ReadonlyMap<string, string>;
}

function toAckView(ack: StoredNoticeAcknowledgement): AcknowledgementView {
  return { staffId: ack.staffId, staffName: ack.staffName, acknowledgedAt: ack.acknowledgedAt, acknowledgedAtLabel: instantLabel(ack.acknowledgedAt), pending: ack.ackSeq === null };
}

const byTime = (a: { acknowledgedAt: string }, b: { acknowledgedAt: string }): number => Date.parse(a.acknowledgedAt) - Date.parse(b.acknowledgedAt);

/** Per serving provider, who acknowledged (oldest first); an acknowledging office no longer listed is added after them. */
export function providerStatuses(notice: Pick<Notice, 'servingProviders'>, acks: readonly StoredNoticeAcknowledgement[]): ProviderStatus[] {
  const statuses = notice.servingProviders.map((p) => ({ providerNumber: p.providerNumber, name: p.name, acks: [] as StoredNoticeAcknowledgement[] }));
  for (const ack of acks) {
    let status = statuses.find((s) => s.providerNumber === ack.providerNumber);
    if (!status) {
      status = { providerNumber: ack.providerNumber, name: ack.providerNumber, acks: [] };
      statuses.push(status);
    }
    status.acks.push(ack);
  }
  return statuses.map((s) => ({ providerNumber: s.providerNumber, name: s.name, acknowledgements: [...s.acks].sort(byTime).map(toAckView) }));
}

/**
 * Within one recording (a feed brings many changes at once), what changes the visit or the bill comes first:
 * a lost qualification, the burden ratio, the care level, then the certification, then the documents.
 */
const KIND_RANK: Record<Notice['detail']['kind'], number> = {
  disqualified: 0,
  burdenRatioChanged: 1,
  careLevelChanged: 2,
  certificationRenewed: 3,
  benefitRestrictionChanged: 4,
  costLimitChanged: 5,
  certificationProgress: 6,
  doctorOpinionReceived: 7,
  assessmentSurveyReceived: 8,
  identityChanged: 9,
  insuredAdded: 10,
};

/** Newest first: by when the platform recorded the change, then by kind (KIND_RANK), then by event id. */
function newestFirst(a: Notice, b: Notice): number {
  return (
    Date.parse(b.recordedAt) - Date.parse(a.recordedAt) ||
    KIND_RANK[a.detail.kind] - KIND_RANK[b.detail.kind] ||
    b.eventId - a.eventId
  );
}

/** The notices as the screens list them, newest first. */
export function buildNoticeItems(notices: readonly Notice[], acks: readonly StoredNoticeAcknowledgement[], staffId: string, people: NoticePeople): NoticeItem[] {
  const acksByEvent = new Map<number, StoredNoticeAcknowledgement[]>();
  for (const ack of acks) acksByEvent.set(ack.eventId, [...(acksByEvent.get(ack.eventId) ?? []), ack]);
  return [...notices].sort(newestFirst).map((notice) => {
    const forEvent = acksByEvent.get(notice.eventId) ?? [];
    const mine = forEvent.find((a) => a.staffId === staffId);
    return {
      eventId: notice.eventId,
      insurerNumber: notice.insurerNumber,
      insuredNumber: notice.insuredNumber,
      personName: people.names.get(insuredKey(notice.insurerNumber, notice.insuredNumber)) ?? null,
      change: describeChange(notice.detail),
      recordedAt: notice.recordedAt,
      recordedAtLabel: instantLabel(notice.recordedAt),
      mine: mine ? toAckView(mine) : null,
      providers: providerStatuses(notice, forEvent),
    };
  });
}

/** Unread first (each group newest first, as given). */
export function splitByRead(items: readonly NoticeItem[]): { unread: NoticeItem[]; read: NoticeItem[] } {
  return { unread: items.filter((i) => i.mine === null), read: items.filter((i) => i.mine !== null) };
}

/** How many notices each person has that `staffId` has not acknowledged, by insuredKey; people with none are absent. */
export function unacknowledgedCounts(notices: readonly Notice[], acks: readonly StoredNoticeAcknowledgement[], staffId: string): Map<string, number> {
  const mine = new Set(acks.filter((a) => a.staffId === staffId).map((a) => a.eventId));
  const counts = new Map<string, number>();
  for (const notice of notices) {
    if (mine.has(notice.eventId)) continue;
    const key = insuredKey(notice.insurerNumber, notice.insuredNumber);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** The sum of the counts (the header's badge). */
export function totalUnacknowledged(counts: ReadonlyMap<string, number>): number {
  let total = 0;
  for (const n of counts.values()) total += n;
  return total;
}
