/**
 * The shapes of the files the demo command writes besides the insurer feeds (which follow FeedFile in
 * src/protocol/feed.ts): the organisations file the database is seeded from, and the records of an insurer
 * not yet on the platform, to be entered by hand as paper fallback.
 */
import { z } from 'zod';
import { InsuredRecordContent, Insurer, InsurerNumber, IsoDate, Provider, Staff } from '../../src/domain/index.ts';
import { DemoLink } from './generate-demo-data.ts';

/** `organisations.json`: who is who in the demo, and which provider serves which person. */
export const DemoOrganisationsFile = z.object({
  format: z.literal('tsunagi-demo-organisations'),
  version: z.literal(1),
  seed: z.number().int(),
  size: z.number().int().positive(),
  today: IsoDate,
  insurers: z.array(Insurer),
  providers: z.array(Provider),
  staff: z.array(Staff),
  links: z.array(DemoLink),
});
export type DemoOrganisationsFile = z.infer<typeof DemoOrganisationsFile>;

/** `paper-<insurerNumber>.json`: the cards of an insurer not on the platform, as a care manager would copy them. */
export const PaperRecordsFile = z.object({
  format: z.literal('tsunagi-paper-records'),
  version: z.literal(1),
  insurerNumber: InsurerNumber,
  insurerName: z.string().min(1),
  records: z.array(InsuredRecordContent),
});
export type PaperRecordsFile = z.infer<typeof PaperRecordsFile>;
