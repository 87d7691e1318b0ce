/**
 * Synthetic demo data for Tsunagi: `generateDemoData` builds a deterministic dataset (insurers, providers,
 * staff, insured records, certification documents, who serves whom); `findDemoExamples` points at its notable
 * people; `buildDemoFiles` turns it into the feed, paper and organisations files the demo command writes.
 */
export { generateDemoData, DemoOptions, DemoLink, DEFAULT_DEMO_SIZE, type DemoDataset } from './generate-demo-data.ts';
export { findDemoExamples, burdenRatioOn, type DemoExample, type DemoExamples, type BurdenRatioChangeExample } from './find-demo-examples.ts';
export { buildDemoFiles, type DemoFile } from './build-demo-files.ts';
export { DemoOrganisationsFile, PaperRecordsFile } from './demo-file-schemas.ts';
export { summariseDemoData, type DemoSummary } from './summarise-demo-data.ts';
export { isInsurerLive } from './is-insurer-live.ts';
export { DemoDataError, type DemoErrorCode } from './demo-error.ts';
export { DEMO_CARE_MANAGEMENT_OFFICE, DEMO_PROVIDERS, DEMO_TOWNS } from './demo-organisations.ts';
