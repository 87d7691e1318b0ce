/** 要介護状態区分: the care levels of the long-term-care insurance, in ascending need. */
import { z } from 'zod';

export const CARE_LEVELS = [
  'notApplicable',
  'programTarget',
  'support1',
  'support2',
  'care1',
  'care2',
  'care3',
  'care4',
  'care5',
] as const;

export const CareLevel = z.enum(CARE_LEVELS);
export type CareLevel = z.infer<typeof CareLevel>;

/** Japanese labels as printed on the 被保険者証. */
export const CARE_LEVEL_LABEL_JA: Record<CareLevel, string> = {
  notApplicable: '非該当',
  programTarget: '事業対象者',
  support1: '要支援1',
  support2: '要支援2',
  care1: '要介護1',
  care2: '要介護2',
  care3: '要介護3',
  care4: '要介護4',
  care5: '要介護5',
};

export const CARE_LEVEL_LABEL_EN: Record<CareLevel, string> = {
  notApplicable: 'Not applicable',
  programTarget: 'Program target',
  support1: 'Support 1',
  support2: 'Support 2',
  care1: 'Care 1',
  care2: 'Care 2',
  care3: 'Care 3',
  care4: 'Care 4',
  care5: 'Care 5',
};
