/**
 * Why the server refused a pushed mutation, as stable codes with the message the tablet shows (Japanese,
 * English beside it). A refused mutation still counts as done: it never blocks the ones queued behind it.
 */
export const REJECTION_REASONS = {
  unsupportedVersion: { ja: 'この形式の変更はサーバーで扱えません。アプリを更新してください。', en: 'The server cannot handle this version of the change. Please update the app.' },
  invalidArgs: { ja: '変更の内容が正しくないため、記録できませんでした。', en: 'The change was malformed and could not be recorded.' },
  staffNotAllowed: { ja: 'この職員は、この端末の事業所で記録できません（退職済み、または別の事業所の職員です）。', en: 'This staff member cannot record changes for this office (retired or of another office).' },
  personNotServed: { ja: 'この利用者は、この事業所の利用者として登録されていません。', en: 'This person is not served by this office.' },
  noticeNotFound: { ja: 'このお知らせは見つからないか、この事業所の利用者に関するものではありません。', en: 'The notice was not found or is not about a person this office serves.' },
  paperRoleNotAllowed: {
    ja: '紙の証からの登録は、ケアマネジャーと管理者だけができます。',
    en: 'Only care managers and administrators can enter records from paper cards.',
  },
  paperInsurerUnknown: { ja: 'この保険者はプラットフォームに登録されていません。保険者番号を確認してください。', en: 'This insurer is not known to the platform. Check the insurer number.' },
  paperInsurerOnPlatform: {
    ja: 'この保険者は入力した日にはプラットフォームに参加済みです。紙からではなく、プラットフォームの情報を使ってください。',
    en: 'This insurer was already on the platform on the day of entry. Use the platform data instead of the paper card.',
  },
  paperPlatformRecordExists: {
    ja: 'この利用者にはプラットフォームの情報が既にあります。紙の内容では上書きできません。',
    en: 'The platform already holds a record for this person; a paper entry cannot replace it.',
  },
  paperRecordExists: {
    ja: 'この利用者は既に紙から登録されています。同期してから利用者の画面を開き、「紙の内容を修正」で直してください。',
    en: 'This person was already entered from paper. Sync, open the person and use "Correct paper entry".',
  },
  paperRecordStale: {
    ja: '紙から登録した内容が、この修正の間に他の端末で変更されていました。最新の内容を確認してから、もう一度修正してください。',
    en: 'The paper record was changed on another device meanwhile. Check the latest entry and correct it again.',
  },
} as const satisfies Record<string, { ja: string; en: string }>;

export type RejectionCode = keyof typeof REJECTION_REASONS;

/** The `reason` of a rejected MutationResult. */
export function rejectionReason(code: RejectionCode): { code: RejectionCode; message: string } {
  return { code, message: REJECTION_REASONS[code].ja };
}
