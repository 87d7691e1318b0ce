/** The rules of the long-term-care insurance: versioned figures and the pure calculations built on them. */
export * from './rule-error.ts';
export * from './rule-table.ts';
export * from './rule-set.ts';
export * from './benefit-limit.ts';
export * from './service-kinds.ts';
export * from './unit-price.ts';
export * from './monthly-copay.ts';
export * from './burden-ratio.ts';
export * from './burden-ratio-periods.ts';
export * from './high-cost-cap.ts';
export * from './cost-limit.ts';
export * from './home-modification.ts';
export * from './welfare-equipment.ts';
export * from './certification-expiry.ts';
export { fiscalYearOf, fiscalYearPeriod } from '../dates.ts';
