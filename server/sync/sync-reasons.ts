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
} as const satisfies Record<string, { ja: string; en: string }>;

export type RejectionCode = keyof typeof REJECTION_REASONS;

/** The `reason` of a rejected MutationResult. */
export function rejectionReason(code: RejectionCode): { code: RejectionCode; message: string } {
  return { code, message: REJECTION_REASONS[code].ja };
}
