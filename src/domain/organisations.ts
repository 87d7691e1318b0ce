/** Insurers (保険者), providers (事業所) and staff (職員): who feeds and who reads the platform. */
import { z } from 'zod';
import { InsurerNumber, IsoDate, ProviderNumber } from './identifiers.ts';

/** 保険者: platform status is live from a date, or not yet on the platform (null). */
export const Insurer = z.object({
  insurerNumber: InsurerNumber,
  name: z.string().min(1).max(60),
  prefecture: z.string().min(1).max(10),
  platformLiveFrom: IsoDate.nullable(),
});
export type Insurer = z.infer<typeof Insurer>;

/** 地域区分: grades 1 (1級地) … 7 (7級地) and 8 (その他). */
export const AreaGrade = z.number().int().min(1).max(8);
export type AreaGrade = z.infer<typeof AreaGrade>;

export const ProviderKind = z.enum(['careManagementOffice', 'serviceProvider']);
export type ProviderKind = z.infer<typeof ProviderKind>;

/** サービス種類コード (2 digits), e.g. "11" 訪問介護, "43" 居宅介護支援. */
export const ServiceKindCode = z.string().regex(/^[0-9A-Z]{2}$/);

export const Provider = z.object({
  providerNumber: ProviderNumber,
  name: z.string().min(1).max(100),
  kind: ProviderKind,
  serviceKinds: z.array(ServiceKindCode).min(1),
  areaGrade: AreaGrade,
  address: z.string().max(200),
});
export type Provider = z.infer<typeof Provider>;

export const StaffRole = z.enum(['helper', 'careManager', 'admin']);
export type StaffRole = z.infer<typeof StaffRole>;

export const Staff = z.object({
  staffId: z.string().regex(/^[a-z0-9-]{3,40}$/),
  providerNumber: ProviderNumber,
  name: z.string().min(1).max(60),
  role: StaffRole,
});
export type Staff = z.infer<typeof Staff>;
