/** English labels of the paper-entry screen, under the Japanese. */
import type { jaPaper } from './ja-paper.ts';

export const enPaper: Record<keyof typeof jaPaper, string> = {
  paperNewButton: 'Enter from paper card',
  paperEditButton: 'Correct paper entry',
  paperMark: 'Paper',
  paperNewHeading: 'Enter from paper card',
  paperEditHeading: 'Correct paper entry',
  paperIntro: 'For people whose insurer is not yet on the platform: type the paper insurance card and burden ratio card. The record is marked "Copied from paper".',
  paperEnteredByLine: 'Entered by: {name}',
  paperNoInsurers: 'This device knows no insurer that is off the platform today. Paper entry is only for people of such insurers.',
  paperInsuredCard: 'Insurance card',
  paperNextPeriodHint: 'Only when the card prints a second period (e.g. 30% from 1 August), enter the next period.',
  paperBurdenCard: 'Burden ratio card',
  paperChoose: 'Choose',
  paperSexMale: 'Male',
  paperSexFemale: 'Female',
  paperDateHint: 'Japanese or Western calendar (e.g. 令和8年8月1日, R8.8.1, 2026/8/1)',
  paperUnitsHint: 'Leave blank to use the limit of the care level',
  paperOptional: 'optional',
  paperSave: 'Save',
  paperSaving: 'Saving…',
  paperCancel: 'Cancel',
  paperErrorSummary: 'Please check the entry ({count})',
  paperNotPaper: 'This record did not come from paper, so it cannot be corrected here.',
  paperSaveFailed: 'Could not save.',
  syncRejectedPaperRecordEntered: 'A paper entry. What you typed is still on this device: read the reason, sync, and check the person.',
};
