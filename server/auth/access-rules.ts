/**
 * Who may do what, as one table: the roles allowed per resource, and the provider rule (staff read only their
 * own office's people; a person must be linked to that office). Consent rules (access grants) come on top of
 * this later. Pure, so the access matrix is tested cell by cell against the routes and against this table.
 */
import type { ProviderKind, StaffRole } from '../../src/domain/organisations.ts';

export const RESOURCES = ['providers', 'peopleList', 'person', 'documents', 'changeEvents', 'notices', 'deviceAudit', 'administration', 'auditLog'] as const;
export type Resource = (typeof RESOURCES)[number];

export const ACCESS_TABLE: Record<Resource, readonly StaffRole[]> = {
  providers: ['helper', 'careManager', 'admin'],
  peopleList: ['helper', 'careManager', 'admin'],
  person: ['helper', 'careManager', 'admin'],
  // 主治医意見書 and 認定調査票: the care manager's working documents, nobody else's.
  documents: ['careManager'],
  changeEvents: ['helper', 'careManager', 'admin'],
  // Change notices and who acknowledged them (POST /api/v1/sync/notices); document notices need `documents` too.
  notices: ['helper', 'careManager', 'admin'],
  deviceAudit: ['helper', 'careManager', 'admin'],
  administration: ['admin'],
  auditLog: ['admin'],
};

export function roleMay(role: StaffRole, resource: Resource): boolean {
  return ACCESS_TABLE[resource].includes(role);
}

/** Staff act for their own office only. */
export function mayActForProvider(staffProviderNumber: string, providerNumber: string): boolean {
  return staffProviderNumber === providerNumber;
}

/**
 * Whether the staff member follows a person's whole care network: every provider serving the person and who
 * of their staff acknowledged each notice. Only a care manager of a care-management office (the one who
 * checks that everybody saw a change); everyone else sees their own office only.
 */
export function followsCareNetwork(role: StaffRole, providerKind: ProviderKind): boolean {
  return role === 'careManager' && providerKind === 'careManagementOffice';
}
