/** The pure domain: schemas and rules with no IO. */
export * from './identifiers.ts';
export * from './care-level.ts';
export * from './insured.ts';
export * from './documents.ts';
export * from './organisations.ts';
export * from './change-event.ts';
export * from './dates.ts';
export * from './wareki.ts';
export * from './rules/index.ts';
export * from './credential-expiry.ts';
export * from './staff-pin.ts';
